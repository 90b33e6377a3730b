package io.holdfast.ops;

import io.holdfast.ops.HoldfastProcess.Result;
import io.holdfast.ops.load.ResultFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code holdfast load} as an operator runs it, from the packaged launcher against a server the launcher started:
 * its report lines are what the server counted, it writes its files, closes every connection at the end (or on
 * SIGTERM) and exits 1 when more connections failed than allowed.
 */
@Timeout(value = 90, unit = SECONDS)
final class LoadCommandIT
{
    private static final Pattern ESTABLISHED = Pattern.compile("holdfast load: established (\\d+) connections " +
        "\\(failed (\\d+)\\) in \\d+\\.\\d{3} s, handshake p50 (\\d+) us p99 (\\d+) us");
    private static final Pattern ECHO = Pattern.compile("holdfast load: echo (\\d+) messages in (\\d+\\.\\d{3}) s, " +
        "(\\d+) msg/s, latency us p50 (\\d+) p90 (\\d+) p99 (\\d+) p99\\.9 (\\d+) max (\\d+)");
    private static final Pattern HEARTBEATS =
        Pattern.compile("holdfast load: heartbeats (\\d+) pings sent, (\\d+) pongs received");
    private static final Pattern CLOSED = Pattern.compile("holdfast load: closed (\\d+) connections");
    private static final Pattern CPU =
        Pattern.compile("holdfast load: client cpu (\\d+\\.\\d{3}) s \\((\\d+)% of one core\\)");
    private static final long AWAIT_MS = 10_000;

    @TempDir
    Path directory;

