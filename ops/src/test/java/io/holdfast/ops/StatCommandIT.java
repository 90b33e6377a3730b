package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.JdkWebSocketClient;
import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code holdfast stat}, run as its own process against a real server: the numbers it prints are what the clients
 * did, and it says clearly when there is no server or the server is gone.
 */
@Timeout(value = 60, unit = SECONDS)
final class StatCommandIT
{
    private static final String HEARTBEAT = "{\"type\":\"ping\"}";
    private static final String HEARTBEAT_REPLY = "{\"type\":\"pong\"}";
    private static final int CLIENTS = 3;
    private static final long AWAIT_MS = 10_000;
    private static final Pattern ROW = Pattern.compile(" +(\\S.*?) +(\\d+)(?: +(\\d+\\.\\d)/s)?");

    @TempDir
    Path directory;

    @Test
    void shouldPrintWhatTheClientsDidWithRates() throws Exception
    {
        final Path run = directory.resolve("server");
        final List<JdkWebSocketClient> clients = new ArrayList<>();
        try (HoldfastProcess server = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            "holdfast.dir=" + run))
        {
            final int port = server.awaitPort();
            for (int i = 0; i < CLIENTS; i++)
            {
                final JdkWebSocketClient client = JdkWebSocketClient.connect(HoldfastProcess.uri(port, "/ws"));
                clients.add(client);
                assertEquals(HEARTBEAT_REPLY, client.roundTrip(HEARTBEAT));
                assertEquals("hello", client.roundTrip("hello"));
                assertEquals("again", client.roundTrip("again"));
            }
            clients.get(0).closeNormally();
            assertThrows(Exception.class, () -> JdkWebSocketClient.connect(HoldfastProcess.uri(port, "/missing")));
            awaitTotals(run, (totals) -> totals.closed(CloseReason.CLIENT_CLOSE) == 1 && totals.rejected(404) == 1);

            final Result result = HoldfastProcess.runToExit(directory, "stat", "--dir", run.toString(),
                "--count", "2", "--interval", "200ms");

            assertEquals(0, result.status(), "stderr: " + result.stderr());
            final List<Block> blocks = blocks(result.stdout());
            assertEquals(2, blocks.size(), String.join("\n", result.stdout()));
            assertHeader(blocks.get(0), server.pid(), Pattern.quote("since start"));
            // The interval, 0.2 s, and the time stat took to print the first block: more on a busy machine.
            assertHeader(blocks.get(1), server.pid(), "over (0\\.[2-9]|[1-9]\\d*\\.\\d)s");
            for (final Block block : blocks)
            {
                assertEquals(CLIENTS - 1, block.value("connections active"));
                assertEquals(CLIENTS, block.value("connections opened"));
                assertEquals(1, block.value("connections closed"));
                assertEquals(1, block.value("client close"));
                assertEquals(0, block.value("idle timeout"));
                assertEquals(CLIENTS, block.value("handshakes accepted"));
                assertEquals(1, block.value("handshakes rejected"));
                assertEquals(1, block.value("404 path, handler"));
                assertEquals(0, block.value("400 request, handler"));
                assertEquals(3 * CLIENTS, block.value("messages received"));
                assertEquals(3 * CLIENTS, block.value("messages sent"));
                assertEquals(CLIENTS, block.value("pings received"));
                assertEquals(CLIENTS, block.value("pongs sent"));
                assertTrue(block.value("bytes received") > 0 && block.value("bytes sent") > 0, block.toString());
                assertEquals(0, block.value("pending output bytes"));
                assertEquals(0, block.value("errors"));
                assertEquals(0, block.value("topics"));
                assertEquals(0, block.value("subscriptions"));
                assertEquals(0, block.value("publishes"));
                assertEquals(0, block.value("deliveries"));
                assertEquals(0, block.value("messages dropped"));
                assertTrue(block.value("worker 0 duty cycle max us") > 0, block.toString());
            }
            assertTrue(Double.parseDouble(blocks.get(0).rate("messages received")) > 0, blocks.get(0).toString());
            assertEquals("0.0", blocks.get(1).rate("messages received"), "no messages between the blocks");
            assertEquals("", blocks.get(1).rate("connections active"), "a gauge has no rate");

            for (final JdkWebSocketClient client : clients.subList(1, CLIENTS))
            {
                client.closeNormally();
            }
            assertEquals(0, server.terminate());
            server.assertNoStackTraceOrWorkerError();
        }
    }

    @Test
    void shouldSayWhenNoServerHasRunWithTheDirectory() throws Exception
    {
        final Path empty = directory.resolve("empty");

        final Result result = HoldfastProcess.runToExit(directory, "stat", "--dir", empty.toString());

        result.assertOneLineError(Main.EXIT_FAILED,
            "holdfast stat: no holdfast server has run with directory " + empty + " (no counters.dat)");
    }

    @Test
    void shouldFindTheDirectoryAsServeDoesFromAKeyValueArgument() throws Exception
    {
        final Path empty = directory.resolve("configured");

        final Result result = HoldfastProcess.runToExit(directory, "stat", "holdfast.dir=" + empty);

        result.assertOneLineError(Main.EXIT_FAILED, "no holdfast server has run with directory " + empty);
    }

    @Test
    void shouldSayWhenTheServerThatWroteTheFileIsNotRunning() throws Exception
    {
        final Path run = directory.resolve("killed");
        final long pid;
        try (HoldfastProcess server = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            "holdfast.dir=" + run))
        {
            server.awaitPort();
            pid = server.pid();
        }

        final Result result = HoldfastProcess.runToExit(directory, "stat", "--dir", run.toString());

        result.assertOneLineError(Main.EXIT_FAILED, "holdfast stat: the server that wrote " +
            run.resolve("counters.dat") + " (pid " + pid + ") is not running (last heartbeat ");
    }

    @Test
    void shouldRefuseABadIntervalWithUsage() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "stat", "--interval", "soon");

        result.assertFirstLineError(Main.EXIT_USAGE, "holdfast stat: --interval soon is not valid");
        assertTrue(result.stderr().contains("usage: holdfast stat"), result.stderr());
    }

    /**
     * Wait until the server's counters, read here through its file, satisfy the condition: the engine counts a
     * close or a rejection on its worker thread, a moment after the client saw it.
     */
    private static void awaitTotals(final Path run, final Predicate<EngineTotals> condition) throws Exception
    {
        final EngineTotals totals = new EngineTotals();
        try (CountersFileReader file = CountersFileReader.open(run))
        {
            final long deadlineNs = System.nanoTime() + AWAIT_MS * 1_000_000;
            while (!condition.test(totals.read(file.counters())))
            {
                assertTrue(System.nanoTime() < deadlineNs, "counters not as expected within " + AWAIT_MS + " ms: " +
                    "closed " + totals.get(CounterTypes.CONNECTIONS_CLOSED) + ", rejected " +
                    totals.get(CounterTypes.HANDSHAKES_REJECTED));
                Thread.onSpinWait();
            }
        }
    }

    private static void assertHeader(final Block block, final long pid, final String ratesPattern)
    {
        assertTrue(block.header.matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z  pid " + pid +
            "  up \\d\\d:\\d\\d:\\d\\d  heartbeat \\d+\\.\\ds ago  rates per second " + ratesPattern),
            block.header);
    }

    /**
     * Split stat's output into blocks: a header line, then rows until a blank line.
     */
    private static List<Block> blocks(final List<String> lines)
    {
        final List<Block> blocks = new ArrayList<>();
        Block block = null;
        for (final String line : lines)
        {
            if (line.isEmpty())
            {
                block = null;
            }
            else if (block == null)
            {
                block = new Block(line, new HashMap<>(), new HashMap<>());
                blocks.add(block);
            }
            else
            {
                final Matcher row = ROW.matcher(line);
                assertTrue(row.matches(), "not a row: '" + line + "'");
                block.values.put(row.group(1), Long.parseLong(row.group(2)));
                block.rates.put(row.group(1), row.group(3) == null ? "" : row.group(3));
            }
        }
        return blocks;
    }

    /**
     * One block of stat's output: its header line and each row's value and rate.
     */
    private record Block(String header, Map<String, Long> values, Map<String, String> rates)
    {
        long value(final String label)
        {
            assertTrue(values.containsKey(label), "no row '" + label + "' in " + this);
            return values.get(label);
        }

        String rate(final String label)
        {
            value(label);
            return rates.get(label);
        }
    }
}
