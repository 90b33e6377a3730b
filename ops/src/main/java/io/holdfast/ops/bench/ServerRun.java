package io.holdfast.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The running server of one row: started on first use, started again on a fresh port when it has exited since (noted
 * in the results), not retried once it failed to start, stopped at the end, and its scratch folders removed.
 */
final class ServerRun implements AutoCloseable
{
    private final BenchServer server;
    private final ServerResults results;
    private final BenchPaths paths;
    private final Path logs;
    private final Path scratch;
    private final ChildProcesses children;
    private final Progress progress;
    private ServerProcess process;
    private Path directory;
    private int starts;
    private BenchRunException startFailure;

    /**
     * @param logs    the folder for the server's stdout and stderr.
     * @param scratch the folder under which each start gets a fresh folder of its own (holdfast's counters file),
     *                removed when the server stops; inside the results folder, so an interrupted run leaves nothing
     *                elsewhere.
     */
    ServerRun(final BenchServer server, final ServerResults results, final BenchPaths paths, final Path logs,
        final Path scratch, final ChildProcesses children, final Progress progress)
    {
        this.server = server;
        this.results = results;
        this.paths = paths;
        this.logs = logs;
        this.scratch = scratch;
        this.children = children;
        this.progress = progress;
    }

    String name()
    {
        return server.name();
    }

    /**
     * @return the running server, started (again) if needed.
     * @throws BenchRunException when it cannot be started.
     */
    ServerProcess server() throws BenchRunException, InterruptedException
    {
        if (process != null)
        {
            try
            {
                process.requireRunning();
                return process;
            }
            catch (final BenchRunException ex)
            {
                results.note("restarted after: " + ex.getMessage());
                progress.say(name(), "restarting: " + ex.getMessage());
                close();
            }
        }
        if (startFailure != null)
        {
            throw startFailure;
        }
        try
        {
            process = start();
        }
        catch (final BenchRunException ex)
        {
            startFailure = ex;
            progress.say(name(), "did not start: " + ex.getMessage());
            throw ex;
        }
        progress.say(name(), "listening on " + ServerProcess.LOOPBACK + ":" + process.port() + " (pid " +
            process.pid() + ")");
        return process;
    }

    /**
     * Stop the server with SIGTERM, noting when it had to be killed or had already exited.
     */
    void stop() throws InterruptedException
    {
        if (process != null)
        {
            final String problem = process.stop();
            if (problem != null)
            {
                results.note("at stop: " + problem);
            }
            progress.say(name(), problem == null ? "stopped" : "stopped: " + problem);
        }
    }

    public void close()
    {
        if (process != null)
        {
            process.close();
            process = null;
        }
        deleteDirectory();
    }

    private ServerProcess start() throws BenchRunException, InterruptedException
    {
        starts++;
        final String name = server.logName() + (starts == 1 ? "" : "-" + starts);
        try
        {
            directory = Files.createDirectories(scratch.resolve(name));
        }
        catch (final IOException ex)
        {
            throw new BenchRunException("cannot make a scratch folder: " + ex.getMessage());
        }
        return ServerProcess.start(server, directory, logs.resolve(name), paths.root(), children);
    }

    private void deleteDirectory()
    {
        if (directory == null)
        {
            return;
        }
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
        catch (final IOException ex)
        {
            progress.say(name(), "could not remove " + directory + ": " + ex.getMessage());
        }
        directory = null;
    }
}
