package io.holdfast.ops.doctor;

/**
 * Swap with a {@code vm.swappiness} that lets the kernel use it early: a worker's page swapped out stalls that
 * worker, and every connection it owns, for a disk read the moment the page is touched again.
 */
final class SwapCheck implements HostCheck
{
    static final String NAME = "swap";
    /** Swappiness at or below this keeps anonymous memory in RAM until memory is really short. */
    static final int MAX_SWAPPINESS = 10;
    private static final String SWAPPINESS = "vm.swappiness";

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host) throws HostFactException
    {
        final long swapKib = host.meminfoKib("SwapTotal");
        final long swappiness = host.sysctl(SWAPPINESS)[0];
        final String seen = "SwapTotal " + swapKib + " kB, " + SWAPPINESS + " " + swappiness;
        if (swapKib == 0)
        {
            return Finding.ok(NAME, seen + ": no swap");
        }
        if (swappiness > MAX_SWAPPINESS)
        {
            return Finding.warn(NAME, seen + ": the kernel may swap out a worker's pages, stalling its connections",
                "sysctl -w " + SWAPPINESS + "=1 (and in /etc/sysctl.d/ to keep it), or swapoff -a");
        }
        return Finding.ok(NAME, seen);
    }
}
