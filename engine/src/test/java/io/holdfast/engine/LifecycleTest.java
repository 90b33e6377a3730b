package io.holdfast.engine;

import io.holdfast.codec.frame.Opcode;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.management.UnixOperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.holdfast.engine.RawClient.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * System tests of a connection's life in time: the idle timeout and what counts as activity, server pings, the
 * handshake and close timeouts, the connection limit and graceful shutdown. The timeouts are configured short so the
 * deadlines are reached in a fraction of a second; elapsed times are measured from a moment before the event that
 * starts the server's clock, so "not before the timeout" holds however slowly this client runs, and "not long after"
 * is checked only loosely.
 */
@Timeout(20)
final class LifecycleTest
{
    private static final long IDLE_MS = 300;
    private static final long CLOSE_MS = 300;
    private static final long HANDSHAKE_MS = 300;
    /** The server's cycle clock truncates to milliseconds and is read at the start of a duty cycle. */
    private static final long EARLY_MS = 5;
    /** Loose bound on lateness: the server is on a busy machine with other tests. */
    private static final long LATE_MS = 2_000;
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final String IDLE_REASON = "idle timeout";
    private static final String SHUTDOWN_REASON = "server shutting down";
    private static final int GOING_AWAY = 1001;

    private static final ConnectionRecorder RECORDER = new ConnectionRecorder();
    private static TestServer server;

    /**
     * Something a client sends to show it is alive.
     */
    enum Activity
    {
        ECHO, PING, PONG
    }

    /**
     * Who starts a server-side close that the client then never answers.
     */
    enum Closer
    {
        HANDLER, OTHER_THREAD
    }

    @BeforeAll
    static void startServer() throws IOException
    {
        server = TestServer.start(
            config -> config.idleTimeoutMs(IDLE_MS).closeTimeoutMs(CLOSE_MS).handshakeTimeoutMs(HANDSHAKE_MS),
            RECORDER::newHandler);
    }

    @AfterAll
    static void stopServer()
    {
        CloseHelper.close(server);
    }

    @AfterEach
    void noConnectionLeft() throws InterruptedException
    {
        server.awaitConnectionCount(0, SETTLE);
        assertEquals(0, server.engine().connectionTableSize(), "connection table slots in use");
    }

    @Test
    void closesSilentConnectionWith1001AfterIdleTimeout() throws Exception
    {
        final long start = System.nanoTime();
        try (RawClient client = RawClient.open(server.port()))
        {
            final long id = RECORDER.nextOpened();
            final RawClient.Frame close = client.readFrame();
            assertElapsed(start, IDLE_MS);
            assertEquals(GOING_AWAY, close.closeCode());
            assertEquals(IDLE_REASON, close.closeReason());

            client.sendClose(GOING_AWAY);
            client.expectTcpClose();
            assertEquals(GOING_AWAY, RECORDER.awaitClose(id));
        }
    }

