package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.EchoHandler;
import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.JdkWebSocketClient;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void addsUpTopicsSubscriptionsPublishesAndDeliveries() throws Exception
    {
        final CountersManager counters = TestCounters.newManager(1);
        final EngineConfig config = new EngineConfig()
            .listenAddress("127.0.0.1").listenPort(0).workers(1).countersManager(counters);
        final EngineTotals totals = new EngineTotals();
        try (Engine engine = Engine.start(config, HandlerType.PUBSUB.factory(config)))
        {
            final URI uri = URI.create("ws://127.0.0.1:" + engine.port() + "/ws");
            final JdkWebSocketClient first = JdkWebSocketClient.connect(uri);
            final JdkWebSocketClient second = JdkWebSocketClient.connect(uri);
            subscribe(first, "a");
            subscribe(first, "b");
            subscribe(second, "a");
            final UnsafeBuffer data = new UnsafeBuffer("42".getBytes(StandardCharsets.US_ASCII));
            assertTrue(engine.publish("a", data, 0, data.capacity()));
            assertTrue(engine.publish("b", data, 0, data.capacity()));
            assertEquals("{\"type\":\"message\",\"topic\":\"a\",\"data\":42}", second.nextText());
            final UnsafeBuffer tooLarge = new UnsafeBuffer(new byte[config.maxMessage() + 1]);
            assertFalse(engine.publish("a", tooLarge, 0, tooLarge.capacity()));
            awaitValue(3, () -> totals.read(counters).get(CounterTypes.DELIVERIES));

            assertEquals(1, totals.workers(), "engine-wide counters are no worker's");
            assertEquals(2, totals.get(CounterTypes.TOPICS_ACTIVE));
            assertEquals(3, totals.get(CounterTypes.SUBSCRIPTIONS_ACTIVE));
            assertEquals(2, totals.get(CounterTypes.PUBLISHES));
            assertEquals(1, totals.get(CounterTypes.PUBLISHES_REFUSED));
            assertEquals(0, totals.get(CounterTypes.MESSAGES_DROPPED));

            second.closeNormally();
            awaitValue(2, () -> totals.read(counters).get(CounterTypes.SUBSCRIPTIONS_ACTIVE));
            assertEquals(2, totals.get(CounterTypes.TOPICS_ACTIVE), "the first still holds both topics");
            first.closeNormally();
            awaitValue(0, () -> totals.read(counters).get(CounterTypes.TOPICS_ACTIVE));
            assertEquals(0, totals.get(CounterTypes.SUBSCRIPTIONS_ACTIVE));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void sumsGaugesOverWorkersAndTakesEngineWideCountersOnce()
    {
        final CountersManager counters = TestCounters.newManager(2);
        TestCounters.add(counters, CounterTypes.TOPICS_ACTIVE, 0, 0, 3);
        TestCounters.add(counters, CounterTypes.TOPICS_ACTIVE, 1, 0, 4);
        TestCounters.add(counters, CounterTypes.SUBSCRIPTIONS_ACTIVE, 0, 0, 10);
        TestCounters.add(counters, CounterTypes.SUBSCRIPTIONS_ACTIVE, 1, 0, 0);
        TestCounters.add(counters, CounterTypes.PUBLISHES, -1, 0, 12);
        TestCounters.add(counters, CounterTypes.PUBLISHES_REFUSED, -1, 0, 1);
        TestCounters.add(counters, CounterTypes.DELIVERIES, 0, 0, 100);
        TestCounters.add(counters, CounterTypes.DELIVERIES, 1, 0, 20);
        TestCounters.add(counters, CounterTypes.MESSAGES_DROPPED, 1, 0, 5);

        final EngineTotals totals = new EngineTotals().read(counters);

        assertEquals(2, totals.workers());
        assertEquals(7, totals.get(CounterTypes.TOPICS_ACTIVE));
        assertEquals(10, totals.get(CounterTypes.SUBSCRIPTIONS_ACTIVE));
        assertEquals(12, totals.get(CounterTypes.PUBLISHES));
        assertEquals(1, totals.get(CounterTypes.PUBLISHES_REFUSED));
        assertEquals(120, totals.get(CounterTypes.DELIVERIES));
        assertEquals(5, totals.get(CounterTypes.MESSAGES_DROPPED));
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

    private static void subscribe(final JdkWebSocketClient client, final String topic) throws Exception
    {
        assertEquals("{\"type\":\"subscribed\",\"topic\":\"" + topic + "\"}",
            client.roundTrip("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}"));
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
