package io.holdfast.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the side-by-side benchmark: each server in turn, alone, on a fresh port: RSS at each idle-connection step,
 * the connections accumulating from step to step ({@link HeldConnections}), closed-loop echo at each echo connection
 * count, one open-loop run at a fixed total rate, then the server is stopped; then, for the servers that speak
 * pub/sub, the server is started afresh in its pub/sub form for a broadcast run at each subscriber count. Only the
 * scenarios asked for run. Every measurement that fails is recorded with what happened and the bench goes on; a
 * server that exits is started again for the next measurement.
 */
final class Bench
{
    static final long SETTLE_MS = 2_000;
    static final int DEFAULT_OPEN_LOOP_RATE = 10_000;
    static final String GO = "go";

    private static final long SLACK_MS = 30_000;
    private static final long INSTALL_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(20);
    private static final long MAX_WINDOW_MARGIN_MS = 1_000;
    private static final int WINDOW_MARGIN_FRACTION = 8;
    private static final double MILLION = 1_000_000.0;

    private final BenchOptions options;
    private final BenchPaths paths;
    private final Path logs;
    private final Path summaries;
    private final Path scratch;
    private final Path javaHome;
    private final Progress progress;
    private final ChildProcesses children;
    private final ProcessProbe probe;
    private int openLoopRate;
    private String openLoopRateOrigin;

    /**
     * @param output   the results folder, with its {@code logs} and {@code load} subfolders made; servers' scratch
     *                 folders go in its {@code run} subfolder.
     * @param javaHome the JDK of holdfast's first row, the JVM peers and the load generator.
     */
    Bench(final BenchOptions options, final BenchPaths paths, final Path output, final Path javaHome,
        final Progress progress, final ChildProcesses children, final ProcessProbe probe)
    {
        this.options = options;
        this.paths = paths;
        this.logs = output.resolve("logs");
        this.summaries = output.resolve("load");
        this.scratch = output.resolve("run");
        this.javaHome = javaHome;
        this.progress = progress;
        this.children = children;
        this.probe = probe;
        openLoopRate = options.openLoopRate();
        openLoopRateOrigin = "--open-loop-rate";
    }

    /**
     * @return the servers in the order they run: Go first when it sets the open-loop rate, so that every server's
     *     open-loop run has the same rate; else as given.
     */
    static List<String> order(final BenchOptions options)
    {
        final List<String> servers = new ArrayList<>(options.servers());
        if (options.runs(BenchOptions.ECHO) && options.openLoopRate() == 0 && servers.remove(GO))
        {
            servers.add(0, GO);
        }
        return servers;
    }

    /**
     * Measure every server.
     */
    List<ServerResults> run() throws InterruptedException
    {
        final List<ServerResults> results = new ArrayList<>();
        for (final String name : order(options))
        {
            results.add(measure(BenchServer.of(name, paths, javaHome)));
        }
        return results;
    }

    /**
     * @return the open-loop rate every server got and where it came from.
     */
    String openLoopRateText()
    {
        return String.format(Locale.ROOT, "%,d msg/s (%s)", openLoopRate == 0 ? DEFAULT_OPEN_LOOP_RATE : openLoopRate,
            openLoopRate == 0 ? "default" : openLoopRateOrigin);
    }

    private ServerResults measure(final BenchServer server) throws InterruptedException
    {
        if (server.unavailable() != null)
        {
            return skipped(new ServerResults(server.name(), server.runtime(null)), server.unavailable());
        }
        if (options.scenarios().equals(List.of(BenchOptions.BROADCAST)) &&
            !BenchOptions.BROADCAST_SERVERS.contains(server.name()))
        {
            return skipped(new ServerResults(server.name(), server.runtime(null)),
                "skipped: only the broadcast scenario was asked for, and this peer has no pub/sub");
        }
        final String installed;
        try
        {
            installed = install(server);
        }
        catch (final BenchRunException ex)
        {
            return skipped(new ServerResults(server.name(), server.runtime(null)),
                "skipped: install.sh failed: " + ex.getMessage());
        }
        final ServerResults results = new ServerResults(server.name(), server.runtime(installed));
        if (options.runs(BenchOptions.RSS) || options.runs(BenchOptions.ECHO))
        {
            try (ServerRun run = new ServerRun(server, results, paths, logs, scratch, children, progress))
            {
                if (options.runs(BenchOptions.RSS))
                {
                    rssSteps(run, results);
                }
                if (options.runs(BenchOptions.ECHO))
                {
                    echoRuns(run, results);
                }
                run.stop();
            }
        }
        if (options.runs(BenchOptions.BROADCAST) && BenchOptions.BROADCAST_SERVERS.contains(server.name()))
        {
            try (ServerRun run = new ServerRun(server.pubSub(), results, paths, logs, scratch, children, progress))
            {
                for (final int subscribers : options.subscribers())
                {
                    results.add(broadcast(run, subscribers));
                }
                run.stop();
            }
        }
        return results;
    }

