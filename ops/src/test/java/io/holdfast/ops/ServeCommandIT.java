package io.holdfast.ops;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real launcher, {@code ops/bin/holdfast}, run as an operator runs it: serving, stopping on SIGTERM, reading
 * config files and arguments in order, and refusing bad input with one line and exit status 2. Runs under failsafe
 * after {@code package}, so the jar and {@code target/lib} the script starts from exist.
 */
@Timeout(value = 60, unit = SECONDS)
final class ServeCommandIT
{
    private static final long LISTENING_SECONDS = 20;
    private static final long EXIT_SECONDS = 10;
    private static final long REPLY_SECONDS = 10;
    private static final Pattern LISTENING =
        Pattern.compile("holdfast listening on 127\\.0\\.0\\.1:(\\d+) path (\\S+) workers (\\d+) " +
            "max connections (\\d+)");
    private static final String HEARTBEAT = "{\"type\":\"ping\"}";
    private static final String HEARTBEAT_REPLY = "{\"type\":\"pong\"}";

    @TempDir
    Path directory;

    @BeforeAll
    static void requirePackagedLauncher()
    {
        // Without the jar the launcher would start a nested Maven build; fail instead and say why.
        assertTrue(Files.isRegularFile(OpsFiles.jar()),
            OpsFiles.jar() + " is missing: run this test with `mvn verify`, which packages before integration tests");
    }

    @Test
    void shouldServeEchoAndHeartbeatWithTheBundledConfigAndStopOnSigterm() throws Exception
    {
        try (Holdfast holdfast = Holdfast.start(directory, "serve", "holdfast.listen.address=127.0.0.1",
            "holdfast.listen.port=0"))
        {
            final Matcher listening = holdfast.awaitListening();
            assertEquals("/ws", listening.group(2));
            assertTrue(Integer.parseInt(listening.group(3)) >= 1, listening.group());

            final int port = Integer.parseInt(listening.group(1));
            final EchoClient client = EchoClient.connect(port, "/ws");
            assertEquals("hello, holdfast \u00e9\u20ac", client.roundTrip("hello, holdfast \u00e9\u20ac"));
            assertEquals(HEARTBEAT_REPLY, client.roundTrip(HEARTBEAT));
            client.closeNormally();
            // Left open: a connection still held must not keep the server from stopping.
            assertEquals(HEARTBEAT_REPLY, EchoClient.connect(port, "/ws").roundTrip(HEARTBEAT));

            holdfast.terminate();
            holdfast.assertNoStackTraceOrWorkerError();
        }
    }

    @Test
    void shouldExitWithStatusZeroOnSigterm() throws Exception
    {
        try (Holdfast holdfast = Holdfast.start(directory, "serve", "holdfast.listen.address=127.0.0.1",
            "holdfast.listen.port=0"))
        {
            holdfast.awaitListening();
            assertEquals(0, holdfast.terminate());
        }
    }

    @Test
    void shouldServeOnThePathFromAConfigFile() throws Exception
    {
        final Path config = file("other.properties", "holdfast.listen.address=127.0.0.1", "holdfast.path=/other");
        try (Holdfast holdfast = Holdfast.start(directory, "serve", "--config", config.toString(),
            "holdfast.listen.port=0"))
        {
            final Matcher listening = holdfast.awaitListening();
            assertEquals("/other", listening.group(2));
            final int port = Integer.parseInt(listening.group(1));

            final EchoClient client = EchoClient.connect(port, "/other");
            assertEquals("on another path", client.roundTrip("on another path"));
            client.closeNormally();

            assertTrue(upgradeStatusLine(port, "/other").startsWith("HTTP/1.1 101 "));
            assertTrue(upgradeStatusLine(port, "/ws").startsWith("HTTP/1.1 404 "));
            holdfast.terminate();
            holdfast.assertNoStackTraceOrWorkerError();
        }
    }

