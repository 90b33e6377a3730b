package io.holdfast.ops.client;

import io.holdfast.codec.protocol.ErrorCode;
import io.holdfast.codec.topic.RequestError;
import io.holdfast.engine.EngineConfiguration;
import io.holdfast.engine.JdkWebSocketClient;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The SBE client against a real engine running the pub/sub handler, over real sockets on 127.0.0.1: acks, errors and
 * pongs reach the request they answer, and one publish reaches SBE and JSON subscribers with the same bytes.
 */
@Timeout(value = 60, unit = SECONDS)
final class SbePubSubClientTest
{
    private static final long WAIT_SECONDS = 10;
    private static final String TOPIC = "prices/eu:EURUSD";
    private static final MessageListener IGNORE = (topic, data) -> {};

    private PubSubServer server;

    @BeforeEach
    void startServer() throws IOException
    {
        server = PubSubServer.start();
    }

    @AfterEach
    void stopServer()
    {
        server.close();
    }

    @Test
    void publishReachesSbeAndJsonSubscribersWithTheSameBytes() throws Exception
    {
        final Inbox inbox = new Inbox();
        try (SbePubSubClient subscriber = connect(inbox); SbePubSubClient publisher = connect(IGNORE))
        {
            await(subscriber.subscribe(TOPIC));
            final JdkWebSocketClient json = JdkWebSocketClient.connect(server.uri());
            assertEquals("{\"type\":\"subscribed\",\"topic\":\"" + TOPIC + "\"}",
                json.roundTrip("{\"type\":\"subscribe\",\"topic\":\"" + TOPIC + "\"}"));

            final String jsonValue = "{\"bid\":1.0841,\"venue\":\"Z\u00fcrich\"}";
            await(publisher.publish(TOPIC, jsonValue.getBytes(UTF_8)));
            inbox.assertNext(TOPIC, jsonValue.getBytes(UTF_8));
            assertEquals(jsonMessage(jsonValue), json.nextText());

            // Not JSON, so the JSON subscriber gets it as an SBE Message in a binary frame; 100 KiB reach the SBE
            // client in several parts that it puts back together.
            final byte[] binary = new byte[100 * 1024];
            new Random(7).nextBytes(binary);
            await(publisher.publish(TOPIC, ByteBuffer.wrap(binary)));
            inbox.assertNext(TOPIC, binary);

            await(publisher.publish(TOPIC, "[1,2,3]".getBytes(UTF_8)));
            inbox.assertNext(TOPIC, "[1,2,3]".getBytes(UTF_8));
            assertEquals(jsonMessage("[1,2,3]"), json.nextText(), "the binary publish came as text");
            json.closeNormally();
        }
    }

    @Test
    void jsonAndServerPublishesReachSbeSubscribersAndThePublisherItself() throws Exception
    {
        final Inbox inbox = new Inbox();
        try (SbePubSubClient client = connect(inbox))
        {
            await(client.subscribe(TOPIC));
            // Acked again, and still one delivery per publish.
            await(client.subscribe(TOPIC));
            final JdkWebSocketClient json = JdkWebSocketClient.connect(server.uri());
            json.sendText("{\"type\":\"publish\",\"topic\":\"" + TOPIC + "\",\"data\":[1,\"two\",{\"3\":4}]}");
            inbox.assertNext(TOPIC, "[1,\"two\",{\"3\":4}]".getBytes(UTF_8));

            final byte[] fromServer = "\"from the backend\"".getBytes(UTF_8);
            assertTrue(server.engine().publish(TOPIC, new UnsafeBuffer(fromServer), 0, fromServer.length));
            inbox.assertNext(TOPIC, fromServer);

            await(client.publish(TOPIC, new byte[]{ 0, 1, (byte)0xFF }));
            inbox.assertNext(TOPIC, new byte[]{ 0, 1, (byte)0xFF });
            await(client.publish(TOPIC, "\"end\"".getBytes(UTF_8)));
            inbox.assertNext(TOPIC, "\"end\"".getBytes(UTF_8));
            json.closeNormally();
        }
    }