    private void rssSteps(final ServerRun run, final ServerResults results) throws InterruptedException
    {
        try (HeldConnections held = new HeldConnections())
        {
            final int[] steps = options.steps();
            for (int i = 0; i < steps.length; i++)
            {
                results.add(rss(run, held, steps[i], holdSeconds(steps, i)));
            }
            for (final String problem : held.stop())
            {
                results.note(problem);
                progress.say(run.name(), problem);
            }
        }
    }

    private void echoRuns(final ServerRun run, final ServerResults results) throws InterruptedException
    {
        for (final int connections : options.echoConnections())
        {
            results.add(echo(run, connections, 0));
        }
        chooseOpenLoopRate(results);
        results.add(echo(run, options.openLoopConnections(), openLoopRate));
    }

    private ServerResults skipped(final ServerResults results, final String why)
    {
        results.note(why);
        progress.say(results.name(), why);
        return results;
    }

    /**
     * Run the peer's installer, showing what it says.
     *
     * @return its last line on stderr (the peer's "ready" line, with versions), or null when there is no installer.
     */
    private String install(final BenchServer server) throws BenchRunException, InterruptedException
    {
        final List<String> command = server.installCommand();
        if (command == null)
        {
            return null;
        }
        progress.say(server.name(), "installing (" + String.join(" ", command) + ")");
        final Path log = logs.resolve(server.name() + "-install");
        try (ChildProcess installer = ChildProcess.start(command, server.environment(), paths.root(), log, children))
        {
            final boolean ended = installer.awaitExit(System.nanoTime() +
                TimeUnit.MILLISECONDS.toNanos(INSTALL_TIMEOUT_MS));
            for (final String line : Files.readAllLines(Path.of(log + ".err")))
            {
                progress.say(server.name(), "install: " + line);
            }
            if (!ended)
            {
                throw new BenchRunException("still running after " + INSTALL_TIMEOUT_MS + " ms: killed");
            }
            if (installer.exitStatus() != 0)
            {
                throw new BenchRunException("exit status " + installer.exitStatus() + ": " +
                    installer.lastErrorLine());
            }
            return installer.lastErrorLine();
        }
        catch (final IOException ex)
        {
            throw new BenchRunException(ex.getMessage());
        }
    }

    /**
     * @param holdSeconds how long the connections this step adds may be held at most.
     */
    private RssSample rss(final ServerRun run, final HeldConnections held, final int connections,
        final int holdSeconds) throws InterruptedException
    {
        RssSample sample;
        try
        {
            sample = connections == 0 ? idleRss(run.server()) :
                heldRss(run.server(), held, connections, holdSeconds);
        }
        catch (final BenchRunException ex)
        {
            sample = RssSample.failed(connections, 0, ex.getMessage());
        }
        progress.say(run.name(), String.format(Locale.ROOT, "RSS at %,d idle connections: %s", connections,
            sample.isRead() ? String.format(Locale.ROOT, "VmRSS %,d KiB, pmap %,d KiB", sample.vmRssKib(),
                sample.pmapRssKib()) : "not read") + (sample.failure() == null ? "" : "; " + sample.failure()));
        return sample;
    }

    private RssSample idleRss(final ServerProcess server) throws BenchRunException, InterruptedException
    {
        Thread.sleep(SETTLE_MS);
        return read(server, 0, 0, null);
    }

