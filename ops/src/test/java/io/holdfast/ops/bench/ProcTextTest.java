package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parsing what Linux reports about a process, from recorded samples and from this JVM's own /proc files.
 */
final class ProcTextTest
{
    @Test
    void shouldAddUserAndSystemTicksFromStat()
    {
        final String stat = "16392 (bash) S 16363 16392 16392 0 -1 4194560 3114 50836 0 5 120 31 30 6 20 0 1 0 " +
            "857588 5124096 915 18446744073709551615 94225620168704 94225620958109";

        assertEquals(151, ProcText.cpuTicks(stat));
    }

    @Test
    void shouldReadStatOfACommandNameWithSpacesAndParentheses()
    {
        final String stat = "42 (a (b) c) R 1 42 42 0 -1 4194560 0 0 0 0 7 8 0 0 20 0 4 0 100 1000 10";

        assertEquals(15, ProcText.cpuTicks(stat));
    }

    @Test
    void shouldReadVmRssFromStatus()
    {
        final String status = "Name:\tjava\nVmPeak:\t 2681576 kB\nVmRSS:\t  166560 kB\nRssAnon:\t  150000 kB\n";

        assertEquals(166_560, ProcText.vmRssKib(status));
    }

    @Test
    void shouldReadRssFromPmapTotalLine()
    {
        assertEquals(166_560, ProcText.pmapRssKib("total kB         2681576  166560  152948"));
        assertEquals(3_916, ProcText.pmapRssKib("total kB            5008    3916     960\n"));
    }

    @Test
    void shouldRejectOtherForms()
    {
        assertThrows(IllegalArgumentException.class, () -> ProcText.cpuTicks("no parentheses here"));
        assertThrows(IllegalArgumentException.class, () -> ProcText.cpuTicks("1 (x) S 1 2"));
        assertThrows(IllegalArgumentException.class, () -> ProcText.vmRssKib("Name:\tzombie\nState:\tZ\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcText.pmapRssKib("---------------- ------- -------"));
    }

    @Test
    void shouldProbeThisProcess() throws Exception
    {
        final ProcessProbe probe = ProcessProbe.create();
        final long pid = ProcessHandle.current().pid();

        assertTrue(probe.cpuSeconds(pid) > 0);
        final long vmRssKib = probe.vmRssKib(pid);
        final long pmapKib = probe.pmapRssKib(pid);
        assertTrue(vmRssKib > 0 && pmapKib > 0, vmRssKib + " " + pmapKib);
    }
}