    @Test
    void shouldLetLaterFilesAndThenArgumentsWin() throws Exception
    {
        try (ServerSocket occupied = occupiedPort())
        {
            final Path first = file("first.properties", "holdfast.listen.address=127.0.0.1",
                "holdfast.listen.port=" + occupied.getLocalPort(), "holdfast.path=/first");
            final Path second = file("second.properties", "holdfast.path=/second");
            try (Holdfast holdfast = Holdfast.start(directory, "serve", "--config", first.toString(),
                "--config", second.toString(), "holdfast.listen.port=0"))
            {
                final Matcher listening = holdfast.awaitListening();
                assertEquals("/second", listening.group(2));
                assertNotEquals(occupied.getLocalPort(), Integer.parseInt(listening.group(1)));
                holdfast.terminate();
            }
        }
    }

    @Test
    void shouldRefuseAnUnknownKey() throws Exception
    {
        final Result result = Holdfast.runToExit(directory, "serve", "holdfast.lsten.port=1");

        result.assertOneLineError(Main.EXIT_USAGE, "unknown key 'holdfast.lsten.port'", "holdfast.listen.port");
    }

    @Test
    void shouldRefuseABadValueNamingTheKeyAndTheExpectedForm() throws Exception
    {
        final Result result = Holdfast.runToExit(directory, "serve", "holdfast.max.frame=lots");

        result.assertOneLineError(Main.EXIT_USAGE, "holdfast.max.frame=lots is not valid", "such as 512, 64KiB");
    }

    @Test
    void shouldRefuseABadValueInAConfigFileNamingFileAndLine() throws Exception
    {
        final Path config = file("bad.properties", "# frames", "holdfast.max.frame=lots");

        final Result result = Holdfast.runToExit(directory, "serve", "--config", config.toString());

        result.assertOneLineError(Main.EXIT_USAGE, config + ":2: holdfast.max.frame=lots is not valid");
    }

    @Test
    void shouldRefuseAMissingConfigFile() throws Exception
    {
        final Path missing = directory.resolve("missing.properties");

        final Result result = Holdfast.runToExit(directory, "serve", "--config", missing.toString());

        result.assertOneLineError(Main.EXIT_USAGE, "cannot read config file " + missing);
    }

    @Test
    void shouldRefuseAnUnknownCommand() throws Exception
    {
        final Result result = Holdfast.runToExit(directory, "frobnicate");

        result.assertFirstLineError(Main.EXIT_USAGE, "holdfast: unknown command 'frobnicate'");
    }

    @Test
    void shouldRefuseAnUnexpectedArgument() throws Exception
    {
        final Result result = Holdfast.runToExit(directory, "serve", "--bogus");

        result.assertFirstLineError(Main.EXIT_USAGE, "holdfast serve: unexpected argument '--bogus'");
    }

    @Test
    void shouldFailClearlyWhenThePortIsInUse() throws Exception
    {
        try (ServerSocket occupied = occupiedPort())
        {
            final Result result = Holdfast.runToExit(directory, "serve", "holdfast.listen.address=127.0.0.1",
                "holdfast.listen.port=" + occupied.getLocalPort());

            result.assertOneLineError(Main.EXIT_FAILED, "cannot listen on 127.0.0.1:" + occupied.getLocalPort());
        }
    }

    @Test
    void shouldFailClearlyWhenTheListenAddressDoesNotResolve() throws Exception
    {
        final Result result = Holdfast.runToExit(directory, "serve", "holdfast.listen.address=nonexistent.invalid",
            "holdfast.listen.port=0");

        result.assertOneLineError(Main.EXIT_FAILED, "cannot listen on nonexistent.invalid:0");
    }