    /**
     * Add the connections missing to reach this step to those held, read RSS once they are all up and the server has
     * settled, and leave them open for the next step.
     */
    private RssSample heldRss(final ServerProcess server, final HeldConnections held, final int connections,
        final int holdSeconds) throws BenchRunException, InterruptedException
    {
        final List<String> problems = new ArrayList<>(held.onServer(server));
        problems.addAll(held.ended());
        final int added = (int)(connections - held.open());
        final String name = server.name() + "-rss-" + connections;
        final List<String> arguments = new LoadArguments(server.port(), summaries).hold(added, holdSeconds, name);
        final LoadRun load = LoadRun.start(paths, arguments, javaHome, logs.resolve(name), children);
        try
        {
            load.awaitEstablished(connectDeadlineNs(added));
        }
        catch (final BenchRunException ex)
        {
            load.close();
            problems.add(ex.getMessage());
            throw new BenchRunException(String.join("; ", problems));
        }
        catch (final InterruptedException ex)
        {
            load.close();
            throw ex;
        }
        held.add(connections, load);
        Thread.sleep(SETTLE_MS);
        server.requireRunning();
        problems.addAll(held.ended());
        final long open = held.open();
        final RssSample sample = read(server, connections, open, null);
        if (open < connections)
        {
            // The load generators give the reasons of failed connections as they end: the notes show them.
            problems.add(0, String.format(Locale.ROOT, "%,d of %,d connected (%,d of the %,d added failed)", open,
                connections, load.output().failed(), added));
        }
        return new RssSample(connections, open, sample.pmapRssKib(), sample.vmRssKib(),
            problems.isEmpty() ? null : String.join("; ", problems));
    }

    private RssSample read(final ServerProcess server, final int connections, final long established,
        final String failure) throws BenchRunException
    {
        try
        {
            final long pmapKib = probe.pmapRssKib(server.pid());
            final long vmRssKib = probe.vmRssKib(server.pid());
            return new RssSample(connections, established, pmapKib, vmRssKib, failure);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new BenchRunException("cannot read RSS: " + ex.getMessage());
        }
    }

    private EchoSample echo(final ServerRun run, final int connections, final int rate) throws InterruptedException
    {
        final boolean openLoop = rate > 0;
        EchoSample sample;
        try
        {
            sample = measureEcho(run.server(), connections, rate);
        }
        catch (final BenchRunException ex)
        {
            sample = EchoSample.failed(openLoop, connections, rate, ex.getMessage());
        }
        progress.say(run.name(), String.format(Locale.ROOT, "%s at %,d connections: %s", openLoop ?
            String.format(Locale.ROOT, "open loop %,d msg/s", rate) : "closed-loop echo", connections,
            summaryText(sample)) + (sample.failure() == null ? "" : "; " + sample.failure()));
        return sample;
    }

    private static String summaryText(final EchoSample sample)
    {
        if (!sample.isMeasured())
        {
            return "no result";
        }
        return String.format(Locale.ROOT, "%,.0f msg/s, p99 %,.0f us, server %s s CPU per million, client %.0f%% " +
            "of a core", sample.messagesPerSecond(), sample.latency().p99Us(), sample.serverCpuPerMillion() < 0 ?
            "-" : String.format(Locale.ROOT, "%.2f", sample.serverCpuPerMillion()), sample.clientCoreShare() * 100);
    }

    /**
     * Run one echo load and measure its server's CPU per message.
     */
    private EchoSample measureEcho(final ServerProcess server, final int connections, final int rate)
        throws BenchRunException, InterruptedException
    {
        final boolean openLoop = rate > 0;
        final String name = server.name() + (openLoop ? "-open-loop-" : "-echo-") + connections;
        final List<String> arguments = new LoadArguments(server.port(), summaries)
            .echo(connections, rate, options.warmupSeconds(), options.echoSeconds(), name);
        final MeasuredRun run = runMeasured(server, arguments, name, connections, options.echoSeconds());
        final LoadSummary summary = run.summary();
        final boolean echoed = summary.messages() > 0;
        return new EchoSample(openLoop, connections, rate, summary.messages(), summary.messagesPerSecond(),
            echoed ? latency(summary) : Latency.NONE,
            echoed ? run.serverCpuPerSecond() / summary.messagesPerSecond() * MILLION : -1,
            summary.clientCpuSeconds(), run.clientCoreShare(),
            run.loadFailure() != null ? run.loadFailure() : echoed ? null : "no echo in the measured phase");
    }

