package io.holdfast.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@code ops/bin/holdfast} process, started as an operator starts it: stdout read line by line as it comes,
 * stderr kept in a file. Shared by the integration tests that run the packaged launcher.
 */
final class HoldfastProcess implements AutoCloseable
{
    static final long LISTENING_SECONDS = 20;
    static final long EXIT_SECONDS = 10;
    /** Arguments most tests start serve with: loopback only, a free port, no status lines. */
    static final String LOOPBACK = "holdfast.listen.address=127.0.0.1";
    static final String ANY_PORT = "holdfast.listen.port=0";
    static final String NO_STATUS = "holdfast.status.interval=0";
    static final Pattern LISTENING =
        Pattern.compile("holdfast listening on 127\\.0\\.0\\.1:(\\d+) path (\\S+) workers (\\d+) " +
            "max connections (\\d+) handler (\\S+)");
    static final Pattern ADMIN =
        Pattern.compile("holdfast admin on http://127\\.0\\.0\\.1:(\\d+) \\(/metrics /stats /health( /publish)?\\)");
    /** The last line serve prints as it starts. */
    static final String COUNTERS_LINE_PREFIX = "holdfast counters in ";

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final Thread stdoutReader;
    private int adminPort = -1;

    private HoldfastProcess(final Process process, final Path stderr)
    {
        this.process = process;
        this.stderr = stderr;
        stdoutReader = new Thread(this::readStdout, "holdfast-stdout-" + process.pid());
        stdoutReader.setDaemon(true);
        stdoutReader.start();
    }

    /**
     * Fail unless the jar the launcher starts from exists: without it the launcher would start a nested Maven
     * build.
     */
    private static void requirePackagedLauncher()
    {
        assertTrue(Files.isRegularFile(OpsFiles.jar()),
            OpsFiles.jar() + " is missing: run this test with `mvn verify`, which packages before integration tests");
    }