    private Path file(final String name, final String... lines) throws IOException
    {
        return Files.write(directory.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    private static ServerSocket occupiedPort() throws IOException
    {
        final ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    private static String upgradeStatusLine(final int port, final String path) throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout((int)SECONDS.toMillis(REPLY_SECONDS));
            final OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\n" +
                "Host: 127.0.0.1:" + port + "\r\n" +
                "Upgrade: websocket\r\n" +
                "Connection: Upgrade\r\n" +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String statusLine = readLine(socket.getInputStream());
            assertNotNull(statusLine, "no response to an upgrade request for " + path);
            return statusLine;
        }
    }

    private static String readLine(final InputStream in) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read())
        {
            if (b != '\r')
            {
                line.append((char)b);
            }
        }
        return line.length() == 0 ? null : line.toString();
    }

    /**
     * One {@code ops/bin/holdfast} process: stdout read line by line as it comes, stderr kept in a file.
     */
    private static final class Holdfast implements AutoCloseable
    {
        private final Process process;
        private final Path stderr;
        private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
        private final Thread stdoutReader;

        private Holdfast(final Process process, final Path stderr)
        {
            this.process = process;
            this.stderr = stderr;
            stdoutReader = new Thread(this::readStdout, "holdfast-stdout-" + process.pid());
            stdoutReader.setDaemon(true);
            stdoutReader.start();
        }

        static Holdfast start(final Path directory, final String... args) throws IOException
        {
            final List<String> command = new ArrayList<>();
            command.add(OpsFiles.launcher().toString());
            command.addAll(List.of(args));
            final Path stderr = Files.createTempFile(directory, "stderr", ".txt");
            final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(OpsFiles.opsDirectory().getParent().toFile())
                .redirectError(stderr.toFile());
            final Map<String, String> environment = builder.environment();
            // The same JDK as the test, and the launcher's own default JVM flags: nothing from the caller's shell.
            environment.put("JAVA_HOME", System.getProperty("java.home"));
            environment.remove("JAVA_OPTS");
            environment.remove("JDK_JAVA_OPTIONS");
            environment.remove("JAVA_TOOL_OPTIONS");
            final Process process = builder.start();
            process.getOutputStream().close();
            return new Holdfast(process, stderr);
        }

        static Result runToExit(final Path directory, final String... args) throws Exception
        {
            try (Holdfast holdfast = start(directory, args))
            {
                assertTrue(holdfast.process.waitFor(LISTENING_SECONDS, SECONDS),
                    "holdfast did not exit within " + LISTENING_SECONDS + " s");
                holdfast.stdoutReader.join(SECONDS.toMillis(EXIT_SECONDS));
                final List<String> stdout = new ArrayList<>();
                holdfast.stdoutLines.drainTo(stdout);
                return new Result(holdfast.process.exitValue(), stdout, holdfast.stderr());
            }
        }

        Matcher awaitListening() throws Exception
        {
            final String line = stdoutLines.poll(LISTENING_SECONDS, SECONDS);
            assertNotNull(line, "no line on stdout within " + LISTENING_SECONDS + " s; stderr: " + stderr());
            final Matcher matcher = LISTENING.matcher(line);
            assertTrue(matcher.matches(), "unexpected first line: " + line + "; stderr: " + stderr());
            return matcher;
        }

        /**
         * Send SIGTERM ({@link Process#destroy()} does on Unix) and wait for the exit.
         *
         * @return the exit status.
         */
        int terminate() throws Exception
        {
            process.destroy();
            assertTrue(process.waitFor(EXIT_SECONDS, SECONDS), "holdfast still running " + EXIT_SECONDS +
                " s after SIGTERM; stderr: " + stderr());
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
    }

    /**
     * What a finished {@code holdfast} run left: its exit status and output.
     */
    private record Result(int status, List<String> stdout, String stderr)
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

    private static void assertNoStackTrace(final String stderr)
    {
        assertFalse(stderr.contains("\tat "), stderr);
        assertFalse(stderr.contains("Exception in thread"), stderr);
    }

    /**
     * The JDK's WebSocket client, a client nobody here wrote, taking whole text messages one at a time.
     */
    private static final class EchoClient implements WebSocket.Listener
    {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private WebSocket webSocket;

        static EchoClient connect(final int port, final String path) throws Exception
        {
            final EchoClient client = new EchoClient();
            client.webSocket = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), client)
                .get(REPLY_SECONDS, SECONDS);
            return client;
        }

        String roundTrip(final String message) throws Exception
        {
            webSocket.sendText(message, true).get(REPLY_SECONDS, SECONDS);
            final String reply = texts.poll(REPLY_SECONDS, SECONDS);
            assertNotNull(reply, "no reply to " + message + " within " + REPLY_SECONDS + " s");
            return reply;
        }

        void closeNormally() throws Exception
        {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(REPLY_SECONDS, SECONDS);
            assertEquals(WebSocket.NORMAL_CLOSURE, closeCode.get(REPLY_SECONDS, SECONDS));
        }

        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            text.append(data);
            if (last)
            {
                texts.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            closeCode.complete(statusCode);
            return null;
        }

        public void onError(final WebSocket webSocket, final Throwable error)
        {
            closeCode.completeExceptionally(error);
        }
    }
}