    private BroadcastSample broadcast(final ServerRun run, final int subscribers) throws InterruptedException
    {
        BroadcastSample sample;
        try
        {
            sample = measureBroadcast(run.server(), subscribers);
        }
        catch (final BenchRunException ex)
        {
            sample = BroadcastSample.failed(subscribers, ex.getMessage());
        }
        progress.say(run.name(), String.format(Locale.ROOT, "broadcast to %,d subscribers: %s", subscribers,
            !sample.isMeasured() ? "no result" : String.format(Locale.ROOT, "%,.0f deliveries/s, last delivery " +
            "p50 %,.0f us p99 %,.0f us, server %.2f us CPU per delivery, client %.0f%% of a core",
            sample.deliveriesPerSecond(), sample.lastDelivery().p50Us(), sample.lastDelivery().p99Us(),
            sample.serverCpuUsPerDelivery(), sample.clientCoreShare() * 100)) +
            (sample.failure() == null ? "" : "; " + sample.failure()));
        return sample;
    }

    /**
     * Run one broadcast load and measure its server's CPU per delivery. Deliveries that went missing, came twice or
     * out of order make the run's failure, beside its numbers.
     */
    private BroadcastSample measureBroadcast(final ServerProcess server, final int subscribers)
        throws BenchRunException, InterruptedException
    {
        final String name = server.name() + "-broadcast-" + subscribers;
        final List<String> arguments = new LoadArguments(server.port(), summaries)
            .broadcast(subscribers, options.warmupSeconds(), options.broadcastSeconds(), name);
        final MeasuredRun run = runMeasured(server, arguments, name, subscribers + 1, options.broadcastSeconds());
        final LoadSummary summary = run.summary();
        final boolean delivered = summary.deliveries() > 0;
        final long missing = summary.missing();
        final long duplicates = summary.duplicates();
        final long outOfOrder = summary.outOfOrder();
        String failure = run.loadFailure();
        if (failure == null && !delivered)
        {
            failure = "no delivery in the measured phase";
        }
        else if (failure == null && missing + duplicates + outOfOrder > 0)
        {
            failure = String.format(Locale.ROOT, "deliveries missing %,d, duplicate %,d, out of order %,d", missing,
                duplicates, outOfOrder);
        }
        return new BroadcastSample(subscribers, summary.messages(), summary.deliveries(),
            summary.deliveriesPerSecond(), delivered ? latency(summary) : Latency.NONE,
            delivered ? summary.deliveryP50Us() : -1, delivered ? summary.deliveryP99Us() : -1,
            delivered ? run.serverCpuPerSecond() / summary.deliveriesPerSecond() * MILLION : -1,
            summary.clientCpuSeconds(), run.clientCoreShare(), missing, duplicates, outOfOrder, failure);
    }

    /**
     * Run one load and measure CPU over a window inside its measured phase, which starts when the warm-up after the
     * established line ends: the server's CPU per second and the client's share of a core come from the same window,
     * away from the phase's edges.
     *
     * @param connections the connections the load opens, which bound how long connecting may take.
     * @param seconds     the measured phase's length, after the warm-up.
     */
    private MeasuredRun runMeasured(final ServerProcess server, final List<String> arguments, final String name,
        final int connections, final int seconds) throws BenchRunException, InterruptedException
    {
        final long warmupNs = TimeUnit.SECONDS.toNanos(options.warmupSeconds());
        final long measuredNs = TimeUnit.SECONDS.toNanos(seconds);
        final long marginNs = Math.min(TimeUnit.MILLISECONDS.toNanos(MAX_WINDOW_MARGIN_MS),
            measuredNs / WINDOW_MARGIN_FRACTION);
        try (LoadRun load = LoadRun.start(paths, arguments, javaHome, logs.resolve(name), children))
        {
            load.awaitEstablished(connectDeadlineNs(connections));
            final long establishedNs = System.nanoTime();
            sleepUntil(establishedNs + warmupNs + marginNs);
            final CpuReading start = cpu(server, load);
            sleepUntil(establishedNs + warmupNs + measuredNs - marginNs);
            final CpuReading end = cpu(server, load);
            final int status = load.awaitEnd(establishedNs + warmupNs + measuredNs +
                TimeUnit.MILLISECONDS.toNanos(SLACK_MS));
            final double windowSeconds = (end.nanoTime() - start.nanoTime()) / 1e9;
            return new MeasuredRun(summary(name), (end.serverSeconds() - start.serverSeconds()) / windowSeconds,
                (end.clientSeconds() - start.clientSeconds()) / windowSeconds,
                load.output().failed() > 0 || status != 0 ? load.endText() : null);
        }
    }

