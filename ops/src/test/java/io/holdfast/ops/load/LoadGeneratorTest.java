package io.holdfast.ops.load;

import io.holdfast.codec.jwt.TestTokens;
import io.holdfast.engine.AuthMode;
import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.EchoHandler;
import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.HeartbeatReply;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator against a real holdfast engine in this JVM, over real sockets on 127.0.0.1: what it counts is
 * what the server saw, every connection it opens it closes, and failures are counted by reason.
 */
@Timeout(value = 60, unit = SECONDS)
final class LoadGeneratorTest
{
    static final Pattern ESTABLISHED = Pattern.compile("holdfast load: established (\\d+) connections " +
        "\\(failed (\\d+)\\) in \\d+\\.\\d{3} s, handshake p50 \\d+ us p99 \\d+ us");
    static final Pattern ECHO = Pattern.compile("holdfast load: echo (\\d+) messages in (\\d+\\.\\d{3}) s, " +
        "(\\d+) msg/s, latency us p50 (\\d+) p90 (\\d+) p99 (\\d+) p99\\.9 (\\d+) max (\\d+)");
    static final Pattern CLOSED = Pattern.compile("holdfast load: closed (\\d+) connections");
    static final Pattern CPU = Pattern.compile("holdfast load: client cpu \\d+\\.\\d{3} s \\(\\d+% of one core\\)");

    private static final long AWAIT_MS = 10_000;

    @TempDir
    Path directory;

    private Engine engine;

    @AfterEach
    void stopServer()
    {
        if (engine != null)
        {
            engine.close();
        }
    }

    @Test
    void closedLoopMeasuresEveryEchoAfterTheWarmUpAndClosesEveryConnection() throws Exception
    {
        startServer((config) -> {});
        final LoadOptions options = options(300).closedLoop(256).pingIntervalMs(200).warmupMs(500).durationMs(2_000)
            .outputDirectory(directory).name("closed");
        final Run run = run(options);

        assertEstablished(run, 300, 0);
        final Matcher echo = run.line(ECHO);
        final LoadResult result = run.result;
        assertEquals(result.messages(), Long.parseLong(echo.group(1)));
        assertTrue(result.messages() > 0, run.output);
        assertEquals(result.latencyUs().getTotalCount(), result.messages());
        assertTrue(result.messages() <= result.messagesSent(), run.output);
        assertEquals(1.5, result.measuredSeconds(), 0.001);
        assertEquals(300, Long.parseLong(run.line(CLOSED).group(1)));
        assertEquals(300, result.closed());
        assertEquals(0, result.closedWithoutReply());
        assertEquals(0, result.unexpectedMessages());
        assertTrue(result.pingsSent() > 0, run.output);
        assertEquals(result.pingsSent(), result.pongsReceived());
        run.line(CPU);
        awaitServerConnections(0);
        // The server counts heartbeats as messages too.
        assertEquals(result.messagesSent() + result.pingsSent(), engine.messagesReceived());

        assertEquals(List.of(directory.resolve("closed.hgrm"), directory.resolve("closed-handshake.hgrm"),
            directory.resolve("closed.csv")), ResultFiles.write(result));
        final List<String> csv = Files.readAllLines(directory.resolve("closed.csv"));
        assertEquals(List.of(ResultFiles.CSV_HEADER, ResultFiles.csvLine(result)), csv);
        assertTrue(csv.get(1).startsWith("closed,ws://127.0.0.1:" + engine.port() + "/ws,closed-loop,300,300,0,"),
            csv.get(1));
        final String histogram = Files.readString(directory.resolve("closed.hgrm"));
        assertTrue(histogram.contains("Total count    = " + String.format("%12d", result.messages())), histogram);
        assertTrue(Files.isRegularFile(directory.resolve("closed-handshake.hgrm")));
    }

    @Test
    void theHeaderOptionCarriesATokenToAServerThatAuthenticates() throws Exception
    {
        startServer((config) -> config.auth(AuthMode.JWT).jwtSecret(TestTokens.SECRET));
        final String token =
            TestTokens.signed("{\"sub\":\"load\",\"exp\":" + TestTokens.secondsFromNow(300) + "}");

        final Run authorized = run(options(50).header("Authorization: Bearer " + token).durationMs(200));
        assertEstablished(authorized, 50, 0);
        final Run anonymous = run(options(20).durationMs(200).maxFailures(20));
        assertEstablished(anonymous, 0, 20);
        assertEquals(Map.of("handshake rejected 401", 20L), anonymous.result.failures());
        awaitServerConnections(0);
    }

