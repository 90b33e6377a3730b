package io.holdfast.ops;

import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code holdfast errors}, run as its own process against a real server that failed for real: accepting with no
 * file descriptor left.
 */
@Timeout(value = 60, unit = SECONDS)
final class ErrorsCommandIT
{
    private static final String TOO_MANY_OPEN_FILES = "java.io.IOException: Too many open files";
    /** The server JVM holds ~20 descriptors once listening; this leaves room for a few tens of connections. */
    private static final int OPEN_FILE_LIMIT = 64;
    /** Far more than the server can accept; the kernel queues the rest. */
    private static final int MAX_CONNECTIONS_TO_EXHAUST = 1_000;
    private static final int CONNECTIONS_PER_BATCH = 20;
    /** Long enough for the server to accept a batch; short enough to try the next one soon. */
    private static final long BATCH_ACCEPTED_MS = 1_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    @TempDir
    Path directory;

    @Test
    void shouldShowAFailedAcceptWithItsCountTimesAndStackTrace() throws Exception
    {
        final Path run = directory.resolve("server");
        final List<Socket> sockets = new ArrayList<>();
        // --force: more connections than descriptors is the point here, and the preflight's open files FAIL.
        try (HoldfastProcess server = HoldfastProcess.startWithOpenFileLimit(directory, OPEN_FILE_LIMIT, "serve",
            "--force", LOOPBACK, ANY_PORT, NO_STATUS, "holdfast.workers=1", "holdfast.max.connections=1000",
            "holdfast.dir=" + run))
        {
            final int port = server.awaitPort();
            // The kernel completes each connection; the server accepts them until it has no descriptor left.
            do
            {
                assertTrue(sockets.size() < MAX_CONNECTIONS_TO_EXHAUST,
                    "the server did not run out of descriptors within " + sockets.size() + " connections");
                for (int i = 0; i < CONNECTIONS_PER_BATCH; i++)
                {
                    sockets.add(connect(port));
                }
            }
            while (!awaitStderr(server, TOO_MANY_OPEN_FILES));

            final Result result = HoldfastProcess.runToExit(directory, "errors", "--dir", run.toString());

            assertEquals(0, result.status(), "stderr: " + result.stderr());
            final List<String> stdout = result.stdout();
            final int error = stdout.indexOf(TOO_MANY_OPEN_FILES);
            assertTrue(error > 0, String.join("\n", stdout));
            assertTrue(stdout.get(error - 1).matches("\\d+ observations?, first \\d{4}-\\S+Z, last \\d{4}-\\S+Z"),
                stdout.get(error - 1));
            assertTrue(stdout.get(error + 1).startsWith("\tat "), stdout.get(error + 1));
            assertTrue(stdout.get(stdout.size() - 1).matches("\\d+ distinct errors?, \\d+ observations?"),
                stdout.get(stdout.size() - 1));
            assertEquals(1, server.stderr().lines().filter((line) -> line.contains(TOO_MANY_OPEN_FILES)).count(),
                "one line on stderr however often it failed: " + server.stderr());
            HoldfastProcess.assertNoStackTrace(server.stderr());

            closeAll(sockets);
            assertEquals(0, server.terminate());
        }
        finally
        {
            closeAll(sockets);
        }
    }

    @Test
    void shouldSayNoErrorsRecordedAndThenThatTheKilledServerIsNotRunning() throws Exception
    {
        final Path run = directory.resolve("server");
        final long pid;
        try (HoldfastProcess server = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            "holdfast.dir=" + run))
        {
            server.awaitPort();
            pid = server.pid();

            final Result running = HoldfastProcess.runToExit(directory, "errors", "--dir", run.toString());

            assertEquals(0, running.status(), "stderr: " + running.stderr());
            assertEquals(List.of("no errors recorded"), running.stdout());
            assertEquals("", running.stderr());
        }

        final Result killed = HoldfastProcess.runToExit(directory, "errors", "--dir", run.toString());

        assertEquals(Main.EXIT_FAILED, killed.status());
        assertEquals(List.of("no errors recorded"), killed.stdout());
        assertTrue(killed.stderr().startsWith("holdfast errors: the server that wrote " +
            run.resolve("counters.dat") + " (pid " + pid + ") is not running (last heartbeat "), killed.stderr());
    }

    @Test
    void shouldSayWhenNoServerHasRunWithTheDirectory() throws Exception
    {
        final Path empty = directory.resolve("empty");

        final Result result = HoldfastProcess.runToExit(directory, "errors", "--dir", empty.toString());

        result.assertOneLineError(Main.EXIT_FAILED,
            "holdfast errors: no holdfast server has run with directory " + empty + " (no counters.dat)");
    }

    @Test
    void shouldRefuseAnUnexpectedArgumentWithUsage() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "errors", "--bogus");

        result.assertFirstLineError(Main.EXIT_USAGE, "holdfast errors: unexpected argument '--bogus'");
        assertTrue(result.stderr().contains("usage: holdfast errors"), result.stderr());
    }

    /**
     * @return whether the server printed the text on stderr within {@link #BATCH_ACCEPTED_MS}.
     */
    private static boolean awaitStderr(final HoldfastProcess server, final String text) throws Exception
    {
        final long deadlineNs = System.nanoTime() + BATCH_ACCEPTED_MS * 1_000_000;
        while (!server.stderr().contains(text))
        {
            if (System.nanoTime() > deadlineNs)
            {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static Socket connect(final int port) throws IOException
    {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
        return socket;
    }

    private static void closeAll(final List<Socket> sockets) throws IOException
    {
        for (final Socket socket : sockets)
        {
            socket.close();
        }
    }
}
