package io.holdfast.ops.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A server under measurement, started on a free port of 127.0.0.1: ready once its port accepts a TCP connection,
 * stopped with SIGTERM and, after a bound, SIGKILL.
 */
final class ServerProcess implements AutoCloseable
{
    static final String LOOPBACK = "127.0.0.1";
    private static final long READY_TIMEOUT_MS = 120_000;
    private static final int PROBE_TIMEOUT_MS = 200;
    private static final long PROBE_INTERVAL_MS = 100;
    private static final long STOP_GRACE_MS = 15_000;

    private final String name;
    private final ChildProcess process;
    private final int port;

    private ServerProcess(final String name, final ChildProcess process, final int port)
    {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /**
     * Start the server on a fresh free port and wait until it accepts connections.
     *
     * @param directory a fresh folder the server may use (holdfast's counters file).
     * @throws BenchRunException when it does not start, exits, or does not listen within two minutes.
     */
    static ServerProcess start(final BenchServer server, final Path directory, final Path logPrefix,
        final Path workingDirectory, final ChildProcesses children) throws BenchRunException, InterruptedException
    {
        final int port;
        final ChildProcess process;
        try
        {
            port = freePort();
            process = ChildProcess.start(server.startCommand(port, directory), server.environment(),
                workingDirectory, logPrefix, children);
        }
        catch (final IOException ex)
        {
            throw new BenchRunException("cannot start: " + ex.getMessage());
        }
        final ServerProcess started = new ServerProcess(server.name(), process, port);
        try
        {
            started.awaitListening();
            return started;
        }
        catch (final BenchRunException | InterruptedException ex)
        {
            started.close();
            throw ex;
        }
    }

    /**
     * @return the server's name, as given to {@code --peers}.
     */
    String name()
    {
        return name;
    }

    int port()
    {
        return port;
    }

    long pid()
    {
        return process.pid();
    }

    /**
     * @throws BenchRunException saying how the server ended when it is no longer running.
     */
    void requireRunning() throws BenchRunException
    {
        if (!process.isAlive())
        {
            throw new BenchRunException(exitText());
        }
    }

    /**
     * Stop the server: SIGTERM, and SIGKILL if it is still running after a bound.
     *
     * @return null when it stopped by itself, else what happened.
     */
    String stop() throws InterruptedException
    {
        if (!process.isAlive())
        {
            return exitText();
        }
        final boolean stopped = process.stop(STOP_GRACE_MS);
        process.close();
        return stopped ? null : "still running " + STOP_GRACE_MS + " ms after SIGTERM: killed";
    }

    public void close()
    {
        process.close();
    }

    private void awaitListening() throws BenchRunException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (!accepts())
        {
            requireRunning();
            if (System.nanoTime() > deadlineNs)
            {
                throw new BenchRunException("not listening on " + LOOPBACK + ":" + port + " after " +
                    READY_TIMEOUT_MS + " ms");
            }
            Thread.sleep(PROBE_INTERVAL_MS);
        }
    }

    private boolean accepts()
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(LOOPBACK, port), PROBE_TIMEOUT_MS);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private String exitText()
    {
        final String error = process.firstErrorLine();
        return "server exited with status " + process.exitStatus() + (error.isEmpty() ? "" : ": " + error);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK)))
        {
            return socket.getLocalPort();
        }
    }
}
