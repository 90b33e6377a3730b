package io.holdfast.ops.bench;

import io.holdfast.ops.Main;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code holdfast bench}: measures holdfast and its peers side by side, one server at a time, with the same
 * {@code holdfast load}, and writes {@code results.md}, {@code results.csv} and (when the RSS scenario ran)
 * {@code rss.svg} into a results folder (with {@code --publish}, the table and chart are also copied to
 * {@code ops/bench/results/} for commit).
 */
public final class BenchCommand
{
    private static final String LOAD_PACKAGE = "io/holdfast/ops/load";
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private BenchCommand()
    {
    }

    /**
     * @param args the arguments after {@code bench}.
     * @return the exit status: 0 once the results are written (failed measurements are in them), 1 when the bench
     *     cannot run, 2 for a bad command line.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final BenchOptions options;
        try
        {
            options = BenchOptions.parse(args);
        }
        catch (final BenchUsageException ex)
        {
            err.println("holdfast bench: " + ex.getMessage());
            err.println(BenchOptions.USAGE);
            return Main.EXIT_USAGE;
        }
        try
        {
            bench(options, out);
            return Main.EXIT_OK;
        }
        catch (final BenchException ex)
        {
            err.println("holdfast bench: " + ex.getMessage());
            return Main.EXIT_FAILED;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("holdfast bench: interrupted");
            return Main.EXIT_FAILED;
        }
    }

    private static void bench(final BenchOptions options, final PrintStream out)
        throws BenchException, InterruptedException
    {
        final BenchPaths paths = BenchPaths.ofRunningCode();
        if (BenchCommand.class.getClassLoader().getResource(LOAD_PACKAGE) == null)
        {
            throw new BenchException("this build has no holdfast load; rebuild with mvn -B -q install -DskipTests");
        }
        final ZonedDateTime start = ZonedDateTime.now(ZoneOffset.UTC);
        final Path output = options.output() != null ? options.output().toAbsolutePath() :
            paths.results().resolve(FOLDER.format(start));
        final ProcessProbe probe;
        try
        {
            Files.createDirectories(output.resolve("logs"));
            Files.createDirectories(output.resolve("load"));
            probe = ProcessProbe.create();
        }
        catch (final IOException ex)
        {
            throw new BenchException("cannot prepare " + output + ": " + ex.getMessage());
        }
        out.println("holdfast bench: results and logs in " + output);
        final Path javaHome = Path.of(System.getProperty("java.home"));
        final Bench bench = new Bench(options, paths, output, javaHome, new Progress(out), new ChildProcesses(),
            probe);
        final List<ServerResults> results = bench.run();

        final RunHeader header = new RunHeader(DATE.format(start), MachineInfo.describe(),
            runtimes(results, javaHome), options.commandLine(), method(options, bench));
        write(output, "results.md",
            ResultsMarkdown.write(header, results, options.steps(), bench.openLoopRateText()));
        write(output, "results.csv", ResultsCsv.write(results));
        if (options.runs(BenchOptions.RSS))
        {
            write(output, "rss.svg", RssChart.write("holdfast bench " + header.date(), results));
        }
        out.println("holdfast bench: wrote results.md, results.csv" + (options.runs(BenchOptions.RSS) ?
            " and rss.svg" : "") + " in " + output);
        if (options.publish())
        {
            publish(output, paths.results(), out);
        }
    }

    private static List<String> runtimes(final List<ServerResults> results, final Path javaHome)
    {
        final List<String> runtimes = new ArrayList<>();
        results.forEach((server) -> runtimes.add(server.name() + ": " + server.runtime()));
        runtimes.add("holdfast load: JDK " + BenchServer.jdkVersion(javaHome));
        return runtimes;
    }

    private static List<String> method(final BenchOptions options, final Bench bench)
    {
        final List<String> method = new ArrayList<>();
        method.add("Each server ran alone, one after another, on 127.0.0.1 with a fresh port; every JVM (holdfast, " +
            "the load generator) with its launcher's default options.");
        if (options.runs(BenchOptions.RSS))
        {
            method.add(String.format(Locale.ROOT, "Idle connections: opened at %,d/s from %s, each sending " +
                "{\"type\":\"ping\"} every %d s; RSS read %d s after the last was established; connections " +
                "accumulate: each step adds to those of the previous steps, which stay open (one holdfast load per " +
                "step).", LoadArguments.CONNECT_RATE, LoadArguments.SOURCE_ADDRESSES,
                LoadArguments.HEARTBEAT_SECONDS, Bench.SETTLE_MS / 1_000));
        }
        if (options.runs(BenchOptions.ECHO))
        {
            method.add(String.format(Locale.ROOT, "Echo: %d-byte text messages, closed loop (a connection sends its " +
                "next message when the echo arrives), %d s warm-up, then %d s measured; server and client CPU from " +
                "/proc/PID/stat over the measured window; client-bound: the client used %.0f%% of a core or more " +
                "(in open loop, only when the rate was not kept).",
                LoadArguments.ECHO_BYTES, options.warmupSeconds(), options.echoSeconds(),
                EchoSample.CLIENT_BOUND_SHARE * 100));
            method.add(String.format(Locale.ROOT, "Open loop: %,d connections, total rate %s, same warm-up and " +
                "length.", options.openLoopConnections(), bench.openLoopRateText()));
        }
        if (options.runs(BenchOptions.BROADCAST))
        {
            method.add(String.format(Locale.ROOT, "Broadcast (%s only, each started afresh, holdfast with " +
                "holdfast.handler=pubsub): the subscribers subscribe to topic %s and each has its acknowledgement " +
                "before one more connection publishes, every %d ms, a message each subscriber receives as %d bytes " +
                "of text, stamped with its send time; subscribers send {\"type\":\"ping\"} every %d s; %d s " +
                "warm-up, then %d s measured; server CPU per delivery from /proc/PID/stat over the measured window.",
                String.join(", ", BenchOptions.BROADCAST_SERVERS), LoadArguments.TOPIC,
                LoadArguments.PUBLISH_INTERVAL_MS, LoadArguments.BROADCAST_BYTES, LoadArguments.HEARTBEAT_SECONDS,
                options.warmupSeconds(), options.broadcastSeconds()));
        }
        return method;
    }

    private static void publish(final Path output, final Path results, final PrintStream out) throws BenchException
    {
        try
        {
            Files.copy(output.resolve("results.md"), results.resolve("latest.md"),
                StandardCopyOption.REPLACE_EXISTING);
            Files.copy(output.resolve("rss.svg"), results.resolve("rss.svg"), StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new BenchException("cannot publish into " + results + ": " + ex.getMessage());
        }
        out.println("holdfast bench: published latest.md and rss.svg in " + results);
    }

    private static void write(final Path output, final String name, final String content) throws BenchException
    {
        try
        {
            Files.writeString(output.resolve(name), content);
        }
        catch (final IOException ex)
        {
            throw new BenchException("cannot write " + output.resolve(name) + ": " + ex.getMessage());
        }
    }
}
