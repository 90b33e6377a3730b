package io.holdfast.ops;

import io.holdfast.ops.load.LoadMode;
import io.holdfast.ops.load.LoadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code holdfast load}'s command line: every option read as documented, and a bad command line refused with one
 * clear line, the usage and exit status 2 before any connection is opened.
 */
final class LoadCommandTest
{
    private static final String URL = "ws://127.0.0.1:8080/ws";

    @Test
    void readsEveryOption() throws Exception
    {
        final LoadOptions options = LoadCommand.parse(new String[]{"--url", URL, "--connections", "19000",
            "--rate", "2000/s", "--source-addresses", "127.0.0.2-127.0.0.20,127.0.1.1", "--ping", "10s",
            "--echo", "4KiB", "--msg-rate", "25000/s", "--binary", "--warmup", "5s", "--duration", "20s",
            "--max-failures", "3", "--output", "results", "--name", "holdfast-echo_1", "--threads", "2"});

        assertEquals(URL, options.url().toString());
        assertEquals(8080, options.target().getPort());
        assertTrue(options.target().getAddress().isLoopbackAddress());
        assertEquals(19_000, options.connections());
        assertEquals(2_000, options.connectRate());
        assertEquals(20, options.sourceAddresses().size());
        assertEquals(InetAddress.getByName("127.0.0.2"), options.sourceAddresses().get(0));
        assertEquals(InetAddress.getByName("127.0.0.20"), options.sourceAddresses().get(18));
        assertEquals(InetAddress.getByName("127.0.1.1"), options.sourceAddresses().get(19));
        assertEquals(10_000, options.pingIntervalMs());
        assertEquals(LoadMode.OPEN_LOOP, options.mode());
        assertEquals(4_096, options.messageSize());
        assertEquals(25_000, options.messageRate());
        assertTrue(options.binary());
        assertEquals(5_000, options.warmupMs());
        assertEquals(20_000, options.durationMs());
        assertEquals(3, options.maxFailures());
        assertEquals(Path.of("results"), options.outputDirectory());
        assertEquals("holdfast-echo_1", options.name());
        assertEquals(2, options.threads());
    }

    @Test
    void defaultsToHoldingAThousandConnectionsForThirtySeconds() throws Exception
    {
        final LoadOptions options = LoadCommand.parse(new String[]{"--url", "ws://localhost:9000"});

        assertEquals(LoadMode.HOLD, options.mode());
        assertEquals(1_000, options.connections());
        assertEquals(1_000, options.connectRate());
        assertEquals(List.of(), options.sourceAddresses());
        assertEquals(30_000, options.pingIntervalMs());
        assertEquals(30_000, options.durationMs());
        assertEquals(0, options.maxFailures());
        assertEquals(null, options.outputDirectory());
        assertEquals("load", options.name());
        assertEquals(1, options.threads());
        assertEquals(LoadMode.CLOSED_LOOP,
            LoadCommand.parse(new String[]{"--url", URL, "--echo", "256", "--closed-loop"}).mode());
    }

    @Test
    void readsTheBroadcastOptions() throws Exception
    {
        final LoadOptions options = LoadCommand.parse(new String[]{"--url", URL, "--broadcast", "1KiB",
            "--subscribers", "10000", "--publish-interval", "250ms", "--topic", "market/eur-usd:ticks"});

        assertEquals(LoadMode.BROADCAST, options.mode());
        assertEquals(1_024, options.messageSize());
        assertEquals(10_000, options.subscribers());
        assertEquals(10_001, options.connections(), "the subscribers and the publisher");
        assertEquals(250, options.publishIntervalMs());
        assertEquals("market/eur-usd:ticks", options.topic());

        final LoadOptions defaults = LoadCommand.parse(new String[]{"--url", URL, "--broadcast", "256"});
        assertEquals(1_000, defaults.subscribers());
        assertEquals(100, defaults.publishIntervalMs());
        assertEquals("bench", defaults.topic());
        assertEquals(30_000 / 100 + 1, defaults.maxPublishes());
    }

    @Test
    void takesOneHeaderLineForTheUpgradeRequests() throws Exception
    {
        assertEquals("Authorization: Bearer a.b-c_d", LoadCommand.parse(new String[]{"--url", URL, "--header",
            "Authorization: Bearer a.b-c_d"}).header());
        assertEquals(null, LoadCommand.parse(new String[]{"--url", URL}).header());
        for (final String bad : List.of("Authorization", "Bad Name: x", "X-Empty:", "X-Line: a\r\nX-Other: b"))
        {
            final ConfigException refused = assertThrows(ConfigException.class,
                () -> LoadCommand.parse(new String[]{"--url", URL, "--header", bad}));
            assertEquals("--header " + bad + " is not valid; expected one header line NAME: VALUE of visible ASCII, " +
                "such as 'Authorization: Bearer TOKEN'", refused.getMessage());
        }
    }

