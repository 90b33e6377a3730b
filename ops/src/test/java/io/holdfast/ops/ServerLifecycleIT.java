package io.holdfast.ops;

import io.holdfast.engine.JdkWebSocketClient;
import io.holdfast.ops.RawWebSocket.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server started by the real launcher through the edges of its life: running out of file descriptors and
 * recovering, stopping gracefully on SIGTERM with many connections open (answered or not), and the status line.
 */
@Timeout(value = 60, unit = SECONDS)
final class ServerLifecycleIT
{
    private static final String PATH = "/ws";
    private static final int GOING_AWAY = 1001;
    private static final int NORMAL_CLOSURE = 1000;
    private static final int REPLY_MS = 10_000;

    /** The server JVM holds ~20 descriptors once listening; this leaves room for a few tens of connections. */
    private static final int OPEN_FILE_LIMIT = 64;
    /** A handshake on loopback takes milliseconds; one this late is queued behind a listener that cannot accept. */
    private static final int STALLED_HANDSHAKE_MS = 1_500;
    private static final int MAX_CONNECTIONS_TO_EXHAUST = 300;
    /** Connections closed to give the out-of-descriptors server room again; more than the pending handshakes. */
    private static final int CONNECTIONS_TO_FREE = 5;
    private static final int PENDING_HANDSHAKES = 2;
    /** Well above the server's 100 ms pause after a failed accept. */
    private static final int RECOVERY_MS = 5_000;

    private static final int GRACEFUL_CONNECTIONS = 1_000;
    /** The default shutdown timeout, 5 s, plus a margin for the JVM to exit. */
    private static final long GRACEFUL_EXIT_MS = 10_000;
    private static final int UNANSWERED_CONNECTIONS = 50;
    /** Well below the default close timeout (5 s), so only the shutdown timeout can explain an exit in time. */
    private static final long UNANSWERED_EXIT_MS = 1_000 + 2_500;

    private static final String STATUS_PREFIX = "holdfast status: connections ";
    private static final long STATUS_WAIT_SECONDS = 5;

    @TempDir
    Path directory;

    @Test
    void shouldKeepServingWhenOutOfFileDescriptorsAndAcceptAgainOnceSomeAreFree() throws Exception
    {
        final List<RawWebSocket> open = new ArrayList<>();
        final List<RawWebSocket> pending = new ArrayList<>();
        // --force: more connections than descriptors is the point here, and the preflight's open files FAIL.
        try (HoldfastProcess holdfast = HoldfastProcess.startWithOpenFileLimit(directory, OPEN_FILE_LIMIT, "serve",
            "--force", LOOPBACK, ANY_PORT, "holdfast.workers=1", "holdfast.max.connections=1000", NO_STATUS))
        {
            final int port = holdfast.awaitPort();
            openUntilAHandshakeStalls(port, open, pending);
            assertTrue(open.size() >= 10, "only " + open.size() + " connections before the server ran out");
            while (pending.size() < PENDING_HANDSHAKES)
            {
                pending.add(RawWebSocket.connect(port, PATH));
            }

            assertEchoes(open.get(0), "served while out of descriptors");
            final String errors = holdfast.stderr();
            assertTrue(errors.contains("Too many open files"), "stderr: " + errors);
            HoldfastProcess.assertNoStackTrace(errors);

            for (int i = 0; i < CONNECTIONS_TO_FREE; i++)
            {
                final RawWebSocket freed = open.remove(open.size() - 1);
                freed.closeNormally(NORMAL_CLOSURE, REPLY_MS);
                freed.close();
            }
            for (final RawWebSocket webSocket : pending)
            {
                assertTrue(webSocket.awaitUpgrade(RECOVERY_MS),
                    "a queued handshake did not complete within " + RECOVERY_MS + " ms after descriptors were freed");
                assertEchoes(webSocket, "accepted again");
            }

            closeAll(open);
            closeAll(pending);
            assertEquals(0, holdfast.terminate());
            HoldfastProcess.assertNoStackTrace(holdfast.stderr());
        }
        finally
        {
            closeAll(open);
            closeAll(pending);
        }
    }