    @Test
    void openLoopSendsOnItsScheduleAndTimesFromIt() throws Exception
    {
        startServer((config) -> {});
        final LoadOptions options = options(100).openLoop(64, 2_000).binary(true).pingIntervalMs(0)
            .warmupMs(500).durationMs(2_000);
        final Run run = run(options);

        final LoadResult result = run.result;
        // 2 s at 2,000/s: every scheduled message is sent or counted as unsent, however loaded the machine is.
        final long scheduled = result.messagesSent() + result.unsentMessages();
        assertTrue(scheduled >= 3_999 && scheduled <= 4_001, "scheduled " + scheduled + "\n" + run.output);
        assertEquals(Long.parseLong(run.line(ECHO).group(1)), result.messages());
        assertEquals(result.messagesSent(), engine.messagesReceived());
        assertEquals(0, result.unexpectedMessages());
        assertEquals(100, result.closed());
        awaitServerConnections(0);
    }

    @Test
    void holdKeepsTheConnectionsWithHeartbeatsAndClosesThemAtTheEnd() throws Exception
    {
        startServer((config) -> {});
        final LoadOptions options = options(400).hold().pingIntervalMs(100).durationMs(1_000).threads(2);
        final Run run = run(options);

        assertEstablished(run, 400, 0);
        final LoadResult result = run.result;
        assertTrue(run.output.contains("holdfast load: heartbeats " + result.pingsSent() + " pings sent, " +
            result.pongsReceived() + " pongs received"), run.output);
        // Each connection pings once per 100 ms from the start of connecting: about 4,000 a second.
        assertTrue(result.pingsSent() >= 2_000, run.output);
        assertEquals(result.pingsSent(), result.pongsReceived());
        assertEquals(result.pingsSent(), engine.messagesReceived());
        assertEquals(400, Long.parseLong(run.line(CLOSED).group(1)));
        assertEquals(0, result.closedWithoutReply());
        assertTrue(!run.output.contains("holdfast load: echo"), run.output);
        awaitServerConnections(0);
    }

    @Test
    void largeMessagesGoOutWholeThroughPartialWrites() throws Exception
    {
        // Linux starts a loopback socket's send buffer above a megabyte, and the peer's 4 KB receive buffer takes
        // a 4 MiB message a piece at a time: the client's writes are partial, its heartbeats wait behind them, and
        // the peer checks every byte it gets.
        try (VerifyingPeer peer = new VerifyingPeer(4 << 10, true))
        {
            final LoadOptions options = new LoadOptions()
                .target(URI.create("ws://127.0.0.1:" + peer.port() + "/ws"),
                    new InetSocketAddress("127.0.0.1", peer.port()))
                .connections(2)
                .closedLoop(4 << 20)
                .binary(true)
                .pingIntervalMs(20)
                .durationMs(1_500);
            final Run run = run(options);

            final LoadResult result = run.result;
            assertEquals(null, peer.failure());
            assertEquals(Map.of(), result.failures());
            assertTrue(result.messages() > 0, run.output);
            assertEquals(result.messagesSent(), peer.messagesVerified(), run.output);
            assertEquals(0, result.unexpectedMessages());
            assertEquals(result.pingsSent(), result.pongsReceived());
            assertEquals(2, result.closed());
            assertEquals(0, result.closedWithoutReply());
        }
    }

    @Test
    void largeEchoesArriveInPiecesFromTheEngine() throws Exception
    {
        startServer((config) -> {});
        final Run run = run(options(20).closedLoop(512 << 10).pingIntervalMs(50).durationMs(1_500));

        final LoadResult result = run.result;
        assertTrue(result.messages() > 0, run.output);
        assertEquals(Map.of(), result.failures());
        assertEquals(0, result.unexpectedMessages());
        assertEquals(result.pingsSent(), result.pongsReceived());
        assertEquals(result.messagesSent() + result.pingsSent(), engine.messagesReceived());
        assertEquals(20, result.closed());
        assertEquals(0, result.closedWithoutReply());
    }

    @Test
    void answersTheServersPingsAndCountsPongFrames() throws Exception
    {
        final EngineConfig config = new EngineConfig().listenAddress("127.0.0.1").listenPort(0).workers(1)
            .serverPingIntervalMs(50).heartbeatReply(HeartbeatReply.FRAME);
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(new byte[4 * EngineConfig.counterValuesLength(1)]),
            new UnsafeBuffer(new byte[EngineConfig.counterValuesLength(1)]));
        engine = Engine.start(config.countersManager(counters), EchoHandler::new);
        final Run run = run(options(50).hold().pingIntervalMs(100).durationMs(1_000));

