package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Swap and {@code vm.swappiness}: no swap passes whatever the swappiness, swap WARNs above a swappiness of 10.
 */
final class SwapCheckTest
{
    @TempDir
    Path root;

    @Test
    void shouldPassAHostWithoutSwap() throws Exception
    {
        assertEquals(new Finding("swap", Severity.OK, "SwapTotal 0 kB, vm.swappiness 60: no swap", ""),
            check(0, "60"));
    }

    @Test
    void shouldWarnOfSwapWithASwappinessAboveTen() throws Exception
    {
        assertEquals(new Finding("swap", Severity.WARN, "SwapTotal 2097148 kB, vm.swappiness 11: the kernel may " +
            "swap out a worker's pages, stalling its connections",
            "sysctl -w vm.swappiness=1 (and in /etc/sysctl.d/ to keep it), or swapoff -a"), check(2_097_148, "11"));
        assertEquals(Severity.OK, check(2_097_148, "10").severity());
    }

    private Finding check(final long swapTotalKib, final String swappiness) throws Exception
    {
        return new SwapCheck().run(FakeHost.server(FakeHost.engine(), root), new FakeHost(root)
            .file("/proc/meminfo", "MemTotal:       24684084 kB\nSwapCached:            0 kB\n" +
                "SwapTotal:       " + swapTotalKib + " kB\nSwapFree:        " + swapTotalKib + " kB\n")
            .sysctl("vm.swappiness", swappiness)
            .facts());
    }
}