    @Test
    void shouldCloseAThousandConnectionsWithGoingAwayOnSigtermAndExitOnceTheyAnswer() throws Exception
    {
        final List<RawWebSocket> webSockets = new ArrayList<>();
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS))
        {
            final int port = holdfast.awaitPort();
            openUpgraded(port, GRACEFUL_CONNECTIONS, webSockets);

            final long terminatedNs = System.nanoTime();
            holdfast.signalTerminate();
            for (int i = 0; i < webSockets.size(); i++)
            {
                answerGoingAway(holdfast, webSockets.get(i), i);
            }

            assertEquals(0, holdfast.awaitExit(remainingMs(terminatedNs, GRACEFUL_EXIT_MS), MILLISECONDS));
            assertStoppingLine(holdfast);
            holdfast.assertNoStackTraceOrWorkerError();
        }
        finally
        {
            closeAll(webSockets);
        }
    }

    @Test
    void shouldExitAfterTheShutdownTimeoutWhenClientsDoNotAnswerTheClose() throws Exception
    {
        final List<RawWebSocket> webSockets = new ArrayList<>();
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            "holdfast.shutdown.timeout=1s"))
        {
            final int port = holdfast.awaitPort();
            openUpgraded(port, UNANSWERED_CONNECTIONS, webSockets);

            final long terminatedNs = System.nanoTime();
            holdfast.signalTerminate();
            for (final RawWebSocket webSocket : webSockets)
            {
                assertGoingAway(webSocket.readFrame(REPLY_MS));
            }

            assertEquals(0, holdfast.awaitExit(remainingMs(terminatedNs, UNANSWERED_EXIT_MS), MILLISECONDS));
            for (final RawWebSocket webSocket : webSockets)
            {
                webSocket.awaitEndOfStream(REPLY_MS);
            }
            assertStoppingLine(holdfast);
            holdfast.assertNoStackTraceOrWorkerError();
        }
        finally
        {
            closeAll(webSockets);
        }
    }

    @Test
    void shouldPrintStatusLinesCountingOpenConnections() throws Exception
    {
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT,
            "holdfast.status.interval=200ms"))
        {
            final int port = holdfast.awaitPort();
            awaitStatusLine(holdfast, STATUS_PREFIX);

            final JdkWebSocketClient client = JdkWebSocketClient.connect(HoldfastProcess.uri(port, PATH));
            assertEquals("counted", client.roundTrip("counted"));
            awaitStatusLine(holdfast, STATUS_PREFIX + "1,");
            client.closeNormally();

            assertEquals(0, holdfast.terminate());
            holdfast.assertNoStackTraceOrWorkerError();
        }
    }

    /**
     * Open connections one after another until one's handshake does not complete: the kernel queued it, but the
     * server could not accept it.
     */
    private static void openUntilAHandshakeStalls(
        final int port, final List<RawWebSocket> open, final List<RawWebSocket> pending) throws IOException
    {
        while (pending.isEmpty())
        {
            assertTrue(open.size() < MAX_CONNECTIONS_TO_EXHAUST,
                "the server did not run out of descriptors within " + open.size() + " connections");
            final RawWebSocket webSocket = RawWebSocket.connect(port, PATH);
            if (webSocket.awaitUpgrade(STALLED_HANDSHAKE_MS))
            {
                open.add(webSocket);
            }
            else
            {
                pending.add(webSocket);
            }
        }
    }

    private static void openUpgraded(final int port, final int count, final List<RawWebSocket> webSockets)
        throws IOException
    {
        for (int i = 0; i < count; i++)
        {
            final RawWebSocket webSocket = RawWebSocket.connect(port, PATH);
            webSockets.add(webSocket);
            assertTrue(webSocket.awaitUpgrade(REPLY_MS), "connection " + i + " not upgraded in " + REPLY_MS + " ms");
        }
    }

    private static void assertEchoes(final RawWebSocket webSocket, final String text) throws IOException
    {
        webSocket.sendText(text);
        final Frame echo = webSocket.readFrame(REPLY_MS);
        assertEquals(RawWebSocket.OPCODE_TEXT, echo.opcode());
        assertEquals(text, echo.text());
    }

    private static void answerGoingAway(final HoldfastProcess holdfast, final RawWebSocket webSocket, final int index)
        throws IOException
    {
        try
        {
            assertGoingAway(webSocket.readFrame(REPLY_MS));
            webSocket.sendClose(GOING_AWAY);
            webSocket.awaitEndOfStream(REPLY_MS);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("connection " + index + " failed its close handshake; stderr: " +
                holdfast.stderr(), ex);
        }
    }

    private static void assertGoingAway(final Frame frame)
    {
        assertEquals(RawWebSocket.OPCODE_CLOSE, frame.opcode(), "opcode");
        assertEquals(GOING_AWAY, frame.closeCode(), "close code");
    }

    private static void assertStoppingLine(final HoldfastProcess holdfast) throws Exception
    {
        final String line = holdfast.nextLine(STATUS_WAIT_SECONDS, SECONDS);
        assertNotNull(line, "nothing printed on stdout after the listening line");
        assertTrue(line.startsWith("holdfast stopping"), line);
    }

    /**
     * Wait for a status line starting with the prefix; every line before it must be a status line too.
     */
    private static void awaitStatusLine(final HoldfastProcess holdfast, final String prefix) throws Exception
    {
        final long deadlineNs = System.nanoTime() + SECONDS.toNanos(STATUS_WAIT_SECONDS);
        for (long leftNs = SECONDS.toNanos(STATUS_WAIT_SECONDS); leftNs > 0; leftNs = deadlineNs - System.nanoTime())
        {
            final String line = holdfast.nextLine(leftNs, NANOSECONDS);
            assertNotNull(line, "no status line starting '" + prefix + "' within " + STATUS_WAIT_SECONDS + " s");
            assertTrue(line.startsWith(STATUS_PREFIX), "not a status line: " + line);
            if (line.startsWith(prefix))
            {
                return;
            }
        }
        throw new AssertionError("no status line starting '" + prefix + "' within " + STATUS_WAIT_SECONDS + " s");
    }

    private static long remainingMs(final long sinceNs, final long budgetMs)
    {
        return Math.max(0, budgetMs - NANOSECONDS.toMillis(System.nanoTime() - sinceNs));
    }

    private static void closeAll(final List<RawWebSocket> webSockets)
    {
        for (final RawWebSocket webSocket : webSockets)
        {
            try
            {
                webSocket.close();
            }
            catch (final IOException ignore)
            {
                // Closing is best effort: the test has its answer already.
            }
        }
    }
}