    @Test
    void refusedRequestsFailWithTheirCodeAndCorrelationIdAndTheConnectionStaysOpen() throws Exception
    {
        final Inbox inbox = new Inbox();
        try (SbePubSubClient client = connect(inbox))
        {
            // Sent back to back, so each reply must find its own request by correlation id 1, 2, 3...
            final CompletableFuture<Void> accepted = client.subscribe("alerts");
            final CompletableFuture<Void> forbidden = client.subscribe("bad topic!");
            final CompletableFuture<Void> notSubscribed = client.unsubscribe("never/subscribed");
            final CompletableFuture<Void> empty = client.subscribe("");
            client.publish("bad topic!", new byte[]{ 1 });

            await(accepted);
            final RequestRefusedException refusal = refusal(forbidden);
            assertEquals(2, refusal.correlationId());
            assertEquals(ErrorCode.TOPIC_FORBIDDEN_CHARACTER, refusal.code());
            assertEquals(RequestError.TOPIC_FORBIDDEN_CHARACTER.reason(), refusal.reason());
            assertTrue(refusal.getMessage().contains("TOPIC_FORBIDDEN_CHARACTER"), refusal.getMessage());
            assertRefused(notSubscribed, 3, ErrorCode.NOT_SUBSCRIBED);
            assertRefused(empty, 4, ErrorCode.MISSING_TOPIC);
            final RequestRefusedException publishRefusal = inbox.nextRefusal();
            assertEquals(5, publishRefusal.correlationId());
            assertEquals(ErrorCode.TOPIC_FORBIDDEN_CHARACTER, publishRefusal.code());

            assertThrows(IllegalArgumentException.class, () -> client.subscribe("t".repeat(129)));
            await(client.ping());
        }
    }

    @Test
    void pingsAreAnsweredWithPongs() throws Exception
    {
        try (SbePubSubClient client = connect(IGNORE))
        {
            final CompletableFuture<?>[] pings = new CompletableFuture<?>[5];
            for (int i = 0; i < pings.length; i++)
            {
                pings[i] = client.ping();
            }
            await(CompletableFuture.allOf(pings));
        }
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception
    {
        final Inbox leaving = new Inbox();
        final Inbox staying = new Inbox();
        try (SbePubSubClient leaver = connect(leaving);
            SbePubSubClient stayer = connect(staying);
            SbePubSubClient publisher = connect(IGNORE))
        {
            await(leaver.subscribe(TOPIC));
            await(leaver.subscribe("fence"));
            await(stayer.subscribe(TOPIC));
            await(publisher.publish(TOPIC, "1".getBytes(UTF_8)));
            leaving.assertNext(TOPIC, "1".getBytes(UTF_8));
            staying.assertNext(TOPIC, "1".getBytes(UTF_8));

            await(leaver.unsubscribe(TOPIC));
            await(publisher.publish(TOPIC, "2".getBytes(UTF_8)));
            await(publisher.publish("fence", "3".getBytes(UTF_8)));
            staying.assertNext(TOPIC, "2".getBytes(UTF_8));
            // One publisher's messages arrive in order, so "2" would have come before the fence.
            leaving.assertNext("fence", "3".getBytes(UTF_8));
            assertRefused(leaver.unsubscribe(TOPIC), 4, ErrorCode.NOT_SUBSCRIBED);
        }
    }

    @Test
    void closeEndsTheConnectionAndFailsLaterRequests() throws Exception
    {
        final SbePubSubClient client = connect(IGNORE);
        await(client.subscribe(TOPIC));
        client.close();
        client.close();

        assertEquals(1000, (int)await(client.closed()));
        final ExecutionException failure =
            assertThrows(ExecutionException.class, () -> client.ping().get(WAIT_SECONDS, SECONDS));
        assertInstanceOf(IOException.class, failure.getCause());
        awaitNoConnections();
    }

    @Test
    void refusalsPastTheErrorBudgetCloseWith1008AndFailWhatIsPending() throws Exception
    {
        try (SbePubSubClient client = connect(IGNORE))
        {
            final int budget = EngineConfiguration.MAX_REQUEST_ERRORS_DEFAULT;
            final List<CompletableFuture<Void>> refused = new ArrayList<>();
            for (int i = 0; i < budget; i++)
            {
                refused.add(client.subscribe("bad topic!"));
            }
            final CompletableFuture<Void> overBudget = client.subscribe("bad topic!");
            final CompletableFuture<Void> afterClose = client.ping();

            for (final CompletableFuture<Void> reply : refused)
            {
                assertEquals(ErrorCode.TOPIC_FORBIDDEN_CHARACTER, refusal(reply).code());
            }
            assertEquals(1008, (int)await(client.closed()));
            for (final CompletableFuture<Void> reply : List.of(overBudget, afterClose))
            {
                final ExecutionException failure =
                    assertThrows(ExecutionException.class, () -> reply.get(WAIT_SECONDS, SECONDS));
                assertInstanceOf(IOException.class, failure.getCause());
            }
        }
    }

    @Test
    void serverShutdownCompletesClosedWithGoingAway() throws Exception
    {
        try (SbePubSubClient client = connect(IGNORE))
        {
            await(client.subscribe(TOPIC));
            server.close();
            assertEquals(1001, (int)await(client.closed()));
        }
    }

    private SbePubSubClient connect(final MessageListener listener) throws Exception
    {
        return await(SbePubSubClient.connect(server.uri(), listener));
    }

    private void awaitNoConnections() throws InterruptedException
    {
        final long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
        while (server.engine().connectionCount() != 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("the server still holds " + server.engine().connectionCount() + " connections");
            }
            Thread.sleep(10);
        }
    }

