package io.holdfast.engine;

import io.holdfast.codec.frame.Opcode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscriber that stops reading is handled by the configured slow-consumer policy while another subscriber of
 * the same topic keeps receiving every message: {@code close} cuts it with 1008, {@code drop} drops its messages
 * and counts them but still answers its heartbeat, and delivers again once it has caught up. The slow client has a
 * small receive buffer so that its kernel buffers fill after kilobytes rather than megabytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class SlowSubscriberTest
{
    private static final String TOPIC = "feed";
    private static final int DATA_LENGTH = 16 << 10;
    private static final int MAX_PUBLISHES = 4_000;
    private static final int SLOW_RECEIVE_BUFFER = 4096;

    private final CounterSums counters = new CounterSums(2);
    private final UnsafeBuffer data = jsonString('x');
    private final int frameLength = 4 + ("{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":}").length() +
        DATA_LENGTH;

    @Test
    void closePolicyCutsTheSlowSubscriberWhileTheOtherReceivesEveryMessage() throws Exception
    {
        try (TestServer server = startServer(SlowConsumerPolicy.CLOSE);
            RawClient slow = slowSubscriber(server.port());
            TopicSubscribers fast = new TopicSubscribers(server.port(), 1, TOPIC))
        {
            final int published = publishUntil(server, fast, data, () -> counters.closedBy(
                CloseReason.SLOW_CONSUMER));
            assertTrue(published < MAX_PUBLISHES, "slow subscriber cut after " + published + " publishes");
            publish(server, fast, data, 10);
            server.awaitConnectionCount(1, Duration.ofSeconds(10));
            assertEquals(0, counters.sum(CounterTypes.MESSAGES_DROPPED));
        }
    }

    @Test
    void dropPolicyDropsTheSlowSubscribersMessagesButAnswersItsHeartbeat() throws Exception
    {
        try (TestServer server = startServer(SlowConsumerPolicy.DROP);
            RawClient slow = slowSubscriber(server.port());
            TopicSubscribers fast = new TopicSubscribers(server.port(), 1, TOPIC))
        {
            final int published = publishUntil(server, fast, data,
                () -> counters.sum(CounterTypes.MESSAGES_DROPPED));
            assertTrue(published < MAX_PUBLISHES, "first message dropped after " + published + " publishes");
            publish(server, fast, data, 100);
            // Every publish reached the fast subscriber; wait until the slow one's worker has handled each too.
            awaitAtLeast(() -> counters.sum(CounterTypes.DELIVERIES) + counters.sum(CounterTypes.MESSAGES_DROPPED),
                2L * (published + 100));
            final long dropped = counters.sum(CounterTypes.MESSAGES_DROPPED);
            assertTrue(dropped > 1, "messages dropped: " + dropped);

            slow.sendText("{\"type\":\"ping\"}");
            awaitAtLeast(() -> counters.sum(CounterTypes.PONGS_SENT), 1);
            assertEquals(dropped, counters.sum(CounterTypes.MESSAGES_DROPPED), "the pong was not dropped");
            int messages = 0;
            RawClient.Frame frame = slow.readMessage();
            while (frame.payload().length == frameLength - 4)
            {
                messages++;
                frame = slow.readMessage();
            }
            assertEquals("{\"type\":\"pong\"}", new String(frame.payload(), StandardCharsets.UTF_8),
                "after " + messages + " messages");
            assertEquals(published + 100, messages + dropped, "every publish either reached or was dropped");

            final UnsafeBuffer after = jsonString('y');
            publish(server, fast, after, 1);
            slow.expectMessage(Opcode.TEXT, fast.received().getStringWithoutLengthAscii(4, frameLength - 4)
                .getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, counters.closedBy(CloseReason.SLOW_CONSUMER));
            assertEquals(2, server.engine().connectionCount());
        }
    }

    private TestServer startServer(final SlowConsumerPolicy policy) throws IOException
    {
        final TestServer server = TestServer.pubSub(config -> config
            .maxMessage(64 << 10)
            .maxFrame(64 << 10)
            .maxPending(256 << 10)
            .slowConsumer(policy)
            .countersManager(counters.manager()));
        counters.index();
        return server;
    }

    private static RawClient slowSubscriber(final int port) throws IOException
    {
        final RawClient client = RawClient.connect(port, SLOW_RECEIVE_BUFFER);
        try
        {
            client.upgrade();
            client.sendText("{\"type\":\"subscribe\",\"topic\":\"" + TOPIC + "\"}");
            client.expectMessage(Opcode.TEXT,
                RawClient.utf8("{\"type\":\"subscribed\",\"topic\":\"" + TOPIC + "\"}"));
            return client;
        }
        catch (final IOException | RuntimeException | AssertionError ex)
        {
            client.close();
            throw ex;
        }
    }

    /**
     * Publish, with the fast subscriber reading each message, until the counter moves.
     *
     * @return messages published.
     */
    private int publishUntil(
        final TestServer server, final TopicSubscribers fast, final UnsafeBuffer data, final LongSupplier counter)
        throws IOException
    {
        int published = 0;
        while (counter.getAsLong() == 0 && published < MAX_PUBLISHES)
        {
            publish(server, fast, data, 1);
            published++;
        }
        return published;
    }

    private void publish(final TestServer server, final TopicSubscribers fast, final UnsafeBuffer data, final int count)
        throws IOException
    {
        for (int i = 0; i < count; i++)
        {
            server.publish(TOPIC, data, 0, data.capacity());
            fast.receive(0, frameLength);
        }
    }

    private static void awaitAtLeast(final LongSupplier counter, final long expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.getAsLong() < expected && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertTrue(counter.getAsLong() >= expected, "counter " + counter.getAsLong() + " < " + expected);
    }

    private static UnsafeBuffer jsonString(final char fill)
    {
        return new UnsafeBuffer(("\"" + String.valueOf(fill).repeat(DATA_LENGTH - 2) + "\"")
            .getBytes(StandardCharsets.US_ASCII));
    }
}
