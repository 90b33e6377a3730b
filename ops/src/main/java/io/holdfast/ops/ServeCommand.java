package io.holdfast.ops;

import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code holdfast serve}: starts the engine with the configured handler (echo or pub/sub), its counters in a file other
 * processes read, the admin endpoint and, when asked, a JFR recording; runs until SIGINT or SIGTERM. It first runs
 * the {@link Preflight} checks and does not start on a FAIL (status 1) unless given {@code --force}. The admin token,
 * when configured, is read before anything starts: a file that cannot give one is a configuration error (status 2).
 */
final class ServeCommand
{
    private static final String USAGE =
        "usage: holdfast serve [--config FILE]... [--jfr FILE] [--force] [key=value]...";
    /** How often the counters file's liveness heartbeat is written and duty cycles are checked. */
    private static final long MONITOR_INTERVAL_MS = 1_000;

    private ServeCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final ConfigArguments arguments;
        try
        {
            arguments = ConfigArguments.parse(args, List.of(Preflight.FORCE), "--jfr");
        }
        catch (final ConfigException ex)
        {
            return usage(err, ex.getMessage());
        }

        final ServerConfig config;
        final AdminToken adminToken;
        try
        {
            config = arguments.load();
            adminToken = config.adminEnabled() && config.adminTokenFile() != null ?
                AdminToken.read(config.adminTokenFile()) : null;
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast serve: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        if (!Preflight.passes(config, arguments.flag(Preflight.FORCE), err))
        {
            return Main.EXIT_FAILED;
        }
        final Path recording = arguments.fileOption("--jfr");
        return serve(config, adminToken, recording, out, err);
    }

    private static int serve(final ServerConfig config, final AdminToken adminToken, final Path recording,
        final PrintStream out, final PrintStream err)
    {
        final EngineConfig engineConfig = config.engine();
        final String address = engineConfig.listenAddress() + ":" + engineConfig.listenPort();
        final StopSignal stopSignal = new StopSignal();
        final ServerHealth health = new ServerHealth();
        final HandlerType handler = config.handler();
        final PublishEndpoint publish = new PublishEndpoint(handler, engineConfig, health);
        try (FlightRecording flightRecording = recording == null ? null :
                FlightRecording.start(bundledFile("holdfast.jfc"), recording);
            CountersFile countersFile = CountersFile.create(
                config.directory(), EngineConfig.counterValuesLength(engineConfig.workers()));
            AdminServer admin = config.adminEnabled() ? AdminServer.start(config.adminAddress(), config.adminPort(),
                countersFile.countersManager(), health, publish, adminToken) : null;
            JfrStatistics statistics = new JfrStatistics(
                countersFile.countersManager(), engineConfig.dutyCycleThresholdNs()))
        {
            engineConfig
                .countersManager(countersFile.countersManager())
                .errorHandler(new ServerErrorHandler(countersFile.errorLog(), err))
                .events(new JfrEngineEvents());
            try (Engine engine = Engine.start(engineConfig, handler.factory(engineConfig)))
            {
                publish.connect(engine::publish);
                health.serving();
                out.println("holdfast listening on " + engineConfig.listenAddress() + ":" + engine.port() +
                    " path " + engineConfig.path() + " workers " + engineConfig.workers() +
                    " max connections " + engine.maxConnections() + " handler " + ConfigValues.choiceText(handler));
                if (admin != null)
                {
                    out.println("holdfast admin on http://" + config.adminAddress() + ":" + admin.port() +
                        " (/metrics /stats /health" + (handler == HandlerType.PUBSUB ? " /publish)" : ")"));
                }
                out.println("holdfast counters in " + config.directory() + " (holdfast stat, holdfast errors)");
                out.flush();
                awaitStop(stopSignal, config.statusIntervalMs(), new StatusLine(engine), countersFile, statistics, out);
                health.stopping();
                out.println("holdfast stopping: closing connections (at most " +
                    engineConfig.shutdownTimeoutMs() + " ms)");
                out.flush();
            }
        }
        catch (final FlightRecordingException | CountersFileException | AdminServerException ex)
        {
            err.println("holdfast serve: " + ex.getMessage());
            return Main.EXIT_FAILED;
        }
        catch (final IOException ex)
        {
            err.println("holdfast serve: cannot listen on " + address + ": " + ex.getMessage());
            return Main.EXIT_FAILED;
        }
        catch (final UnresolvedAddressException ex)
        {
            err.println("holdfast serve: cannot listen on " + address + ": the address does not resolve");
            return Main.EXIT_FAILED;
        }
        catch (final OutOfMemoryError ex)
        {
            err.println("holdfast serve: not enough memory to start " + engineConfig.workers() + " workers (" +
                ex.getMessage() + "); lower holdfast.workers or holdfast.max.message, or raise " +
                "-XX:MaxDirectMemorySize in JAVA_OPTS");
            return Main.EXIT_FAILED;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return Main.EXIT_OK;
    }

    /**
     * Until a stop signal: every second beat the counters file's heartbeat and report long duty cycles to JFR, and
     * print a status line every status interval.
     */
    private static void awaitStop(
        final StopSignal stopSignal,
        final long statusIntervalMs,
        final StatusLine status,
        final CountersFile countersFile,
        final JfrStatistics statistics,
        final PrintStream out) throws InterruptedException
    {
        long nextStatusMs = statusIntervalMs == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + statusIntervalMs;
        do
        {
            countersFile.heartbeat();
            statistics.pollDutyCycles();
            final long nowMs = System.currentTimeMillis();
            if (nowMs >= nextStatusMs)
            {
                out.println(status.next());
                out.flush();
                nextStatusMs = nowMs + statusIntervalMs;
            }
        }
        while (!stopSignal.await(
            Math.min(MONITOR_INTERVAL_MS, Math.max(1, nextStatusMs - System.currentTimeMillis()))));
    }

    private static int usage(final PrintStream err, final String problem)
    {
        err.println("holdfast serve: " + problem);
        err.println(USAGE);
        return Main.EXIT_USAGE;
    }

    /**
     * @return a bundled config file, in the {@code config} folder beside the folder of holdfast's jar:
     * {@code ops/config} for {@code ops/target/holdfast-ops.jar} in a checkout, {@code config} for
     * {@code lib/holdfast-ops.jar} in an unpacked distribution archive (DistributionIT runs it there).
     */
    static Path bundledFile(final String name)
    {
        try
        {
            final Path jar = Path.of(ServeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().resolve("../config").resolve(name).normalize();
        }
        catch (final URISyntaxException ex)
        {
            return Path.of("ops/config").resolve(name);
        }
    }
}
