package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.EchoHandler;
import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.JdkWebSocketClient;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The totals a reader sees are the engine's own numbers added up over its workers, and reading them allocates
 * nothing, so a server can read itself every second.
 */
final class EngineTotalsTest
{
    private static final int WORKERS = 2;
    private static final long WAIT_MS = 10_000;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void addsUpTheWorkersCounters() throws Exception
    {
        final CountersManager counters = TestCounters.newManager(WORKERS);
        final EngineConfig config = new EngineConfig()
            .listenAddress("127.0.0.1").listenPort(0).workers(WORKERS).countersManager(counters);
        final EngineTotals totals = new EngineTotals();
        try (Engine engine = Engine.start(config, EchoHandler::new))
        {
            final URI uri = URI.create("ws://127.0.0.1:" + engine.port() + "/ws");
            for (int i = 0; i < 4; i++)
            {
                final JdkWebSocketClient client = JdkWebSocketClient.connect(uri);
                assertEquals("{\"type\":\"pong\"}", client.roundTrip("{\"type\":\"ping\"}"));
                assertEquals("hello", client.roundTrip("hello"));
                client.closeNormally();
            }
            awaitValue(4, () -> totals.read(counters).closed(CloseReason.CLIENT_CLOSE));

            assertEquals(WORKERS, totals.workers());
            assertEquals(4, totals.get(CounterTypes.CONNECTIONS_OPENED));
            assertEquals(4, totals.get(CounterTypes.CONNECTIONS_CLOSED));
            assertEquals(4, totals.get(CounterTypes.CONNECTIONS_CLOSED_BY_REASON));
            assertEquals(0, totals.get(CounterTypes.CONNECTIONS_ACTIVE));
            assertEquals(engine.messagesReceived(), totals.get(CounterTypes.MESSAGES_RECEIVED));
            assertEquals(8, totals.get(CounterTypes.MESSAGES_SENT));
            assertEquals(4, totals.get(CounterTypes.PINGS_RECEIVED));
            assertTrue(totals.get(CounterTypes.BYTES_RECEIVED) > totals.get(CounterTypes.BYTES_SENT));
            assertTrue(totals.get(CounterTypes.DUTY_CYCLE_MAX_NS) > 0);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readingAllocatesNothing() throws Exception
    {
        final CountersManager counters = TestCounters.newManager(WORKERS);
        final EngineConfig config = new EngineConfig()
            .listenAddress("127.0.0.1").listenPort(0).workers(WORKERS).countersManager(counters);
        final EngineTotals totals = new EngineTotals();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Engine ignored = Engine.start(config, EchoHandler::new))
        {
            threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                totals.read(counters);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                totals.read(counters);
            }
            assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before);
        }
    }

    private static void awaitValue(final long expected, final LongSupplier value) throws InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + WAIT_MS;
        while (value.getAsLong() != expected && System.currentTimeMillis() < deadlineMs)
        {
            Thread.sleep(10);
        }
        assertEquals(expected, value.getAsLong());
    }
}
