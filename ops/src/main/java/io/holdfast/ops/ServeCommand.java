package io.holdfast.ops;

import io.holdfast.engine.EchoHandler;
import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code holdfast serve}: starts the engine with the echo handler and runs until SIGINT or SIGTERM.
 */
final class ServeCommand
{
    private ServeCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final List<Path> files = new ArrayList<>();
        final List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            if ("--config".equals(args[i]))
            {
                if (i + 1 == args.length)
                {
                    return usage(err, "--config needs a FILE");
                }
                files.add(Path.of(args[++i]));
            }
            else if (args[i].indexOf('=') > 0 && !args[i].startsWith("-"))
            {
                overrides.add(args[i]);
            }
            else
            {
                return usage(err, "unexpected argument '" + args[i] + "'");
            }
        }

        final ServerConfig config;
        try
        {
            config = ConfigLoader.load(files, bundledConfig(), System.getProperties(), overrides);
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast serve: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        return serve(config, out, err);
    }

    private static int serve(final ServerConfig config, final PrintStream out, final PrintStream err)
    {
        final EngineConfig engineConfig = config.engine();
        final String address = engineConfig.listenAddress() + ":" + engineConfig.listenPort();
        engineConfig.errorHandler((throwable) -> err.println("holdfast: worker error: " + throwable));
        final StopSignal stopSignal = new StopSignal();
        try (Engine engine = Engine.start(engineConfig, EchoHandler::new))
        {
            out.println("holdfast listening on " + engineConfig.listenAddress() + ":" + engine.port() +
                " path " + engineConfig.path() + " workers " + engineConfig.workers() +
                " max connections " + engine.maxConnections());
            out.flush();
            awaitStop(stopSignal, config.statusIntervalMs(), new StatusLine(engine), out);
            out.println("holdfast stopping: closing connections (at most " + engineConfig.shutdownTimeoutMs() + " ms)");
            out.flush();
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

    private static void awaitStop(
        final StopSignal stopSignal, final long statusIntervalMs, final StatusLine status, final PrintStream out)
        throws InterruptedException
    {
        if (statusIntervalMs == 0)
        {
            stopSignal.await(Long.MAX_VALUE);
            return;
        }
        while (!stopSignal.await(statusIntervalMs))
        {
            out.println(status.next());
            out.flush();
        }
    }

    private static int usage(final PrintStream err, final String problem)
    {
        err.println("holdfast serve: " + problem);
        err.println("usage: holdfast serve [--config FILE]... [key=value]...");
        return Main.EXIT_USAGE;
    }

    private static Path bundledConfig()
    {
        try
        {
            final Path jar = Path.of(ServeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().resolve("../config/holdfast.properties").normalize();
        }
        catch (final URISyntaxException ex)
        {
            return Path.of("ops/config/holdfast.properties");
        }
    }
}
