package io.holdfast.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One process the bench started: its stdout is read line by line as it comes (and kept in a log file), its stderr
 * goes to a log file, and it is stopped as a server is, SIGTERM first and SIGKILL after a bound. Registered with
 * {@link ChildProcesses} while it runs so that it never outlives the bench.
 */
final class ChildProcess implements AutoCloseable
{
    /** Variables that would change the JVM flags of a child; every child runs with its launcher's defaults. */
    private static final List<String> JVM_FLAG_VARIABLES =
        List.of("JAVA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");
    private static final String END_OF_OUTPUT = "\u0000end";
    private static final long KILL_WAIT_MS = 5_000;

    private final Process process;
    private final ChildProcesses children;
    private final Path stderr;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private boolean endOfOutput;

    private ChildProcess(final Process process, final ChildProcesses children, final Path stdout, final Path stderr)
    {
        this.process = process;
        this.children = children;
        this.stderr = stderr;
        final Thread reader = new Thread(() -> readStdout(stdout), "holdfast-bench-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Start a process in {@code workingDirectory} with {@code environment} added to the bench's own (less the
     * variables that carry JVM flags).
     *
     * @param logPrefix the path its output goes to: PREFIX.out and PREFIX.err.
     */
    static ChildProcess start(final List<String> command, final Map<String, String> environment,
        final Path workingDirectory, final Path logPrefix, final ChildProcesses children) throws IOException
    {
        final Path stdout = Path.of(logPrefix + ".out");
        final Path stderr = Path.of(logPrefix + ".err");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectError(stderr.toFile());
        JVM_FLAG_VARIABLES.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        final Process process = builder.start();
        children.add(process);
        process.getOutputStream().close();
        return new ChildProcess(process, children, stdout, stderr);
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * @return the next stdout line, or null when none came before the deadline or the output ended.
     */
    String nextLine(final long deadlineNs) throws InterruptedException
    {
        if (endOfOutput)
        {
            return null;
        }
        final String line = stdoutLines.poll(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (END_OF_OUTPUT.equals(line))
        {
            endOfOutput = true;
            return null;
        }
        return line;
    }

    /**
     * @return whether the process closed its stdout, which it does as it exits.
     */
    boolean hasEndedOutput()
    {
        return endOfOutput;
    }

    /**
     * Wait for the process to exit by itself.
     *
     * @return whether it exited before the deadline.
     */
    boolean awaitExit(final long deadlineNs) throws InterruptedException
    {
        return process.waitFor(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * @return the exit status; the process must have exited.
     */
    int exitStatus()
    {
        return process.exitValue();
    }

    /**
     * Send SIGTERM (through the process handle, which keeps this side's end of its stdout open so the lines it
     * prints while stopping are read), wait up to {@code graceMs}, then SIGKILL.
     *
     * @return whether it stopped within the grace period, not killed.
     */
    boolean stop(final long graceMs) throws InterruptedException
    {
        process.toHandle().destroy();
        final boolean stopped = process.waitFor(graceMs, TimeUnit.MILLISECONDS);
        if (!stopped)
        {
            kill();
        }
        return stopped;
    }

    /**
     * @return the first line the process printed on stderr (a command's error message, a Java exception with its
     *     message), or an empty string; the whole of it is in the log file.
     */
    String firstErrorLine()
    {
        final List<String> lines = errorLines();
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /**
     * @return the last line the process printed on stderr (an installer's closing word), or an empty string.
     */
    String lastErrorLine()
    {
        final List<String> lines = errorLines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private List<String> errorLines()
    {
        try (Stream<String> lines = Files.lines(stderr, StandardCharsets.UTF_8))
        {
            return lines.filter((line) -> !line.isBlank()).map(String::trim).toList();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return List.of();
        }
    }

    /**
     * Kill the process and its descendants if still running, and forget it.
     */
    public void close()
    {
        kill();
        children.remove(process);
    }

    private void kill()
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try
        {
            process.waitFor(KILL_WAIT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void readStdout(final Path log)
    {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Writer writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8))
        {
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                writer.write(line);
                writer.write('\n');
                writer.flush();
                stdoutLines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // The process was killed; what it printed so far is in the queue.
        }
        finally
        {
            stdoutLines.add(END_OF_OUTPUT);
        }
    }
}