    private static Latency latency(final LoadSummary summary)
    {
        return new Latency(summary.p50Us(), summary.p90Us(), summary.p99Us(), summary.p999Us(), summary.maxUs());
    }

    private LoadSummary summary(final String name) throws BenchRunException
    {
        final Path csv = summaries.resolve(name + ".csv");
        try
        {
            return LoadSummary.parse(Files.readString(csv));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new BenchRunException("cannot read " + csv.getFileName() + ": " + ex.getMessage());
        }
    }

    private CpuReading cpu(final ServerProcess server, final LoadRun load) throws BenchRunException
    {
        server.requireRunning();
        try
        {
            return new CpuReading(System.nanoTime(), probe.cpuSeconds(server.pid()), probe.cpuSeconds(load.pid()));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new BenchRunException("cannot read CPU time: " + ex.getMessage() + "; " + load.endText());
        }
    }

    /**
     * Fix the open-loop rate before the first open-loop run, unless given: half of Go's closed-loop rate at the
     * open-loop connection count once Go has run (it runs first), else the default.
     */
    private void chooseOpenLoopRate(final ServerResults results)
    {
        if (openLoopRate > 0)
        {
            return;
        }
        final EchoSample go = GO.equals(results.name()) ? results.echoAt(options.openLoopConnections()) : null;
        if (go != null && go.isMeasured() && go.messagesPerSecond() >= 2)
        {
            openLoopRate = (int)(go.messagesPerSecond() / 2);
            openLoopRateOrigin = String.format(Locale.ROOT, "half of go's closed-loop %,.0f msg/s at %,d connections",
                go.messagesPerSecond(), options.openLoopConnections());
        }
        else
        {
            openLoopRate = DEFAULT_OPEN_LOOP_RATE;
            openLoopRateOrigin = options.servers().contains(GO) ? "default: go gave no closed-loop rate" :
                "default: go not in this run";
        }
    }

    /**
     * @return how long the hold run started at {@code steps[index]} may hold its connections: past every later step
     *     (each as long as its connect deadline with all its connections to open, plus settling) and a margin, as
     *     the bench stops it when the RSS phase ends.
     */
    static int holdSeconds(final int[] steps, final int index)
    {
        long ms = TimeUnit.SECONDS.toMillis(LoadArguments.HOLD_MARGIN_SECONDS);
        for (int i = index + 1; i < steps.length; i++)
        {
            ms += connectMs(steps[i]) + SETTLE_MS;
        }
        return (int)TimeUnit.MILLISECONDS.toSeconds(ms + TimeUnit.SECONDS.toMillis(1) - 1);
    }

    private static long connectDeadlineNs(final int connections)
    {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectMs(connections));
    }

    private static long connectMs(final int connections)
    {
        return connections * 1_000L / LoadArguments.CONNECT_RATE + SLACK_MS;
    }

    private static void sleepUntil(final long deadlineNs) throws InterruptedException
    {
        final long leftNs = deadlineNs - System.nanoTime();
        if (leftNs > 0)
        {
            TimeUnit.NANOSECONDS.sleep(leftNs);
        }
    }

    /**
     * The server's and the load generator's CPU seconds at one moment.
     */
    private record CpuReading(long nanoTime, double serverSeconds, double clientSeconds)
    {
    }

    /**
     * One load's summary with the CPU of its measured window.
     *
     * @param serverCpuPerSecond the server's CPU seconds per second of the window.
     * @param clientCoreShare    the load generator's CPU over the window as a share of one core.
     * @param loadFailure        how the load generator ended when connections failed or it exited with an error,
     *                           else null.
     */
    private record MeasuredRun(LoadSummary summary, double serverCpuPerSecond, double clientCoreShare,
        String loadFailure)
    {
    }
}
