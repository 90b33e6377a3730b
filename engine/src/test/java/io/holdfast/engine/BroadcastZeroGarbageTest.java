package io.holdfast.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Broadcast keeps the engine's defining property: publishing to a thousand subscribers spread over the workers, each
 * publish framed once per worker and written to every subscriber, allocates nothing on the worker threads and runs
 * no garbage collection, whether the application publishes through {@link Engine#publish} or a client does with the
 * JSON protocol.
 */
final class BroadcastZeroGarbageTest
{
    private static final int SUBSCRIBERS = 1_000;
    private static final int WARM_UP_PUBLISHES = 2_000;
    private static final int MEASURED_PUBLISHES = 500;
    private static final String TOPIC = "ticks";

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void steadyStatePublishingToAThousandSubscribersAllocatesNothingOnWorkerThreads() throws Exception
    {
        final UnsafeBuffer data = new UnsafeBuffer(("\"" + "x".repeat(254) + "\"").getBytes(StandardCharsets.UTF_8));
        final int frameLength = 4 + ("{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":}").length() +
            data.capacity();
        try (TestServer server = TestServer.pubSub(config -> {});
            TopicSubscribers subscribers = new TopicSubscribers(server.port(), SUBSCRIBERS, TOPIC))
        {
            publish(server, subscribers, data, frameLength, WARM_UP_PUBLISHES);
            assertEquals('}', subscribers.received().getByte(frameLength - 1), "last byte of a delivered message");

            WorkerAllocations.assertWindowAllocatesNothing(2,
                MEASURED_PUBLISHES + " publishes to " + SUBSCRIBERS + " subscribers",
                () -> publish(server, subscribers, data, frameLength, MEASURED_PUBLISHES));
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void steadyStatePublishingFromAClientToAThousandSubscribersAllocatesNothingOnWorkerThreads() throws Exception
    {
        final String data = "\"" + "y".repeat(254) + "\"";
        final ByteBuffer publish = TopicSubscribers.maskedText(
            "{\"type\":\"publish\",\"topic\":\"" + TOPIC + "\",\"data\":" + data + "}");
        final int frameLength = 4 + ("{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":}").length() +
            data.length();
        try (TestServer server = TestServer.pubSub(config -> {});
            TopicSubscribers subscribers = new TopicSubscribers(server.port(), SUBSCRIBERS, TOPIC);
            SocketChannel publisher = EchoLoadClient.open(server.port()))
        {
            publishFrom(publisher, publish, subscribers, frameLength, WARM_UP_PUBLISHES);

            WorkerAllocations.assertWindowAllocatesNothing(2,
                MEASURED_PUBLISHES + " publishes from a client to " + SUBSCRIBERS + " subscribers",
                () -> publishFrom(publisher, publish, subscribers, frameLength, MEASURED_PUBLISHES));
        }
    }

    private static void publishFrom(
        final SocketChannel publisher,
        final ByteBuffer publish,
        final TopicSubscribers subscribers,
        final int frameLength,
        final int publishes) throws Exception
    {
        for (int i = 0; i < publishes; i++)
        {
            TopicSubscribers.sendFrame(publisher, publish);
            subscribers.receiveAll(frameLength);
        }
    }

    private static void publish(
        final TestServer server,
        final TopicSubscribers subscribers,
        final UnsafeBuffer data,
        final int frameLength,
        final int publishes) throws Exception
    {
        for (int i = 0; i < publishes; i++)
        {
            server.publish(TOPIC, data, 0, data.capacity());
            subscribers.receiveAll(frameLength);
        }
    }
}
