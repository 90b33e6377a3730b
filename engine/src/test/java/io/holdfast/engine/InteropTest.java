package io.holdfast.engine;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real WebSocket clients nobody on the project wrote, run as child processes against a real engine: Debian's
 * python3-websockets and npm's ws. Each runs a script from {@code src/test/resources/interop} that checks echo,
 * the heartbeat, ping and pong and the close handshake, and prints {@code OK} last when all of them passed.
 * <p>
 * A missing client skips its test on a developer machine, but fails it when {@code CI} is set: CI installs both
 * (see {@code .ci/run}), so a skip there would hide a broken setup.
 */
@Timeout(value = 90, unit = SECONDS)
final class InteropTest
{
    /** Debian's interpreter, which has python3-websockets; the {@code python3} on PATH may be another one. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final String NODE = "node";
    private static final String NODE_PATH_VARIABLE = "HOLDFAST_NODE_PATH";
    private static final long CLIENT_TIMEOUT_SECONDS = 30;
    private static final long PROBE_TIMEOUT_SECONDS = 15;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    @Test
    void shouldPassPythonWebsocketsChecks() throws Exception
    {
        requireClient(
            exitsZero(List.of(PYTHON, "-c", "import websockets"), Map.of()),
            PYTHON + " cannot import websockets: install the Debian package python3-websockets");
        runClientAgainstEchoServer(List.of(PYTHON, copyScript("python_client.py")), Map.of());
    }

    @Test
    void shouldPassNodeWsChecks() throws Exception
    {
        final String nodePath = System.getenv(NODE_PATH_VARIABLE);
        requireClient(
            nodePath != null && !nodePath.isEmpty(),
            NODE_PATH_VARIABLE + " is not set: point it at a node_modules directory holding npm's ws (.ci/run does)");
        final Map<String, String> environment = Map.of("NODE_PATH", nodePath);
        requireClient(
            exitsZero(List.of(NODE, "-e", "require('ws')"), environment),
            NODE + " is missing or cannot load ws from " + NODE_PATH_VARIABLE + "=" + nodePath);
        runClientAgainstEchoServer(List.of(NODE, copyScript("node_client.js")), environment);
    }

    private void runClientAgainstEchoServer(final List<String> command, final Map<String, String> environment)
        throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final List<String> withUrl = new ArrayList<>(command);
            withUrl.add(server.uri().toString());
            final Outcome outcome = run(withUrl, environment, CLIENT_TIMEOUT_SECONDS);
            if (!outcome.finished)
            {
                fail(withUrl + " did not finish within " + CLIENT_TIMEOUT_SECONDS + " s:\n" + outcome.output);
            }
            assertEquals(0, outcome.exitCode, () -> withUrl + " failed:\n" + outcome.output);
            assertEquals("OK", outcome.lastLine(), () -> withUrl + " did not end with OK:\n" + outcome.output);
            server.awaitConnectionCount(0, DRAIN_TIMEOUT);
        }
    }

    private static void requireClient(final boolean available, final String reason)
    {
        if (!available && System.getenv("CI") != null)
        {
            fail(reason + " (CI must provide this client; .ci/run installs it)");
        }
        Assumptions.assumeTrue(available, reason);
    }

    private boolean exitsZero(final List<String> command, final Map<String, String> environment)
        throws InterruptedException
    {
        try
        {
            final Outcome outcome = run(command, environment, PROBE_TIMEOUT_SECONDS);
            return outcome.finished && outcome.exitCode == 0;
        }
        catch (final IOException ex)
        {
            // The program itself is missing.
            return false;
        }
    }

    private String copyScript(final String name) throws IOException
    {
        final Path script = tempDir.resolve(name);
        try (InputStream in = InteropTest.class.getResourceAsStream("/interop/" + name))
        {
            if (in == null)
            {
                fail("test resource interop/" + name + " is not on the classpath");
            }
            Files.copy(in, script);
        }
        return script.toString();
    }

    /**
     * Run a child process with stdout and stderr in one file, so no thread has to drain a pipe.
     *
     * @return its exit code and output; one that did not finish in time is killed and marked unfinished.
     */
    private Outcome run(final List<String> command, final Map<String, String> environment, final long timeoutSeconds)
        throws IOException, InterruptedException
    {
        final Path output = Files.createTempFile(tempDir, "child", ".log");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        final Process process = builder.start();
        try
        {
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return new Outcome(false, -1, Files.readString(output));
            }
            return new Outcome(true, process.exitValue(), Files.readString(output));
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static final class Outcome
    {
        private final boolean finished;
        private final int exitCode;
        private final String output;

        Outcome(final boolean finished, final int exitCode, final String output)
        {
            this.finished = finished;
            this.exitCode = exitCode;
            this.output = output;
        }

        String lastLine()
        {
            final String[] lines = output.strip().split("\\R");
            return lines[lines.length - 1].strip();
        }
    }
}
