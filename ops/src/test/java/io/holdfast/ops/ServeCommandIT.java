package io.holdfast.ops;

import io.holdfast.engine.JdkWebSocketClient;
import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    private static final long REPLY_SECONDS = 10;
    private static final String HEARTBEAT = "{\"type\":\"ping\"}";
    private static final String HEARTBEAT_REPLY = "{\"type\":\"pong\"}";

    @TempDir
    Path directory;

    @Test
    void shouldServeEchoAndHeartbeatWithTheBundledConfigAndStopOnSigterm() throws Exception
    {
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", "holdfast.listen.address=127.0.0.1",
            "holdfast.listen.port=0"))
        {
            final Matcher listening = holdfast.awaitListening();
            assertEquals("/ws", listening.group(2));
            assertTrue(Integer.parseInt(listening.group(3)) >= 1, listening.group());

            final int port = Integer.parseInt(listening.group(1));
            final JdkWebSocketClient client = JdkWebSocketClient.connect(HoldfastProcess.uri(port, "/ws"));
            assertEquals("hello, holdfast \u00e9\u20ac", client.roundTrip("hello, holdfast \u00e9\u20ac"));
            assertEquals(HEARTBEAT_REPLY, client.roundTrip(HEARTBEAT));
            client.closeNormally();
            // Left open: a connection still held must not keep the server from stopping.
            final JdkWebSocketClient leftOpen = JdkWebSocketClient.connect(HoldfastProcess.uri(port, "/ws"));
            assertEquals(HEARTBEAT_REPLY, leftOpen.roundTrip(HEARTBEAT));

            holdfast.terminate();
            holdfast.assertNoStackTraceOrWorkerError();
        }
    }

    @Test
    void shouldExitWithStatusZeroOnSigterm() throws Exception
    {
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", "holdfast.listen.address=127.0.0.1",
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
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", "--config", config.toString(),
            "holdfast.listen.port=0"))
        {
            final Matcher listening = holdfast.awaitListening();
            assertEquals("/other", listening.group(2));
            final int port = Integer.parseInt(listening.group(1));

            final JdkWebSocketClient client = JdkWebSocketClient.connect(HoldfastProcess.uri(port, "/other"));
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
            try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", "--config", first.toString(),
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
        final Result result = HoldfastProcess.runToExit(directory, "serve", "holdfast.lsten.port=1");

        result.assertOneLineError(Main.EXIT_USAGE, "unknown key 'holdfast.lsten.port'", "holdfast.listen.port");
    }

    @Test
    void shouldRefuseABadValueNamingTheKeyAndTheExpectedForm() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "serve", "holdfast.max.frame=lots");

        result.assertOneLineError(Main.EXIT_USAGE, "holdfast.max.frame=lots is not valid", "such as 512, 64KiB");
    }

    @Test
    void shouldRefuseABadValueInAConfigFileNamingFileAndLine() throws Exception
    {
        final Path config = file("bad.properties", "# frames", "holdfast.max.frame=lots");

        final Result result = HoldfastProcess.runToExit(directory, "serve", "--config", config.toString());

        result.assertOneLineError(Main.EXIT_USAGE, config + ":2: holdfast.max.frame=lots is not valid");
    }

    @Test
    void shouldRefuseAMissingConfigFile() throws Exception
    {
        final Path missing = directory.resolve("missing.properties");

        final Result result = HoldfastProcess.runToExit(directory, "serve", "--config", missing.toString());

        result.assertOneLineError(Main.EXIT_USAGE, "cannot read config file " + missing);
    }

    @Test
    void shouldRefuseAnUnknownCommand() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "frobnicate");

        result.assertFirstLineError(Main.EXIT_USAGE, "holdfast: unknown command 'frobnicate'");
    }

    @Test
    void shouldRefuseAnUnexpectedArgument() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "serve", "--bogus");

        result.assertFirstLineError(Main.EXIT_USAGE, "holdfast serve: unexpected argument '--bogus'");
    }

    @Test
    void shouldFailClearlyWhenThePortIsInUse() throws Exception
    {
        try (ServerSocket occupied = occupiedPort())
        {
            final Result result = HoldfastProcess.runToExit(directory, "serve", "holdfast.listen.address=127.0.0.1",
                "holdfast.listen.port=" + occupied.getLocalPort());

            result.assertOneLineError(Main.EXIT_FAILED, "cannot listen on 127.0.0.1:" + occupied.getLocalPort());
        }
    }

    @Test
    void shouldFailClearlyWhenTheListenAddressDoesNotResolve() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "serve",
            "holdfast.listen.address=nonexistent.invalid", "holdfast.listen.port=0");

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
}