    @Test
    void closedLoopEchoReportsWhatTheServerCountedAndWritesItsFiles() throws Exception
    {
        final Path output = directory.resolve("results");
        try (HoldfastProcess server = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS))
        {
            final String url = "ws://127.0.0.1:" + server.awaitPort() + "/ws";
            final Result result = HoldfastProcess.runToExit(directory, "load", "--url", url, "--connections", "300",
                "--rate", "3000/s", "--source-addresses", "127.0.0.2-127.0.0.4", "--ping", "200ms",
                "--echo", "256", "--closed-loop", "--warmup", "1s", "--duration", "3s",
                "--output", output.toString(), "--name", "echo");

            assertEquals(0, result.status(), "stderr: " + result.stderr());
            assertEquals("", result.stderr());
            final List<String> lines = result.stdout();
            final Matcher established = OutputLines.only(lines, ESTABLISHED);
            assertEquals("300", established.group(1), String.join("\n", lines));
            assertEquals("0", established.group(2));
            final Matcher echo = OutputLines.only(lines, ECHO);
            final long messages = Long.parseLong(echo.group(1));
            assertTrue(messages > 0, String.join("\n", lines));
            assertEquals("2.000", echo.group(2));
            final Matcher heartbeats = OutputLines.only(lines, HEARTBEATS);
            assertEquals(heartbeats.group(1), heartbeats.group(2), "a pong for every ping");
            assertEquals("300", OutputLines.only(lines, CLOSED).group(1));
            OutputLines.only(lines, CPU);
            assertTrue(lines.get(0).startsWith("holdfast load: established"), "the established line comes first");

            final Map<String, String> stats = awaitServerStats(server, "0");
            assertEquals("300", stats.get("connections.closedByReason.client_close"), stats.toString());
            assertEquals(heartbeats.group(1), stats.get("heartbeats.pingsReceived"));

            final List<String> csv = Files.readAllLines(output.resolve("echo.csv"));
            assertEquals(2, csv.size(), csv.toString());
            assertEquals(ResultFiles.CSV_HEADER, csv.get(0));
            assertTrue(csv.get(1).startsWith("echo," + url + ",closed-loop,300,300,0," + established.group(3) +
                "," + established.group(4) + "," + messages + ",2.000,"), csv.get(1));
            assertTrue(Files.readString(output.resolve("echo.hgrm"))
                .contains("Total count    = " + String.format("%12d", messages)));
            assertTrue(lines.contains("holdfast load: wrote " + output.resolve("echo.hgrm") + ", " +
                output.resolve("echo-handshake.hgrm") + ", " + output.resolve("echo.csv") +
                " (latency in microseconds)"), String.join("\n", lines));
        }
    }

    @Test
    void holdEndsOnSigtermByClosingEveryConnection() throws Exception
    {
        try (HoldfastProcess server = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS))
        {
            final String url = "ws://127.0.0.1:" + server.awaitPort() + "/ws";
            final List<String> lines = new ArrayList<>();
            try (HoldfastProcess load = HoldfastProcess.start(directory, "load", "--url", url,
                "--connections", "400", "--rate", "4000/s", "--hold", "--ping", "1s", "--duration", "60s"))
            {
                final String first = load.nextLine(HoldfastProcess.LISTENING_SECONDS, SECONDS);
                assertNotNull(first, "no established line; stderr: " + load.stderr());
                lines.add(first);
                assertEquals("400", matcher(ESTABLISHED, first).group(1));
                assertEquals("400", awaitServerStats(server, "400").get("connections.active"));

                load.signalTerminate();
                assertEquals(0, load.awaitExit(HoldfastProcess.EXIT_SECONDS, SECONDS), "stderr: " + load.stderr());
                for (String line = load.nextLine(1, SECONDS); line != null; line = load.nextLine(1, SECONDS))
                {
                    lines.add(line);
                }
                load.assertNoStackTraceOrWorkerError();
            }
            assertEquals("400", OutputLines.only(lines, CLOSED).group(1));
            assertFalse(String.join("\n", lines).contains("without the server's close frame"), lines.toString());
            assertFalse(String.join("\n", lines).contains("holdfast load: echo"), lines.toString());
            final Map<String, String> stats = awaitServerStats(server, "0");
            assertEquals("400", stats.get("connections.closedByReason.client_close"), stats.toString());
        }
    }

    @Test
    void exitsOneWhenMoreConnectionsFailThanAllowed() throws Exception
    {
        try (HoldfastProcess server = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            "holdfast.workers=1", "holdfast.max.connections=50"))
        {
            final String url = "ws://127.0.0.1:" + server.awaitPort() + "/ws";
            final Result result = HoldfastProcess.runToExit(directory, "load", "--url", url, "--connections", "100",
                "--duration", "500ms", "--max-failures", "49");

            assertEquals(Main.EXIT_FAILED, result.status(), String.join("\n", result.stdout()));
            final Matcher established = OutputLines.only(result.stdout(), ESTABLISHED);
            assertEquals("50", established.group(1));
            assertEquals("50", established.group(2));
            assertTrue(result.stdout().stream().anyMatch((line) -> line.matches(
                "holdfast load: failed \\d+: handshake rejected 503")), String.join("\n", result.stdout()));
            assertEquals("50", OutputLines.only(result.stdout(), CLOSED).group(1));
            assertEquals("holdfast load: 50 connections failed, more than --max-failures 49",
                result.stderr().strip());
        }
    }

    @Test
    void refusesARemoteTarget() throws Exception
    {
        HoldfastProcess.runToExit(directory, "load", "--url", "ws://192.0.2.1:8080/ws")
            .assertFirstLineError(Main.EXIT_USAGE, "holdfast load: --url ws://192.0.2.1:8080/ws is not on this host",
                "--allow-remote");
    }

    /**
     * Wait for the server's open connections to reach a count, through its admin endpoint's {@code /stats}.
     *
     * @return the page's leaves once they do.
     */
    private static Map<String, String> awaitServerStats(final HoldfastProcess server, final String active)
        throws Exception
    {
        final AdminClient admin = new AdminClient(server.adminPort());
        final long deadline = System.currentTimeMillis() + AWAIT_MS;
        Map<String, String> stats = AdminPages.parseJson(admin.get("/stats").body());
        while (!active.equals(stats.get("connections.active")) && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(50);
            stats = AdminPages.parseJson(admin.get("/stats").body());
        }
        assertEquals(active, stats.get("connections.active"), stats.toString());
        return stats;
    }

    private static Matcher matcher(final Pattern pattern, final String line)
    {
        final Matcher matcher = pattern.matcher(line);
        assertTrue(matcher.matches(), line);
        return matcher;
    }
}
