package io.holdfast.ops.doctor;

import io.holdfast.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listen and admin ports, bound for real on 127.0.0.1: free, taken (also by a listener that shares its port as
 * the engine's do), an address that does not resolve, and the admin endpoint off.
 */
final class PortCheckTest
{
    @TempDir
    Path root;

    @Test
    void shouldPassAFreePortAndPortZero() throws Exception
    {
        final int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(loopback(0)))
        {
            port = ((InetSocketAddress)probe.getLocalAddress()).getPort();
        }

        assertEquals(new Finding("listen port", Severity.OK, "127.0.0.1:" + port + " is free", ""), listen(port));
        assertEquals(new Finding("listen port", Severity.OK, "127.0.0.1:0 can be bound (a free port is picked)", ""),
            listen(0));
    }

    @Test
    void shouldFailATakenPortInServesOwnWords() throws Exception
    {
        try (ServerSocketChannel taken = ServerSocketChannel.open().bind(loopback(0)))
        {
            final int port = ((InetSocketAddress)taken.getLocalAddress()).getPort();

            final Finding finding = listen(port);

            assertEquals(Severity.FAIL, finding.severity());
            assertEquals("cannot listen on 127.0.0.1:" + port + ": Address already in use (ss -ltnp 'sport = :" +
                port + "' shows what listens there)", finding.detail());
            assertEquals("set holdfast.listen.address or holdfast.listen.port (0 picks a free port)", finding.fix());
        }
    }

    @Test
    void shouldFailAPortAnotherServerSharesWithSoReusePort() throws Exception
    {
        try (ServerSocketChannel running = ServerSocketChannel.open())
        {
            running.setOption(StandardSocketOptions.SO_REUSEADDR, Boolean.TRUE);
            running.setOption(StandardSocketOptions.SO_REUSEPORT, Boolean.TRUE);
            running.bind(loopback(0));

            final Finding finding = listen(((InetSocketAddress)running.getLocalAddress()).getPort());

            assertEquals(Severity.FAIL, finding.severity(), finding.text());
        }
    }

    @Test
    void shouldFailAnAddressThatDoesNotResolve()
    {
        final EngineConfig engine = FakeHost.engine().listenAddress("nonexistent.invalid").listenPort(0);

        final Finding finding = PortCheck.listen().run(FakeHost.server(engine, root), new FakeHost(root).facts());

        assertEquals(Severity.FAIL, finding.severity());
        assertEquals("cannot listen on nonexistent.invalid:0: the address does not resolve", finding.detail());
    }

    @Test
    void shouldCheckTheAdminPortOnlyWhenTheEndpointRuns() throws Exception
    {
        try (ServerSocketChannel taken = ServerSocketChannel.open().bind(loopback(0)))
        {
            final int port = ((InetSocketAddress)taken.getLocalAddress()).getPort();

            final Finding on = PortCheck.admin().run(
                new PlannedServer(FakeHost.engine(), root, true, "127.0.0.1", port, Map.of()), new FakeHost(root).facts());
            final Finding off = PortCheck.admin().run(
                new PlannedServer(FakeHost.engine(), root, false, "127.0.0.1", port, Map.of()), new FakeHost(root).facts());

            assertEquals(Severity.FAIL, on.severity());
            assertTrue(on.text().startsWith("cannot open the admin endpoint on 127.0.0.1:" + port + ": "), on.text());
            assertTrue(on.fix().endsWith("or holdfast.admin.enabled=false"), on.fix());
            assertEquals(
                new Finding("admin port", Severity.OK, "admin endpoint off (holdfast.admin.enabled=false)", ""), off);
        }
    }

    private Finding listen(final int port)
    {
        final EngineConfig engine = FakeHost.engine().listenAddress("127.0.0.1").listenPort(port);
        return PortCheck.listen().run(FakeHost.server(engine, root), new FakeHost(root).facts());
    }

    private static InetSocketAddress loopback(final int port)
    {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
