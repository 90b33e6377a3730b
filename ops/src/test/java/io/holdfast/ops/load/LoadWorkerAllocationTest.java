package io.holdfast.ops.load;

import com.sun.management.ThreadMXBean;
import io.holdfast.engine.EchoHandler;
import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.PubSubHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's I/O thread allocates nothing in a closed-loop echo with heartbeats, nor in a broadcast (publishes,
 * deliveries and heartbeats on one thread), once it is warm: no object per message, per read or per heartbeat, so
 * the client's own GC cannot disturb what it measures.
 */
final class LoadWorkerAllocationTest
{
    private static final long WARM_UP_MS = 1_500;
    private static final long WINDOW_MS = 1_000;
    private static final int MAX_WINDOWS = 3;
    private static final String IO_THREAD = "holdfast-load-0";

    private final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();

    /**
     * Measured in windows, passing when one window allocates nothing, as the engine's ZeroGarbageTest does: a
     * one-off of warm-up may land late (when C2 deoptimizes a method whose objects it had scalar-replaced, the
     * thread reallocates them on the heap; seen once: 48 bytes). Garbage made per message, or even once per window,
     * shows in every window and fails the test.
     */
    @Test
    @Timeout(value = 60, unit = SECONDS)
    void ioThreadAllocatesNothingInSteadyState() throws Exception
    {
        final EngineConfig config = new EngineConfig().listenAddress("127.0.0.1").listenPort(0).workers(1);
        try (Engine engine = Engine.start(config, EchoHandler::new))
        {
            assertAllocatesNothing(engine, options(engine).connections(200).closedLoop(256));
        }
    }

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void ioThreadAllocatesNothingInABroadcast() throws Exception
    {
        final EngineConfig config = new EngineConfig().listenAddress("127.0.0.1").listenPort(0).workers(1);
        try (Engine engine = Engine.start(config, (outbound) -> new PubSubHandler(outbound, config)))
        {
            assertAllocatesNothing(engine, options(engine).broadcast(256, 200, 5, "bench"));
        }
    }

    private static LoadOptions options(final Engine engine)
    {
        return new LoadOptions()
            .target(URI.create("ws://127.0.0.1:" + engine.port() + "/ws"),
                new InetSocketAddress("127.0.0.1", engine.port()))
            .connectRate(5_000)
            .pingIntervalMs(50)
            .durationMs(WARM_UP_MS + (MAX_WINDOWS + 1) * WINDOW_MS);
    }

    /**
     * Run the load and measure its I/O thread's allocation in windows after a warm-up, while the server sends at
     * least a thousand messages a window.
     */
    private void assertAllocatesNothing(final Engine engine, final LoadOptions options) throws Exception
    {
        final LoadGenerator generator = new LoadGenerator(options);
        final SignalledOutput output = new SignalledOutput();
        final AtomicReference<LoadResult> result = new AtomicReference<>();
        final Thread runner = new Thread(() -> result.set(run(generator, output)));
        runner.start();

        output.awaitEstablished();
        Thread.sleep(WARM_UP_MS);
        final long ioThread = threadId(IO_THREAD);
        long allocated = -1;
        long messages = 0;
        for (int window = 0; window < MAX_WINDOWS && allocated != 0; window++)
        {
            final long messagesBefore = engine.messagesSent();
            final long allocatedBefore = threads.getThreadAllocatedBytes(ioThread);
            Thread.sleep(WINDOW_MS);
            allocated = threads.getThreadAllocatedBytes(ioThread) - allocatedBefore;
            messages = engine.messagesSent() - messagesBefore;
        }
        generator.stop();
        runner.join();

        assertNotNull(result.get(), output.text());
        assertEquals(null, result.get().error(), "an I/O thread failed");
        assertTrue(messages > 1_000, "messages the server sent in the window: " + messages);
        assertEquals(0, allocated, "bytes the I/O thread allocated over " + messages + " messages");
    }

    private static LoadResult run(final LoadGenerator generator, final SignalledOutput output)
    {
        try
        {
            return generator.run(output.stream);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long threadId(final String name)
    {
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (name.equals(thread.getName()))
            {
                return thread.getId();
            }
        }
        throw new AssertionError("no thread named " + name);
    }
}