        final LoadResult result = run.result;
        assertEquals(Map.of(), result.failures());
        assertTrue(result.pingsSent() > 0, run.output);
        assertEquals(result.pingsSent(), result.pongsReceived(), "pong frames answer the heartbeats");
        final long serverPongsReceived = sum(counters, CounterTypes.PONGS_RECEIVED);
        final long serverPingsSent = sum(counters, CounterTypes.PINGS_SENT);
        assertTrue(serverPongsReceived > 0, "the server's pings were answered");
        assertTrue(serverPingsSent - serverPongsReceived <= 50, "at most one ping per connection unanswered at the " +
            "end: sent " + serverPingsSent + ", answered " + serverPongsReceived);
        assertEquals(50, result.closed());
    }

    @Test
    void countsServerRejectionsByStatus() throws Exception
    {
        startServer((config) -> config.workers(1).maxConnections(50));
        final Run run = run(options(100).hold().durationMs(200));

        final LoadResult result = run.result;
        assertEstablished(run, 50, 50);
        assertEquals(50, result.failed());
        // The server writes its 503 and closes at once; rarely the reset overtakes the response.
        final long rejected = result.failures().getOrDefault("handshake rejected 503", 0L);
        assertEquals(50, rejected + result.failures().getOrDefault("reset", 0L), result.failures().toString());
        assertTrue(rejected > 0, result.failures().toString());
        assertTrue(run.output.contains("holdfast load: failed " + rejected + ": handshake rejected 503"), run.output);
        assertEquals(50, result.closed());
    }

    @Test
    void countsRefusedConnections() throws Exception
    {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            closedPort = socket.getLocalPort();
        }
        final LoadOptions options = new LoadOptions().target(URI.create("ws://127.0.0.1:" + closedPort + "/ws"),
            new InetSocketAddress("127.0.0.1", closedPort)).connections(5).durationMs(100);
        final Run run = run(options);

        assertEstablished(run, 0, 5);
        assertEquals(Map.of("connect refused", 5L), run.result.failures());
        assertTrue(run.output.contains("holdfast load: failed 5: connect refused"), run.output);
        assertEquals(0, run.result.closed());
    }

    @Test
    void stopEndsTheRunAndClosesEveryConnection() throws Exception
    {
        startServer((config) -> {});
        final LoadGenerator generator = new LoadGenerator(options(200).hold().durationMs(60_000));
        final SignalledOutput output = new SignalledOutput();
        final Thread stopper = new Thread(() ->
        {
            output.awaitEstablished();
            generator.stop();
        });
        stopper.start();
        final LoadResult result = generator.run(output.stream);
        stopper.join();
        assertEquals(null, result.error(), "an I/O thread failed");

        assertEquals(200, result.established());
        assertEquals(200, result.closed());
        assertTrue(result.trafficSeconds() < 30, "stopped long before the duration");
        awaitServerConnections(0);
    }

    private static long sum(final CountersManager counters, final int typeId)
    {
        final long[] sum = new long[1];
        counters.forEach((counterId, counterTypeId, keyBuffer, label) ->
        {
            if (counterTypeId == typeId)
            {
                sum[0] += counters.getCounterValue(counterId);
            }
        });
        return sum[0];
    }

    private void startServer(final Consumer<EngineConfig> customizer) throws IOException
    {
        final EngineConfig config = new EngineConfig().listenAddress("127.0.0.1").listenPort(0).workers(2);
        customizer.accept(config);
        engine = Engine.start(config, EchoHandler::new);
    }

    private LoadOptions options(final int connections)
    {
        return new LoadOptions()
            .target(URI.create("ws://127.0.0.1:" + engine.port() + "/ws"), new InetSocketAddress("127.0.0.1",
                engine.port()))
            .connections(connections)
            .connectRate(5_000);
    }

    private void awaitServerConnections(final long expected) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + AWAIT_MS;
        while (engine.connectionCount() != expected && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
        assertEquals(expected, engine.connectionCount(), "server's open connections");
    }

    private static void assertEstablished(final Run run, final int established, final int failed)
    {
        final Matcher line = run.line(ESTABLISHED);
        assertEquals(established, Integer.parseInt(line.group(1)), run.output);
        assertEquals(failed, Integer.parseInt(line.group(2)), run.output);
        assertEquals(established, run.result.established());
    }

    static Run run(final LoadOptions options) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final LoadResult result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            result = new LoadGenerator(options).run(out);
        }
        assertEquals(null, result.error(), "an I/O thread failed");
        return new Run(result, bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * A finished run: what it returned and what it printed.
     */
    record Run(LoadResult result, String output)
    {
        /**
         * @return the one line matching the pattern.
         */
        Matcher line(final Pattern pattern)
        {
            Matcher found = null;
            for (final String line : output.split("\n"))
            {
                final Matcher matcher = pattern.matcher(line);
                if (matcher.matches())
                {
                    assertEquals(null, found, "more than one line matches " + pattern + ":\n" + output);
                    found = matcher;
                }
            }
            assertTrue(found != null, "no line matches " + pattern + ":\n" + output);
            return found;
        }
    }
}
