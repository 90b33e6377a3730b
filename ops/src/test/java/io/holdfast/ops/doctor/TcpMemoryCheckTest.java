package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code net.ipv4.tcp_mem}'s pressure threshold, in 4 KiB pages, against {@code holdfast.max.pending.total}
 * (128 MiB, 32,768 pages, by default).
 */
final class TcpMemoryCheckTest
{
    @TempDir
    Path root;

    @Test
    void shouldPassAPressureThresholdThatHoldsThePendingTotal() throws Exception
    {
        assertEquals(new Finding("tcp memory", Severity.OK, "net.ipv4.tcp_mem pressure at 128 MiB (32768 pages of " +
            "4096 bytes), holdfast.max.pending.total 128 MiB", ""), check("16384\t32768\t49152"));
    }

    @Test
    void shouldWarnOfAPressureThresholdOnePageBelowThePendingTotal() throws Exception
    {
        final Finding finding = check("30000\t32767\t40000");

        assertEquals(Severity.WARN, finding.severity());
        assertEquals("sysctl -w net.ipv4.tcp_mem='30000 32768 49152' (and in /etc/sysctl.d/ to keep it), or lower " +
            "holdfast.max.pending.total", finding.fix());
    }

    @Test
    void shouldRefuseATcpMemWithoutThreeNumbers()
    {
        final HostFactException ex = assertThrows(HostFactException.class, () -> check("1 2"));

        assertEquals("expected 3 numbers in /proc/sys/net/ipv4/tcp_mem, found 2", ex.getMessage());
    }

    private Finding check(final String tcpMem) throws Exception
    {
        return new TcpMemoryCheck().run(FakeHost.server(FakeHost.engine(), root),
            new FakeHost(root).sysctl("net.ipv4.tcp_mem", tcpMem).facts());
    }
}
