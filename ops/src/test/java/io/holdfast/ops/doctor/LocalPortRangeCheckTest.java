package io.holdfast.ops.doctor;

import io.holdfast.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ephemeral port range a {@code holdfast load} client on this host draws from, against the connections the
 * server takes: the configured limit, or what {@code auto} comes to.
 */
final class LocalPortRangeCheckTest
{
    private static final String DEBIAN_DEFAULT = "32768\t60999";

    @TempDir
    Path root;

    @Test
    void shouldPassTheDefaultRangeForWhatAutoComesTo() throws Exception
    {
        assertEquals(new Finding("local ports", Severity.OK, "net.ipv4.ip_local_port_range 32768-60999: 28232 ports " +
            "per source address for holdfast load clients on this host", ""),
            check(FakeHost.engine(), DEBIAN_DEFAULT));
    }

    @Test
    void shouldWarnOfARangeNarrowerThanTheConnectionLimit() throws Exception
    {
        final Finding exact = check(FakeHost.engine().maxConnections(28_232), DEBIAN_DEFAULT);
        final Finding narrow = check(FakeHost.engine().maxConnections(28_233), DEBIAN_DEFAULT);

        assertEquals(Severity.OK, exact.severity(), exact.text());
        assertEquals(Severity.WARN, narrow.severity());
        assertTrue(narrow.detail().endsWith(", fewer than the 28233 connections to test"), narrow.detail());
        assertEquals("sysctl -w net.ipv4.ip_local_port_range='1024 65535', or give holdfast load " +
            "--source-addresses (each address has its own ports)", narrow.fix());
    }

    private Finding check(final EngineConfig engine, final String range) throws Exception
    {
        return new LocalPortRangeCheck().run(FakeHost.server(engine, root),
            new FakeHost(root).sysctl("net.ipv4.ip_local_port_range", range).facts());
    }
}