    @Test
    void allowsARemoteTargetOnlyWhenAskedTo() throws Exception
    {
        final String remote = "ws://192.0.2.1:80/ws";
        final ConfigException refused = assertThrows(ConfigException.class,
            () -> LoadCommand.parse(new String[]{"--url", remote}));
        assertTrue(refused.getMessage().contains("not on this host (127.0.0.0/8 or ::1)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--allow-remote"), refused.getMessage());

        assertEquals("192.0.2.1", LoadCommand.parse(new String[]{"--url", remote, "--allow-remote"})
            .target().getAddress().getHostAddress());
        assertTrue(LoadCommand.parse(new String[]{"--url", "ws://[::1]:8080/ws"}).target().getAddress()
            .isLoopbackAddress());
    }

    @Test
    void refusesARemoteTargetWithExitStatusTwo()
    {
        final Output output = run("load", "--url", "ws://192.0.2.1:8080/ws", "--connections", "10");

        assertEquals(Main.EXIT_USAGE, output.status);
        assertEquals("", output.out);
        assertTrue(output.firstErrorLine().startsWith("holdfast load: --url ws://192.0.2.1:8080/ws is not on this " +
            "host"), output.err);
        assertTrue(output.err.contains("usage: holdfast load"), output.err);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--connections 10                                     | --url is required",
        "--url http://127.0.0.1:8080/ws                       | --url http://127.0.0.1:8080/ws is not valid",
        "--url wss://127.0.0.1:8080/ws                        | wss is not supported",
        "--url " + URL + " --frobnicate                       | unknown option '--frobnicate'",
        "--url " + URL + " --connections                      | --connections needs a value",
        "--url " + URL + " --connections 0                    | --connections 0 is not valid; expected a whole",
        "--url " + URL + " --connections 100001               | --connections 100001 is not valid",
        "--url " + URL + " --rate fast                        | --rate fast is not valid; expected a rate",
        "--url " + URL + " --duration 5                       | --duration 5 is not valid; expected a duration",
        "--url " + URL + " --echo 256                         | --echo needs one of --closed-loop or --msg-rate",
        "--url " + URL + " --echo 256 --closed-loop --msg-rate 10/s | --echo needs one of",
        "--url " + URL + " --closed-loop                      | --closed-loop and --msg-rate need --echo SIZE",
        "--url " + URL + " --hold --echo 256 --closed-loop    | --hold cannot be combined",
        "--url " + URL + " --echo 2MiB --closed-loop          | --echo 2MiB is not valid; expected a size",
        "--url " + URL + " --text --binary                    | --text and --binary exclude each other",
        "--url " + URL + " --warmup 30s                       | the warm-up must be shorter than the duration",
        "--url " + URL + " --name ../x                        | --name ../x is not valid; expected a file name",
        "--url " + URL + " --source-addresses 127.0.0.9-127.0.0.2 | expected addresses such as",
        "--url " + URL + " --source-addresses localhost       | expected addresses such as",
        "--url " + URL + " --threads 2 --connections 1        | threads must be from 1 to the number of connections",
        "--url " + URL + " --ping 1s --ping 2s                | --ping is given twice",
        "--url " + URL + " --broadcast 256 --connections 10   | --broadcast counts its connections with --subscribers",
        "--url " + URL + " --broadcast 256 --echo 256 --closed-loop | --broadcast cannot be combined with --hold",
        "--url " + URL + " --subscribers 10                   | --subscribers, --publish-interval, --topic need " +
            "--broadcast SIZE",
        "--url " + URL + " --broadcast 75                     | the broadcast message size must be at least 76 bytes " +
            "on topic bench",
        "--url " + URL + " --broadcast 256 --topic a?b        | the topic must be 1 to 128 letters, digits and",
        "--url " + URL + " --broadcast 256 --binary           | broadcast messages are JSON text, not binary",
        "--url " + URL + " --broadcast 256 --publish-interval 0ms | --publish-interval 0ms is not valid",
        "--url " + URL + " --broadcast 256 --publish-interval 1ms --duration 101s | at most 100000 publishes per run",
        "--url " + URL + " --broadcast 256 --subscribers 100000 | --subscribers 100000 is not valid",
    })
    void refusesABadCommandLineWithOneLineAndTheUsage(final String arguments, final String message)
    {
        final String[] args = ("load " + arguments.trim()).split(" +");
        final Output output = run(args);

        assertEquals(Main.EXIT_USAGE, output.status, output.err);
        assertEquals("", output.out);
        assertTrue(output.firstErrorLine().startsWith("holdfast load: "), output.err);
        assertTrue(output.firstErrorLine().contains(message.trim()), output.err);
        assertTrue(output.err.lines().skip(1).findFirst().orElse("").startsWith("usage: holdfast load"),
            output.err);
        HoldfastProcess.assertNoStackTrace(output.err);
    }

    @Test
    void printsItsUsageOnRequestAndIsListedInTheCommands()
    {
        final Output help = run("load", "--help");
        assertEquals(Main.EXIT_OK, help.status);
        assertTrue(help.out.startsWith("usage: holdfast load --url"), help.out);
        assertTrue(help.out.contains("--msg-rate N/s"), help.out);

        final Output commands = run("help");
        assertTrue(commands.out.contains("  load --url"), commands.out);
    }

    private static Output run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * What one in-process run of the command printed.
     */
    private record Output(int status, String out, String err)
    {
        String firstErrorLine()
        {
            return err.lines().findFirst().orElse("");
        }
    }
}
