package io.holdfast.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The benchmark's Go + gorilla peer ({@code ops/bench/peers/go}) for tests: installed by its {@code install.sh}
 * (skipped on a developer machine without Go, failed under CI), run by its {@code run.sh} on a free port of
 * 127.0.0.1 until closed.
 */
final class GoPeer implements AutoCloseable
{
    private static final long INSTALL_SECONDS = 300;
    private static final long READY_MS = 20_000;
    private static final long STOP_SECONDS = 10;
    private static final int PROBE_TIMEOUT_MS = 200;
    private static final long PROBE_INTERVAL_MS = 50;

    private final Process process;
    private final int port;

    private GoPeer(final Process process, final int port)
    {
        this.process = process;
        this.port = port;
    }

    /**
     * Make sure the peer is built: Go must be on PATH (the Debian package golang-go), and {@code install.sh} builds
     * the peer, installing gorilla/websocket's Debian package if it is missing.
     */
    static void requireInstalled(final Path logs) throws Exception
    {
        ExternalTool.require("go", "golang-go (and golang-github-gorilla-websocket-dev)");
        final Path log = Files.createTempFile(logs, "go-install", ".txt");
        final Process install = new ProcessBuilder("bash", script("install.sh").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        if (!install.waitFor(INSTALL_SECONDS, TimeUnit.SECONDS))
        {
            install.destroyForcibly();
            fail("ops/bench/peers/go/install.sh still running after " + INSTALL_SECONDS + " s");
        }
        assertEquals(0, install.exitValue(), "ops/bench/peers/go/install.sh: " + Files.readString(log));
    }

    /**
     * Install and start the peer, and wait until it accepts connections.
     *
     * @param logs where the installer's and the peer's output go.
     */
    static GoPeer start(final Path logs) throws Exception
    {
        requireInstalled(logs);
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
        final Process process = new ProcessBuilder("bash", script("run.sh").toString(), Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(Files.createTempFile(logs, "go-peer", ".txt").toFile())
            .start();
        final GoPeer peer = new GoPeer(process, port);
        final long deadline = System.currentTimeMillis() + READY_MS;
        while (!peer.accepts())
        {
            if (!process.isAlive() || System.currentTimeMillis() > deadline)
            {
                peer.close();
                fail("the Go peer did not listen on 127.0.0.1:" + port);
            }
            Thread.sleep(PROBE_INTERVAL_MS);
        }
        return peer;
    }

    int port()
    {
        return port;
    }

    /**
     * @throws AssertionError when the peer has exited.
     */
    void assertRunning()
    {
        assertTrue(process.isAlive(), "the Go peer has exited");
    }

    public void close() throws InterruptedException
    {
        // run.sh execs the peer, so the process is the peer itself.
        process.destroy();
        if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        }
    }

    private boolean accepts()
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), PROBE_TIMEOUT_MS);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static Path script(final String name)
    {
        return OpsFiles.opsDirectory().resolve("bench/peers/go").resolve(name);
    }
}
