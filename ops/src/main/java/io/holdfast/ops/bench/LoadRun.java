package io.holdfast.ops.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ops/bin/holdfast load} process against a server: the bench waits for its established line before it
 * measures, and reads the rest of what it prints when it ends by itself (echo runs) or is stopped (hold runs).
 */
final class LoadRun implements AutoCloseable
{
    private static final long STOP_GRACE_MS = 30_000;
    /** How long the rest of stdout may take to arrive once the process has exited. */
    private static final long OUTPUT_END_MS = 5_000;

    private final ChildProcess process;
    private final LoadOutput output = new LoadOutput();

    private LoadRun(final ChildProcess process)
    {
        this.process = process;
    }

    /**
     * @param arguments the options after {@code load}.
     * @param javaHome  the JDK the load generator runs on.
     */
    static LoadRun start(final BenchPaths paths, final List<String> arguments, final Path javaHome,
        final Path logPrefix, final ChildProcesses children) throws BenchRunException
    {
        final List<String> command = new ArrayList<>();
        command.add(paths.launcher().toString());
        command.add("load");
        command.addAll(arguments);
        try
        {
            return new LoadRun(ChildProcess.start(command, Map.of("JAVA_HOME", javaHome.toString()), paths.root(),
                logPrefix, children));
        }
        catch (final IOException ex)
        {
            throw new BenchRunException("cannot start holdfast load: " + ex.getMessage());
        }
    }

    long pid()
    {
        return process.pid();
    }

    /**
     * @return whether the load generator has not exited yet.
     */
    boolean isRunning()
    {
        return process.isAlive();
    }

    LoadOutput output()
    {
        return output;
    }

    /**
     * Read stdout until the established line.
     *
     * @throws BenchRunException when the load generator ends or the deadline passes first.
     */
    void awaitEstablished(final long deadlineNs) throws BenchRunException, InterruptedException
    {
        for (String line = process.nextLine(deadlineNs); line != null; line = process.nextLine(deadlineNs))
        {
            if (output.accept(line))
            {
                return;
            }
        }
        if (!process.hasEndedOutput())
        {
            throw new BenchRunException("no established line in time");
        }
        // The output ends as the process exits: wait for its status so the failure can say how it ended.
        process.awaitExit(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUTPUT_END_MS));
        throw new BenchRunException(endText());
    }

    /**
     * Read stdout until the load generator ends by itself, killing it at the deadline.
     *
     * @return its exit status.
     * @throws BenchRunException when it had to be killed.
     */
    int awaitEnd(final long deadlineNs) throws BenchRunException, InterruptedException
    {
        readToEnd(deadlineNs);
        if (!process.awaitExit(deadlineNs))
        {
            process.close();
            throw new BenchRunException("holdfast load still running at its deadline: killed");
        }
        return process.exitStatus();
    }

    /**
     * Stop the load generator with SIGTERM, so that it closes its connections and reports, and read what it prints.
     *
     * @return its exit status.
     * @throws BenchRunException when it had to be killed.
     */
    int stop() throws BenchRunException, InterruptedException
    {
        if (!process.stop(STOP_GRACE_MS))
        {
            throw new BenchRunException("holdfast load still running " + STOP_GRACE_MS + " ms after SIGTERM: killed");
        }
        readToEnd(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUTPUT_END_MS));
        return process.exitStatus();
    }

    /**
     * @return how the load generator ended and the failures it reported, for the results.
     */
    String endText()
    {
        final StringBuilder text = new StringBuilder("holdfast load");
        if (process.isAlive())
        {
            text.append(" running");
        }
        else
        {
            text.append(" exited with status ").append(process.exitStatus());
        }
        if (!output.failures().isEmpty())
        {
            text.append(", failed ").append(String.join(", ", output.failures()));
        }
        else if (!process.isAlive() && process.exitStatus() != 0 && !process.firstErrorLine().isEmpty())
        {
            text.append(": ").append(process.firstErrorLine());
        }
        return text.toString();
    }

    public void close()
    {
        process.close();
    }

    private void readToEnd(final long deadlineNs) throws InterruptedException
    {
        for (String line = process.nextLine(deadlineNs); line != null; line = process.nextLine(deadlineNs))
        {
            output.accept(line);
        }
    }
}