    private static String jsonMessage(final String data)
    {
        return "{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":" + data + "}";
    }

    private static <T> T await(final CompletableFuture<T> future) throws Exception
    {
        return future.get(WAIT_SECONDS, SECONDS);
    }

    private static RequestRefusedException refusal(final CompletableFuture<?> reply)
    {
        final ExecutionException failure =
            assertThrows(ExecutionException.class, () -> reply.get(WAIT_SECONDS, SECONDS));
        return assertInstanceOf(RequestRefusedException.class, failure.getCause());
    }

    private static void assertRefused(final CompletableFuture<?> reply, final long correlationId, final ErrorCode code)
    {
        final RequestRefusedException refusal = refusal(reply);
        assertEquals(correlationId, refusal.correlationId(), refusal::getMessage);
        assertEquals(code, refusal.code(), refusal::getMessage);
    }

    /**
     * What a client received, in arrival order.
     */
    private static final class Inbox implements MessageListener
    {
        private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
        private final BlockingQueue<RequestRefusedException> refusals = new LinkedBlockingQueue<>();

        public void onMessage(final String topic, final byte[] data)
        {
            messages.add(new Received(topic, data));
        }

        public void onPublishRefused(final RequestRefusedException refusal)
        {
            refusals.add(refusal);
        }

        void assertNext(final String topic, final byte[] data) throws InterruptedException
        {
            final Received message = next(messages, "message");
            assertEquals(topic, message.topic());
            assertArrayEquals(data, message.data());
        }

        RequestRefusedException nextRefusal() throws InterruptedException
        {
            return next(refusals, "publish refusal");
        }

        private static <T> T next(final BlockingQueue<T> queue, final String what) throws InterruptedException
        {
            final T item = queue.poll(WAIT_SECONDS, SECONDS);
            if (item == null)
            {
                fail("no " + what + " within " + WAIT_SECONDS + " s");
            }
            return item;
        }
    }

    /** A message as the listener was given it. */
    private record Received(String topic, byte[] data)
    {
    }
}
