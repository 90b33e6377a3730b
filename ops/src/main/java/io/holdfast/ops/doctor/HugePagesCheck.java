package io.holdfast.ops.doctor;

/**
 * Transparent huge pages set to {@code always}: the kernel backs any large enough mapping with 2 MiB pages, so a
 * page fault may zero 2 MiB, khugepaged compacts memory behind the process, and lightly used memory grows the
 * resident set in 2 MiB steps. {@code madvise} leaves huge pages to the programs that ask for them.
 */
final class HugePagesCheck implements HostCheck
{
    static final String NAME = "huge pages";
    private static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host) throws HostFactException
    {
        final String mode = host.transparentHugePages();
        final String seen = "transparent huge pages " + mode;
        if ("always".equals(mode))
        {
            return Finding.warn(NAME, seen + ": 2 MiB page faults and compaction stall workers, and RSS grows " +
                "in 2 MiB steps",
                "echo madvise > " + ENABLED + " (keep it with transparent_hugepage=madvise on the kernel command " +
                "line)");
        }
        return Finding.ok(NAME, seen);
    }
}