    /**
     * @return the WebSocket address of a server on 127.0.0.1.
     */
    static URI uri(final int port, final String path)
    {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    static HoldfastProcess start(final Path directory, final String... args) throws IOException
    {
        return start(directory, launcherCommand(args), null);
    }

    /**
     * Start the launcher with extra JVM flags in {@code JDK_JAVA_OPTIONS}, which the java launcher adds to the
     * command line: the launcher's own defaults stay as they are (setting {@code JAVA_OPTS} would replace them).
     */
    static HoldfastProcess startWithJvmFlags(final Path directory, final String jvmFlags, final String... args)
        throws IOException
    {
        return start(directory, launcherCommand(args), jvmFlags);
    }

    /**
     * Start the launcher under a shell that first lowers the process's open-file limit (soft and hard, so the JVM
     * cannot raise it again). The shell {@code exec}s the launcher, which {@code exec}s the JVM: the process is the
     * server, and signals reach it as they do without the shell.
     */
    static HoldfastProcess startWithOpenFileLimit(final Path directory, final int openFileLimit, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add("bash");
        command.add("-c");
        command.add("ulimit -n " + openFileLimit + " && exec \"$0\" \"$@\"");
        command.addAll(launcherCommand(args));
        return start(directory, command, null);
    }

    static Result runToExit(final Path directory, final String... args) throws Exception
    {
        try (HoldfastProcess holdfast = start(directory, args))
        {
            return holdfast.awaitResult();
        }
    }

    /**
     * Start a launcher other than the checkout's, an unpacked distribution's, as an operator on a host without the
     * source tree runs it: from the working directory given, with only the commands on the PATH given.
     */
    static HoldfastProcess startElsewhere(
        final Path directory, final Path launcher, final Path workingDirectory, final String path, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = builder(command).directory(workingDirectory.toFile());
        builder.environment().put("PATH", path);
        return start(directory, builder);
    }

    /**
     * Wait for a process that ends by itself, as every command but serve does.
     *
     * @return its exit status and everything it printed.
     */
    Result awaitResult() throws Exception
    {
        assertTrue(process.waitFor(LISTENING_SECONDS, SECONDS),
            "holdfast did not exit within " + LISTENING_SECONDS + " s");
        stdoutReader.join(SECONDS.toMillis(EXIT_SECONDS));
        final List<String> stdout = new ArrayList<>();
        stdoutLines.drainTo(stdout);
        return new Result(process.exitValue(), stdout, stderr());
    }

    /**
     * Read the lines serve prints as it starts: the listening line, which must be the first (lines the JVM's unified
     * logging printed before it, a JFR recording's start say, all start with '[' and are skipped), the admin line
     * when the endpoint runs, and the counters line, which ends them.
     *
     * @return the listening line.
     */
    Matcher awaitListening() throws Exception
    {
        String line = stdoutLines.poll(LISTENING_SECONDS, SECONDS);
        while (line != null && line.startsWith("["))
        {
            line = stdoutLines.poll(LISTENING_SECONDS, SECONDS);
        }
        assertNotNull(line, "no line on stdout within " + LISTENING_SECONDS + " s; stderr: " + stderr());
        final Matcher listening = LISTENING.matcher(line);
        assertTrue(listening.matches(), "unexpected first line: " + line + "; stderr: " + stderr());

        line = stdoutLines.poll(LISTENING_SECONDS, SECONDS);
        final Matcher admin = ADMIN.matcher(String.valueOf(line));
        if (admin.matches())
        {
            adminPort = Integer.parseInt(admin.group(1));
            line = stdoutLines.poll(LISTENING_SECONDS, SECONDS);
        }
        assertTrue(line != null && line.startsWith(COUNTERS_LINE_PREFIX),
            "expected the counters line, got: " + line + "; stderr: " + stderr());
        return listening;
    }

    /**
     * @return the port from the listening line, read first.
     */
    int awaitPort() throws Exception
    {
        return Integer.parseInt(awaitListening().group(1));
    }

    /**
     * @return the admin endpoint's port, from the start-up lines {@link #awaitListening()} read.
     */
    int adminPort() throws IOException
    {
        assertTrue(adminPort > 0, "serve printed no admin line; stderr: " + stderr());
        return adminPort;
    }

    /**
     * @return whether serve printed the admin line as it started.
     */
    boolean hasAdmin()
    {
        return adminPort > 0;
    }

    /**
     * @return the server's process id, the JVM's: the launcher execs it.
     */
    long pid()
    {
        return process.pid();
    }

    /**
     * @return the next line the process printed on stdout, or null when none came within the timeout.
     */
    String nextLine(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return stdoutLines.poll(timeout, unit);
    }

    /**
     * Send SIGTERM and wait for the exit.
     *
     * @return the exit status.
     */
    int terminate() throws Exception
    {
        signalTerminate();
        return awaitExit(EXIT_SECONDS, SECONDS);
    }

    /**
     * Send SIGTERM without waiting for the exit, for a test that has to talk to the server while it stops. Sent
     * through the {@link ProcessHandle}: {@link Process#destroy()} also closes this side's end of the process's
     * stdout, and what the server prints while it stops would be lost.
     */
    void signalTerminate()
    {
        process.toHandle().destroy();
    }

    /**
     * @return the exit status, failing the test when the process is still running after the timeout.
     */
    int awaitExit(final long timeout, final TimeUnit unit) throws Exception
    {
        assertTrue(process.waitFor(timeout, unit), "holdfast still running " + unit.toMillis(timeout) +
            " ms after SIGTERM; stderr: " + stderr());
        return process.exitValue();
    }

    void assertNoStackTraceOrWorkerError() throws IOException
    {
        final String errors = stderr();
        assertNoStackTrace(errors);
        assertFalse(errors.contains("worker error"), errors);
    }

    String stderr() throws IOException
    {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    public void close()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(EXIT_SECONDS, SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static void assertNoStackTrace(final String stderr)
    {
        assertFalse(stderr.contains("\tat "), stderr);
        assertFalse(stderr.contains("Exception in thread"), stderr);
    }

    private static List<String> launcherCommand(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(OpsFiles.launcher().toString());
        command.addAll(List.of(args));
        return command;
    }

    private static HoldfastProcess start(final Path directory, final List<String> command, final String jvmFlags)
        throws IOException
    {
        requirePackagedLauncher();
        final ProcessBuilder builder = builder(withServerDefaults(directory, command))
            .directory(OpsFiles.opsDirectory().getParent().toFile());
        if (jvmFlags != null)
        {
            builder.environment().put("JDK_JAVA_OPTIONS", jvmFlags);
        }
        return start(directory, builder);
    }

    /**
     * @return a builder for the command that runs it with the same JDK as the test and the launcher's own default
     * JVM flags: nothing from the caller's shell.
     */
    private static ProcessBuilder builder(final List<String> command)
    {
        final ProcessBuilder builder = new ProcessBuilder(command);
        final Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.remove("JAVA_OPTS");
        environment.remove("JDK_JAVA_OPTIONS");
        environment.remove("JAVA_TOOL_OPTIONS");
        return builder;
    }

    private static HoldfastProcess start(final Path directory, final ProcessBuilder builder) throws IOException
    {
        final Path stderr = Files.createTempFile(directory, "stderr", ".txt");
        final Process process = builder.redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        return new HoldfastProcess(process, stderr);
    }

    /**
     * Give every {@code serve} its own counters folder under the test's directory and a free admin port, unless the
     * test chose them: servers of tests running side by side never share {@code holdfast.dir} or port 9464.
     */
    private static List<String> withServerDefaults(final Path directory, final List<String> command)
    {
        final int launcher = command.indexOf(OpsFiles.launcher().toString());
        if (launcher < 0 || launcher + 1 == command.size() || !"serve".equals(command.get(launcher + 1)))
        {
            return command;
        }
        final List<String> withDefaults = new ArrayList<>(command);
        if (command.stream().noneMatch((arg) -> arg.startsWith("holdfast.dir=")))
        {
            withDefaults.add("holdfast.dir=" + directory.resolve("run"));
        }
        if (command.stream().noneMatch((arg) -> arg.startsWith("holdfast.admin.port=")))
        {
            withDefaults.add("holdfast.admin.port=0");
        }
        return withDefaults;
    }

    private void readStdout()
    {
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                stdoutLines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // The process was killed; what it printed so far is in the queue.
        }
    }

    /**
     * What a finished {@code holdfast} run left: its exit status and output.
     */
    record Result(int status, List<String> stdout, String stderr)
    {
        void assertOneLineError(final int expectedStatus, final String... fragments)
        {
            assertFirstLineError(expectedStatus, fragments);
            assertEquals(1, stderr.lines().count(), "expected one line on stderr: " + stderr);
        }

        void assertFirstLineError(final int expectedStatus, final String... fragments)
        {
            assertEquals(expectedStatus, status, "exit status; stderr: " + stderr);
            assertEquals(List.of(), stdout, "stdout");
            assertNoStackTrace(stderr);
            final String firstLine = stderr.lines().findFirst().orElse("");
            for (final String fragment : fragments)
            {
                assertTrue(firstLine.contains(fragment), "'" + fragment + "' not in: " + firstLine);
            }
        }
    }
}
