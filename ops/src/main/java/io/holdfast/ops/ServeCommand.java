package io.holdfast.ops;

import io.holdfast.engine.EchoHandler;
import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
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
            if ("--config".equals(args[i]) && i + 1 < args.length)
            {
                files.add(Path.of(args[++i]));
            }
            else if (args[i].indexOf('=') > 0 && !args[i].startsWith("-"))
            {
                overrides.add(args[i]);
            }
            else
            {
                err.println("holdfast serve: unexpected argument '" + args[i] + "'");
                err.println("usage: holdfast serve [--config FILE]... [key=value]...");
                return Main.EXIT_USAGE;
            }
        }

        final EngineConfig config;
        try
        {
            config = ConfigLoader.load(files, bundledConfig(), System.getProperties(), overrides);
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast serve: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }

        config.errorHandler((throwable) -> err.println("holdfast: worker error: " + throwable));
        // The barrier is closed after the engine, which lets its signal handler finish and the JVM exit.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            Engine engine = Engine.start(config, EchoHandler::new))
        {
            out.println("holdfast listening on " + config.listenAddress() + ":" + engine.port() +
                " path " + config.path() + " workers " + config.workers());
            out.flush();
            barrier.await();
        }
        catch (final IOException ex)
        {
            err.println("holdfast serve: cannot listen on " + config.listenAddress() + ":" + config.listenPort() +
                ": " + ex.getMessage());
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
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
