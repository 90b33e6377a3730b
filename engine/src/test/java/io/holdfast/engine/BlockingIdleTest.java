package io.holdfast.engine;

import com.sun.management.ThreadMXBean;
import io.holdfast.codec.frame.Opcode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.holdfast.engine.RawClient.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link IdleStrategyType#BLOCKING}: an idle worker waits in its selector, costing little CPU and allocating nothing,
 * and whatever it has to do still wakes it: a client's message, a send or close another thread queues, a timer,
 * shutdown. Each test first waits until both workers are blocked, so the event under test meets a waiting worker.
 * Nothing here asserts a latency: that a wake-up comes at once rather than at the next 16 ms timer tick is measured
 * by the benchmarks, not by these tests.
 */
@Timeout(30)
final class BlockingIdleTest
{
    private static final int WORKERS = 2;
    private static final int IDLE_CONNECTIONS = 10;
    private static final long MEASURE_MS = 1_000;
    /** Generous: a blocked worker wakes about 60 times a second for timer ticks and uses well under 1%. */
    private static final double MAX_CPU_SHARE = 0.2;
    private static final int MAX_WINDOWS = 3;
    private static final long IDLE_TIMEOUT_MS = 300;
    /** The server's cycle clock truncates to milliseconds and is read at the start of a duty cycle. */
    private static final long EARLY_MS = 5;
    private static final long SHUTDOWN_TIMEOUT_MS = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final ConnectionRecorder recorder = new ConnectionRecorder();

    /**
     * Measured in windows, passing when one window allocates nothing, for the reason {@link ZeroGarbageTest} gives.
     */
    @Test
    void idleWorkersUseLittleCpuAndAllocateNothing() throws Exception
    {
        final List<RawClient> clients = new ArrayList<>();
        try (TestServer server = start(config -> {}))
        {
            for (int i = 0; i < IDLE_CONNECTIONS; i++)
            {
                clients.add(RawClient.open(server.port()));
            }
            server.awaitConnectionCount(IDLE_CONNECTIONS, WAIT);
            awaitWorkersBlocked(server);

            final long[] workerIds = workerThreadIds();
            long[] allocated = null;
            for (int window = 0; window < MAX_WINDOWS && !isZero(allocated); window++)
            {
                final long[] cpuBefore = threads.getThreadCpuTime(workerIds);
                final long[] allocatedBefore = threads.getThreadAllocatedBytes(workerIds);
                final long startNs = System.nanoTime();
                Thread.sleep(MEASURE_MS);
                final long wallNs = System.nanoTime() - startNs;
                final long[] cpu = minus(threads.getThreadCpuTime(workerIds), cpuBefore);
                allocated = minus(threads.getThreadAllocatedBytes(workerIds), allocatedBefore);
                for (final long workerCpuNs : cpu)
                {
                    assertTrue(workerCpuNs < MAX_CPU_SHARE * wallNs,
                        "idle worker CPU " + workerCpuNs / 1_000_000 + " ms over " + wallNs / 1_000_000 + " ms");
                }
            }
            assertArrayEquals(new long[workerIds.length], allocated, "bytes allocated by idle worker threads");
        }
        finally
        {
            clients.forEach(RawClient::close);
        }
    }

    @Test
    void clientMessageIsEchoedAfterIdling() throws Exception
    {
        try (TestServer server = start(config -> {});
            RawClient client = RawClient.open(server.port()))
        {
            server.awaitConnectionCount(1, WAIT);
            for (int i = 0; i < 3; i++)
            {
                awaitWorkersBlocked(server);
                client.expectEcho("after idling " + i);
            }
        }
    }

    @Test
    void sendAndCloseFromAnotherThreadReachABlockedWorker() throws Exception
    {
        try (TestServer server = start(config -> {});
            RawClient client = RawClient.open(server.port()))
        {
            final long connectionId = recorder.nextOpened();
            final Engine engine = server.engine();
            for (int i = 0; i < 3; i++)
            {
                final byte[] payload = utf8("pushed " + i);
                awaitWorkersBlocked(server);
                assertTrue(engine.send(connectionId, new UnsafeBuffer(payload), 0, payload.length, true));
                client.expectMessage(Opcode.TEXT, payload);
            }

            awaitWorkersBlocked(server);
            assertTrue(engine.close(connectionId, 4000));
            client.expectClose(4000);
            assertEquals(4000, recorder.awaitClose(connectionId));
        }
    }

    @Test
    void idleTimeoutFiresWhileBlocked() throws Exception
    {
        try (TestServer server = start(config -> config.idleTimeoutMs(IDLE_TIMEOUT_MS)))
        {
            final long startNs = System.nanoTime();
            try (RawClient client = RawClient.open(server.port()))
            {
                awaitWorkersBlocked(server);
                final RawClient.Frame close = client.expectClose(1001);
                assertEquals("idle timeout", close.closeReason());
                final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                assertTrue(elapsedMs >= IDLE_TIMEOUT_MS - EARLY_MS, "closed after " + elapsedMs + " ms");
            }
        }
    }

    /**
     * The shutdown request and the client's close reply both have to wake a blocked worker; a close that waited
     * for the shutdown timeout would show that one of them did not.
     */
    @Test
    void closeReturnsWellBeforeTheShutdownTimeoutWhileBlocked() throws Exception
    {
        final TestServer server = start(config -> config.shutdownTimeoutMs(SHUTDOWN_TIMEOUT_MS));
        try (RawClient client = RawClient.open(server.port()))
        {
            server.awaitConnectionCount(1, WAIT);
            awaitWorkersBlocked(server);
            final CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> expectShutdownClose(client));

            final long startNs = System.nanoTime();
            server.close();
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

            closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(elapsedMs < SHUTDOWN_TIMEOUT_MS / 2, "close took " + elapsedMs + " ms");
        }
        finally
        {
            server.close();
        }
    }

    private TestServer start(final Consumer<EngineConfig> customizer) throws Exception
    {
        return TestServer.start(
            config -> customizer.accept(config.idleStrategy(IdleStrategyType.BLOCKING).workers(WORKERS)),
            recorder::newHandler);
    }

    private static void expectShutdownClose(final RawClient client)
    {
        try
        {
            client.expectClose(1001);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void awaitWorkersBlocked(final TestServer server) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + WAIT.toNanos();
        while (server.engine().blockedWorkerCount() != WORKERS)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("workers blocked: " + server.engine().blockedWorkerCount() + " of " + WORKERS);
            }
            Thread.sleep(1);
        }
    }

    private static long[] workerThreadIds()
    {
        final long[] ids = Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("holdfast-worker-"))
            .mapToLong(Thread::getId)
            .toArray();
        assertEquals(WORKERS, ids.length, "worker threads found: " + Arrays.toString(ids));
        return ids;
    }

    private static long[] minus(final long[] after, final long[] before)
    {
        final long[] difference = new long[after.length];
        for (int i = 0; i < after.length; i++)
        {
            difference[i] = after[i] - before[i];
        }
        return difference;
    }

    private static boolean isZero(final long[] allocated)
    {
        return allocated != null && Arrays.stream(allocated).allMatch(bytes -> bytes == 0);
    }
}