    @ParameterizedTest
    @EnumSource(Activity.class)
    void keepsConnectionOpenWhileAnyFrameArrives(final Activity activity) throws Exception
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final long id = RECORDER.nextOpened();
            final long start = System.nanoTime();
            for (int i = 0; elapsedMs(start) < 3 * IDLE_MS; i++)
            {
                showActivity(client, activity, utf8("alive " + i));
                Thread.sleep(IDLE_MS / 3);
            }
            client.expectEcho("still open after three idle timeouts");
            client.closeNormally();
            assertEquals(1000, RECORDER.awaitClose(id));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 40})
    void dropsConnectionWhoseHandshakeIsNotCompleteInTime(final int requestBytesSent) throws Exception
    {
        final long start = System.nanoTime();
        try (RawClient client = RawClient.connect(server.port()))
        {
            final byte[] request = utf8(client.handshakeRequest(RawClient.PATH, client.newKey()));
            client.sendRaw(Arrays.copyOf(request, requestBytesSent));
            assertEquals(0, client.readToEnd().length, "bytes from the server");
            assertElapsed(start, HANDSHAKE_MS);
        }
        try (RawClient client = RawClient.open(server.port()))
        {
            RECORDER.nextOpened();
            client.closeNormally();
        }
    }

    @Test
    void closesConnectionStalledInsideFrameAtIdleTimeoutThenDropsItAtCloseTimeout() throws Exception
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final long id = RECORDER.nextOpened();
            final long start = System.nanoTime();
            final int maskedHeaderLength = 6;
            client.sendRaw(Arrays.copyOf(client.frame(Opcode.BINARY, new byte[100]), maskedHeaderLength));

            final RawClient.Frame close = client.readFrame();
            assertElapsed(start, IDLE_MS);
            assertEquals(GOING_AWAY, close.closeCode());
            assertEquals(IDLE_REASON, close.closeReason());
            assertEquals(0, client.readToEnd().length, "bytes after the close frame");
            assertElapsed(start, IDLE_MS + CLOSE_MS);
            assertEquals(GOING_AWAY, RECORDER.awaitClose(id));
        }
    }

    @ParameterizedTest
    @EnumSource(Closer.class)
    void dropsConnectionThatNeverAnswersServerCloseAtCloseTimeout(final Closer closer) throws Exception
    {
        final int code = closer == Closer.HANDLER ? 4000 : 4001;
        try (RawClient client = RawClient.open(server.port()))
        {
            final long id = RECORDER.nextOpened();
            final long start = System.nanoTime();
            if (closer == Closer.HANDLER)
            {
                client.sendFrame(true, Opcode.TEXT, ConnectionRecorder.closeCommand(code));
            }
            else
            {
                assertTrue(server.engine().close(id, code), "close command queued");
            }

            assertEquals(code, client.readFrame().closeCode());
            assertEquals(0, client.readToEnd().length, "bytes after the close frame");
            assertElapsed(start, CLOSE_MS);
            assertEquals(code, RECORDER.awaitClose(id));
        }
    }

    @Test
    void pingsSilentConnectionAndClosesItAtIdleTimeout() throws Exception
    {
        final long idleMs = 2_000;
        final long pingMs = 100;
        try (TestServer pinging = TestServer.start(
            config -> config.idleTimeoutMs(idleMs).serverPingIntervalMs(pingMs), EchoHandler::new))
        {
            final long start = System.nanoTime();
            try (RawClient client = RawClient.open(pinging.port()))
            {
                int pings = 0;
                RawClient.Frame frame;
                while ((frame = client.readFrame()).opcode() == Opcode.PING)
                {
                    assertEquals(0, frame.payload().length, "ping payload");
                    pings++;
                }
                assertElapsed(start, idleMs);
                assertEquals(GOING_AWAY, frame.closeCode());
                assertEquals(IDLE_REASON, frame.closeReason());
                assertTrue(pings >= idleMs / pingMs / 2, "pings before the idle timeout: " + pings);

                client.sendClose(GOING_AWAY);
                client.expectTcpClose();
            }
            pinging.awaitConnectionCount(0, SETTLE);
        }
    }

    @Test
    void keepsConnectionThatAnswersServerPingsPastIdleTimeout() throws Exception
    {
        final long idleMs = 2_000;
        try (TestServer pinging = TestServer.start(
            config -> config.idleTimeoutMs(idleMs).serverPingIntervalMs(100), EchoHandler::new);
            RawClient client = RawClient.open(pinging.port()))
        {
            final long start = System.nanoTime();
            int pings = 0;
            while (elapsedMs(start) < idleMs + idleMs / 4)
            {
                final RawClient.Frame frame = client.readFrame();
                assertEquals(Opcode.PING, frame.opcode(), "frame from the server");
                client.sendFrame(true, Opcode.PONG, frame.payload());
                pings++;
            }
            assertTrue(pings >= 5, "pings answered: " + pings);

            final byte[] text = utf8("answered every ping");
            client.sendFrame(true, Opcode.TEXT, text);
            final RawClient.Frame echo = readDataAnsweringPings(client);
            assertEquals(Opcode.TEXT, echo.opcode());
            assertArrayEquals(text, echo.payload());
            client.closeNormally();
            pinging.awaitConnectionCount(0, SETTLE);
        }
    }

    @Test
    void answers503BeyondMaxConnectionsAndAcceptsAgainOnceOneCloses() throws Exception
    {
        final int maxConnections = 4;
        final List<RawClient> clients = new ArrayList<>();
        try (TestServer limited = TestServer.start(config -> config.maxConnections(maxConnections), EchoHandler::new))
        {
            assertEquals(maxConnections, limited.engine().maxConnections());
            int rejected = 0;
            for (int attempt = 0; attempt < 200 && (clients.size() < maxConnections || rejected == 0); attempt++)
            {
                final RawClient client = openOrExpect503(limited.port());
                if (client == null)
                {
                    rejected++;
                }
                else
                {
                    clients.add(client);
                }
            }
            assertEquals(maxConnections, clients.size(), "connections accepted");
            assertTrue(rejected > 0, "no 503 seen");
            limited.awaitConnectionCount(maxConnections, SETTLE);

            final RawClient leaving = clients.remove(0);
            leaving.closeNormally();
            leaving.close();
            limited.awaitConnectionCount(maxConnections - 1, SETTLE);
            RawClient replacement = null;
            for (int attempt = 0; attempt < 200 && replacement == null; attempt++)
            {
                replacement = openOrExpect503(limited.port());
            }
            assertTrue(replacement != null, "no connection accepted after one closed");
            clients.add(replacement);
            limited.awaitConnectionCount(maxConnections, SETTLE);
            replacement.expectEcho("replacement works");
            assertEquals(maxConnections, limited.engine().connectionCount());
            for (final RawClient client : clients)
            {
                client.closeNormally();
            }
            limited.awaitConnectionCount(0, SETTLE);
        }
        finally
        {
            clients.forEach(RawClient::close);
        }
    }

    @Test
    void automaticMaxConnectionsIsOpenFileLimitLessReserve() throws IOException
    {
        final long openFileLimit =
            ((UnixOperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        try (TestServer automatic = TestServer.echo())
        {
            assertEquals(
                openFileLimit - EngineConfiguration.FILE_DESCRIPTOR_RESERVE, automatic.engine().maxConnections());
        }
    }

    @Test
    @Timeout(60)
    void shutdownClosesEveryConnectionWith1001AndReturnsOnceAllAnswered() throws Exception
    {
        final int connections = 1_000;
        final long shutdownMs = 10_000;
        final ConnectionRecorder recorder = new ConnectionRecorder();
        try (TestServer closing = TestServer.start(
            config -> config.shutdownTimeoutMs(shutdownMs), recorder::newHandler);
            EchoLoadClient clients = new EchoLoadClient(closing.port(), connections))
        {
            closing.awaitConnectionCount(connections, SETTLE);
            clients.run(connections);

            final CompletableFuture<Long> closeMs = closeInBackground(closing.engine());
            clients.expectServerClose(GOING_AWAY, SHUTDOWN_REASON, true);
            final long elapsedMs = closeMs.get(shutdownMs + LATE_MS, TimeUnit.MILLISECONDS);
            assertTrue(elapsedMs < shutdownMs, "close() waited the whole shutdown timeout: " + elapsedMs + " ms");
            assertEquals(Map.of(GOING_AWAY, (long)connections), recorder.closesByCode());
        }
    }

    @Test
    @Timeout(60)
    void shutdownClosesConnectionsThatNeverAnswerAtShutdownTimeout() throws Exception
    {
        final int connections = 1_000;
        final long shutdownMs = 1_000;
        final ConnectionRecorder recorder = new ConnectionRecorder();
        try (TestServer closing = TestServer.start(
            config -> config.shutdownTimeoutMs(shutdownMs).closeTimeoutMs(30_000), recorder::newHandler);
            EchoLoadClient clients = new EchoLoadClient(closing.port(), connections))
        {
            closing.awaitConnectionCount(connections, SETTLE);

            final CompletableFuture<Long> closeMs = closeInBackground(closing.engine());
            clients.expectServerClose(GOING_AWAY, SHUTDOWN_REASON, false);
            final long elapsedMs = closeMs.get(shutdownMs + LATE_MS, TimeUnit.MILLISECONDS);
            assertTrue(elapsedMs >= shutdownMs, "close() returned before the shutdown timeout: " + elapsedMs + " ms");
            assertEquals(Map.of(GOING_AWAY, (long)connections), recorder.closesByCode());
        }
    }

    @Test
    void secondCloseReturnsWithoutWaitingAgain() throws Exception
    {
        final long shutdownMs = 1_000;
        try (TestServer closing = TestServer.start(
            config -> config.shutdownTimeoutMs(shutdownMs).closeTimeoutMs(30_000), EchoHandler::new);
            RawClient silent = RawClient.open(closing.port()))
        {
            closing.awaitConnectionCount(1, SETTLE);
            final CompletableFuture<Long> firstMs = closeInBackground(closing.engine());
            assertEquals(GOING_AWAY, silent.readFrame().closeCode());
            assertEquals(0, silent.readToEnd().length, "bytes after the close frame");
            assertTrue(firstMs.get(shutdownMs + LATE_MS, TimeUnit.MILLISECONDS) >= shutdownMs);

            final long secondMs = closeInBackground(closing.engine()).get(shutdownMs + LATE_MS, TimeUnit.MILLISECONDS);
            assertTrue(secondMs < shutdownMs / 2, "second close() waited " + secondMs + " ms");
        }
    }

    private static void showActivity(final RawClient client, final Activity activity, final byte[] payload)
        throws IOException
    {
        switch (activity)
        {
            case ECHO:
                client.expectEcho(Opcode.BINARY, payload);
                break;

            case PING:
                client.sendFrame(true, Opcode.PING, payload);
                final RawClient.Frame pong = client.readFrame();
                assertEquals(Opcode.PONG, pong.opcode(), "answer to a ping");
                assertArrayEquals(payload, pong.payload(), "pong payload");
                break;

            default:
                client.sendFrame(true, Opcode.PONG, payload);
                break;
        }
    }

    /**
     * @return the next data frame, answering the server's pings before it.
     */
    private static RawClient.Frame readDataAnsweringPings(final RawClient client) throws IOException
    {
        for (int i = 0; i < 100; i++)
        {
            final RawClient.Frame frame = client.readFrame();
            if (frame.opcode() != Opcode.PING)
            {
                return frame;
            }
            client.sendFrame(true, Opcode.PONG, frame.payload());
        }
        throw new AssertionError("only pings from the server");
    }

    /**
     * @return the upgraded client, or null when the server answered 503 (checked here) and closed.
     */
    private static RawClient openOrExpect503(final int port) throws IOException
    {
        final RawClient client = RawClient.connect(port);
        try
        {
            final String key = client.sendHandshake(RawClient.PATH);
            final RawClient.HttpHead head = client.readHttpHead();
            if (head.status() == 101)
            {
                assertEquals(RawClient.acceptFor(key), head.header("Sec-WebSocket-Accept"));
                return client;
            }
            assertEquals(503, head.status(), "status of a handshake beyond the limit");
            assertEquals("close", head.header("Connection"));
            assertEquals(Integer.parseInt(head.header("Content-Length")), client.readToEnd().length, "body length");
            client.close();
            return null;
        }
        catch (final IOException | RuntimeException | AssertionError ex)
        {
            client.close();
            throw ex;
        }
    }


    /**
     * Close the engine from another thread, as an application's shutdown hook would.
     *
     * @return how long close() took, in milliseconds.
     */
    private static CompletableFuture<Long> closeInBackground(final Engine engine)
    {
        return CompletableFuture.supplyAsync(() ->
        {
            final long start = System.nanoTime();
            engine.close();
            return elapsedMs(start);
        });
    }

    private static void assertElapsed(final long startNs, final long timeoutMs)
    {
        final long elapsedMs = elapsedMs(startNs);
        assertTrue(elapsedMs >= timeoutMs - EARLY_MS, "ended after " + elapsedMs + " ms, before " + timeoutMs);
        assertTrue(elapsedMs <= timeoutMs + LATE_MS, "ended after " + elapsedMs + " ms, long after " + timeoutMs);
    }

    private static long elapsedMs(final long startNs)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }
}
