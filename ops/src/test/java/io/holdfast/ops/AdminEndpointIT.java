package io.holdfast.ops;

import io.holdfast.engine.JdkWebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.Map.entry;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin endpoint of the server started by the real launcher: {@code /metrics} and {@code /stats} count real
 * WebSocket traffic (echo, a heartbeat, a client close, a 404 handshake) and pass {@code promtool} and Python's JSON
 * parser, {@code /health} turns 503 while a SIGTERM shutdown waits for a client, a taken admin port stops the
 * server with one line, and a disabled endpoint listens nowhere.
 */
@Timeout(value = 60, unit = SECONDS)
final class AdminEndpointIT
{
    private static final String ADMIN_ANY_PORT = "holdfast.admin.port=0";
    private static final String HEARTBEAT = "{\"type\":\"ping\"}";
    private static final String HEARTBEAT_REPLY = "{\"type\":\"pong\"}";
    private static final int UPGRADE_MS = 5_000;
    private static final long POLL_MS = 20;
    /** The shutdown timeout, 5 s, plus a margin for the JVM to exit. */
    private static final long SHUTDOWN_EXIT_SECONDS = 10;
    private static final String LISTEN_STATE = "0A";

    @TempDir
    Path directory;

    @Test
    void metricsAndStatsShouldCountTrafficAndPassPromtoolAndJson() throws Exception
    {
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT,
            ADMIN_ANY_PORT, NO_STATUS, dir()))
        {
            final Matcher listening = holdfast.awaitListening();
            final int port = Integer.parseInt(listening.group(1));
            final String path = listening.group(2);
            final int adminPort = holdfast.adminPort();
            assertEquals(Set.of(port, adminPort), listeningPorts(holdfast.pid()));
            final AdminClient admin = new AdminClient(adminPort);

            final JdkWebSocketClient closing = JdkWebSocketClient.connect(HoldfastProcess.uri(port, path));
            for (int i = 0; i < 3; i++)
            {
                assertEquals("hello " + i, closing.roundTrip("hello " + i));
            }
            assertEquals(HEARTBEAT_REPLY, closing.roundTrip(HEARTBEAT));
            closing.closeNormally();
            final JdkWebSocketClient open = JdkWebSocketClient.connect(HoldfastProcess.uri(port, path));
            assertEquals("still here", open.roundTrip("still here"));
            assertThrows(ExecutionException.class,
                () -> JdkWebSocketClient.connect(HoldfastProcess.uri(port, "/no-such-path")));

            final Map<String, String> expected = Map.ofEntries(
                entry("holdfast_connections_active", "1"),
                entry("holdfast_connections_opened_total", "2"),
                entry("holdfast_connections_closed_total{reason=\"client_close\"}", "1"),
                entry("holdfast_connections_closed_total{reason=\"idle_timeout\"}", "0"),
                entry("holdfast_connections_closed_total{reason=\"connection_lost\"}", "0"),
                entry("holdfast_handshakes_accepted_total", "2"),
                entry("holdfast_handshakes_rejected_total{status=\"404\"}", "1"),
                entry("holdfast_handshakes_rejected_total{status=\"400\"}", "0"),
                entry("holdfast_messages_received_total", "5"),
                entry("holdfast_messages_sent_total", "5"),
                entry("holdfast_pings_received_total", "1"),
                entry("holdfast_pongs_sent_total", "1"),
                entry("holdfast_pending_output_bytes", "0"),
                entry("holdfast_errors_total", "0"));
            final String metrics = AdminPages.awaitMetrics(admin, expected);
            final Map<String, String> samples = AdminPages.parseMetrics(metrics);
            assertEquals(new TreeMap<>(expected), pick(samples, expected.keySet()), metrics);
            assertTrue(Long.parseLong(samples.get("holdfast_bytes_received_total")) > 0, metrics);
            assertTrue(Long.parseLong(samples.get("holdfast_bytes_sent_total")) > 0, metrics);
            assertTrue(Long.parseLong(samples.get("holdfast_jvm_heap_used_bytes")) > 0, metrics);
            AdminPages.assertPromtoolAccepts(metrics);

            final HttpResponse<String> stats = admin.get("/stats");
            assertEquals(200, stats.statusCode());
            final Map<String, String> leaves = AdminPages.parseJson(stats.body());
            assertEquals(new TreeMap<>(Map.ofEntries(
                entry("state", "\"serving\""),
                entry("connections.active", "1"),
                entry("connections.opened", "2"),
                entry("connections.closed", "1"),
                entry("connections.closedByReason.client_close", "1"),
                entry("handshakes.accepted", "2"),
                entry("handshakes.rejected", "1"),
                entry("handshakes.rejectedByStatus.404", "1"),
                entry("messages.received", "5"),
                entry("messages.sent", "5"),
                entry("heartbeats.pingsReceived", "1"),
                entry("heartbeats.pongsSent", "1"),
                // Nothing moved since /metrics was read: the same counters give the same bytes.
                entry("bytes.received", samples.get("holdfast_bytes_received_total")),
                entry("bytes.sent", samples.get("holdfast_bytes_sent_total")),
                entry("errors", "0"))),
                pick(leaves, Set.of("state", "connections.active", "connections.opened", "connections.closed",
                    "connections.closedByReason.client_close", "handshakes.accepted", "handshakes.rejected",
                    "handshakes.rejectedByStatus.404", "messages.received", "messages.sent",
                    "heartbeats.pingsReceived", "heartbeats.pongsSent", "bytes.received", "bytes.sent", "errors")),
                stats.body());

            open.closeNormally();
            assertEquals(0, holdfast.terminate());
            holdfast.assertNoStackTraceOrWorkerError();
        }
    }

    @Test
    void healthShouldBeOkWhileServingAndUnavailableWhileShuttingDown() throws Exception
    {
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT,
            ADMIN_ANY_PORT, NO_STATUS, dir(), "holdfast.shutdown.timeout=5s"))
        {
            final Matcher listening = holdfast.awaitListening();
            final AdminClient admin = new AdminClient(holdfast.adminPort());
            try (RawWebSocket silent = RawWebSocket.connect(Integer.parseInt(listening.group(1)), listening.group(2)))
            {
                assertTrue(silent.awaitUpgrade(UPGRADE_MS), "no upgrade within " + UPGRADE_MS + " ms");
                assertStoppingWhileAShutdownWaits(holdfast, admin);
            }
            assertEquals(0, holdfast.awaitExit(SHUTDOWN_EXIT_SECONDS, SECONDS));
            holdfast.assertNoStackTraceOrWorkerError();
        }
    }

    @Test
    void shouldStopWithOneLineWhenTheAdminPortIsTaken() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final HoldfastProcess.Result result = HoldfastProcess.runToExit(directory, "serve", LOOPBACK, ANY_PORT,
                "holdfast.admin.port=" + taken.getLocalPort(), dir());
            result.assertOneLineError(Main.EXIT_FAILED,
                "holdfast serve: cannot open the admin endpoint on 127.0.0.1:" + taken.getLocalPort() + ": ",
                "holdfast.admin.port", "holdfast.admin.enabled=false");
        }
    }

    @Test
    void shouldNeitherPrintNorListenWhenDisabled() throws Exception
    {
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT,
            "holdfast.admin.enabled=false", NO_STATUS, dir()))
        {
            final int port = holdfast.awaitPort();
            assertFalse(holdfast.hasAdmin(), "admin line printed");
            assertEquals(Set.of(port), listeningPorts(holdfast.pid()));
            assertEquals(0, holdfast.terminate());
        }
    }

    /**
     * With a client connected that never answers a close: {@code /health} is 200, and once SIGTERM is sent, 503
     * (the shutdown waits for the client) before the process ends.
     */
    private static void assertStoppingWhileAShutdownWaits(final HoldfastProcess holdfast, final AdminClient admin)
        throws Exception
    {
        final HttpResponse<String> serving = admin.get("/health");
        assertEquals(200, serving.statusCode());
        assertEquals("{\"status\":\"serving\"}\n", serving.body());

        // The silent client never answers the server's close, so the shutdown waits out its timeout.
        holdfast.signalTerminate();
        HttpResponse<String> health = admin.get("/health");
        final long deadlineNs = System.nanoTime() + SECONDS.toNanos(SHUTDOWN_EXIT_SECONDS);
        while (health.statusCode() == 200 && System.nanoTime() < deadlineNs)
        {
            Thread.sleep(POLL_MS);
            health = admin.get("/health");
        }
        assertEquals(503, health.statusCode(), health.body());
        assertEquals("{\"status\":\"stopping\"}\n", health.body());
        assertEquals("\"stopping\"", AdminPages.parseJson(admin.get("/stats").body()).get("state"));
    }

    private String dir()
    {
        return "holdfast.dir=" + directory;
    }

    private static TreeMap<String, String> pick(final Map<String, String> all, final Set<String> keys)
    {
        final TreeMap<String, String> picked = new TreeMap<>();
        for (final String key : keys)
        {
            picked.put(key, all.get(key));
        }
        return picked;
    }

    /**
     * @return the local ports of the TCP sockets the process listens on, read from Linux's {@code /proc}: its
     * descriptors name socket inodes, and {@code /proc/net/tcp} and {@code tcp6} give each listening inode's port.
     */
    private static Set<Integer> listeningPorts(final long pid) throws IOException
    {
        final Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd")))
        {
            descriptors.forEach((descriptor) ->
            {
                try
                {
                    final String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:["))
                    {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                }
                catch (final IOException ignore)
                {
                    // Closed while listing.
                }
            });
        }
        final Set<Integer> ports = new HashSet<>();
        for (final String table : List.of("/proc/net/tcp", "/proc/net/tcp6"))
        {
            final List<String> rows = Files.readAllLines(Path.of(table));
            for (final String row : rows.subList(1, rows.size()))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                final String[] fields = row.trim().split("\\s+");
                if (LISTEN_STATE.equals(fields[3]) && inodes.contains(fields[9]))
                {
                    ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
