package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Transparent huge pages: {@code always} WARNs with the command that changes it, {@code madvise} and {@code never}
 * pass.
 */
final class HugePagesCheckTest
{
    @TempDir
    Path root;

    @Test
    void shouldWarnOfAlways() throws Exception
    {
        assertEquals(new Finding("huge pages", Severity.WARN, "transparent huge pages always: 2 MiB page faults and " +
            "compaction stall workers, and RSS grows in 2 MiB steps",
            "echo madvise > /sys/kernel/mm/transparent_hugepage/enabled (keep it with transparent_hugepage=madvise " +
            "on the kernel command line)"), check("[always] madvise never"));
    }

    @Test
    void shouldPassMadviseAndNever() throws Exception
    {
        assertEquals(new Finding("huge pages", Severity.OK, "transparent huge pages madvise", ""),
            check("always [madvise] never"));
        assertEquals(Severity.OK, check("always madvise [never]").severity());
    }

    private Finding check(final String enabled) throws Exception
    {
        return new HugePagesCheck().run(FakeHost.server(FakeHost.engine(), root), new FakeHost(root)
            .file("/sys/kernel/mm/transparent_hugepage/enabled", enabled + "\n")
            .facts());
    }
}
