package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.protocol.ErrorCode;
import io.holdfast.codec.protocol.ErrorDecoder;
import io.holdfast.codec.protocol.MessageDecoder;
import io.holdfast.codec.protocol.MessageHeaderDecoder;
import io.holdfast.codec.protocol.MessageHeaderEncoder;
import io.holdfast.codec.protocol.PingEncoder;
import io.holdfast.codec.protocol.PongDecoder;
import io.holdfast.codec.protocol.PublishEncoder;
import io.holdfast.codec.protocol.SubscribeEncoder;
import io.holdfast.codec.protocol.SubscribedDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Topics end to end over real connections: subscribers on every worker receive each publish once and in each
 * publisher's order, subscriptions go away with unsubscribe and close, bad requests get errors in the form they came
 * in, and binary (SBE) clients take part alongside JSON ones.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class TopicsTest
{
    private static final int WORKERS = 2;
    private static final String TOPIC = "market/eu:fx.EURUSD";
    private static final String SUBSCRIBED = "{\"type\":\"subscribed\",\"topic\":\"" + TOPIC + "\"}";

    private final CounterSums counters = new CounterSums(WORKERS);

    @Test
    void aThousandSubscribersAcrossTheWorkersReceiveEveryPublishOnceInEachPublishersOrder() throws Exception
    {
        final int subscriberCount = 1_000;
        final int perPublisher = 50;
        try (TestServer server = startServer(config -> {});
            TopicSubscribers subscribers = new TopicSubscribers(server.port(), subscriberCount, TOPIC);
            RawClient first = RawClient.open(server.port());
            RawClient second = RawClient.open(server.port()))
        {
            assertEquals(subscriberCount, counters.sum(CounterTypes.SUBSCRIPTIONS_ACTIVE));
            final UnsafeBuffer data = new UnsafeBuffer(new byte[dataOf(0, 0).length()]);
            for (int n = 0; n < perPublisher; n++)
            {
                first.sendText(publishOf(1, n));
                second.sendText(publishOf(2, n));
                data.putStringWithoutLengthAscii(0, dataOf(3, n));
                server.publish(TOPIC, data, 0, data.capacity());
            }

            final int frameLength = messageOf(0, 0).length() + 2;
            for (int s = 0; s < subscriberCount; s++)
            {
                final int[] next = new int[4];
                for (int m = 0; m < 3 * perPublisher; m++)
                {
                    subscribers.receive(s, frameLength);
                    final String message = subscribers.received().getStringWithoutLengthAscii(2, frameLength - 2);
                    final int publisher = message.charAt(message.length() - 9) - '0';
                    assertEquals(messageOf(publisher, next[publisher]), message, "subscriber " + s);
                    next[publisher]++;
                }
            }
            awaitCount(() -> counters.sum(CounterTypes.DELIVERIES), 3L * perPublisher * subscriberCount);
            assertEquals(3L * perPublisher, counters.sum(CounterTypes.PUBLISHES));
            assertEquals(0, counters.sum(CounterTypes.MESSAGES_DROPPED));
        }
    }

    @Test
    void burstsOfPublishesOfMixedSizesArriveWholeAndInOrder() throws Exception
    {
        try (TestServer server = startServer(config -> {});
            RawClient json = RawClient.open(server.port());
            RawClient binary = RawClient.open(server.port()))
        {
            json.sendText(request("subscribe", TOPIC));
            expectText(json, SUBSCRIBED);
            binary.sendFrame(true, Opcode.BINARY, subscribe(1, TOPIC));
            binary.readMessage();

            final int publishes = 200;
            for (int n = 0; n < publishes; n++)
            {
                final UnsafeBuffer data = new UnsafeBuffer(burstData(n).getBytes(StandardCharsets.US_ASCII));
                server.publish(TOPIC, data, 0, data.capacity());
            }
            for (int n = 0; n < publishes; n++)
            {
                expectText(json, "{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":" + burstData(n) + "}");
                expectBinaryMessage(binary, burstData(n));
            }
        }
    }

    @Test
    void unsubscribeAndCloseRemoveEverySubscriptionRoundAfterRound() throws Exception
    {
        try (TestServer server = startServer(config -> {}))
        {
            for (int round = 0; round < 10; round++)
            {
                final List<RawClient> clients = new ArrayList<>();
                try
                {
                    for (int c = 0; c < 100; c++)
                    {
                        final RawClient client = RawClient.open(server.port());
                        clients.add(client);
                        for (int t = 0; t < 3; t++)
                        {
                            client.sendText(request("subscribe", "t." + (c + t) % 10));
                            expectText(client, "{\"type\":\"subscribed\",\"topic\":\"t." + (c + t) % 10 + "\"}");
                        }
                    }
                    assertEquals(300, counters.sum(CounterTypes.SUBSCRIPTIONS_ACTIVE), "round " + round);
                    assertTrue(counters.sum(CounterTypes.TOPICS_ACTIVE) >= 10, "round " + round);

                    for (int c = 0; c < 100; c += 2)
                    {
                        final RawClient client = clients.get(c);
                        for (int t = 0; t < 3; t++)
                        {
                            client.sendText(request("unsubscribe", "t." + (c + t) % 10));
                            expectText(client, "{\"type\":\"unsubscribed\",\"topic\":\"t." + (c + t) % 10 + "\"}");
                        }
                    }
                    assertEquals(150, counters.sum(CounterTypes.SUBSCRIPTIONS_ACTIVE), "round " + round);
                }
                finally
                {
                    clients.forEach(RawClient::close);
                }
                awaitCount(() -> counters.sum(CounterTypes.SUBSCRIPTIONS_ACTIVE), 0);
                awaitCount(() -> counters.sum(CounterTypes.TOPICS_ACTIVE), 0);
            }
            server.awaitConnectionCount(0, Duration.ofSeconds(10));
            assertEquals(0, server.engine().connectionTableSize());
        }
    }

    @Test
    void aSubscribedPublisherReceivesItsOwnMessageAndASecondSubscribeChangesNothing() throws Exception
    {
        try (TestServer server = startServer(config -> {});
            RawClient client = RawClient.open(server.port()))
        {
            client.sendText(request("subscribe", TOPIC));
            expectText(client, SUBSCRIBED);
            client.sendText(request("subscribe", TOPIC));
            expectText(client, SUBSCRIBED);
            client.sendText("{\"type\":\"publish\",\"topic\":\"" + TOPIC + "\",\"data\":[1, {\"a\": null}]}");
            expectText(client, "{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":[1, {\"a\": null}]}");
            client.sendText("{\"type\":\"ping\"}");
            expectText(client, "{\"type\":\"pong\"}");
            assertEquals(1, counters.sum(CounterTypes.SUBSCRIPTIONS_ACTIVE));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"dance\"}|unknown_type",
        "{\"topic\":\"a\"}|unknown_type",
        "not json|malformed",
        "{\"type\":\"subscribe\"}|missing_topic",
        "{\"type\":\"subscribe\",\"topic\":\"\"}|missing_topic",
        "{\"type\":\"subscribe\",\"topic\":7}|missing_topic",
        "{\"type\":\"subscribe\",\"topic\":\"a b\"}|topic_forbidden_character",
        "{\"type\":\"subscribe\",\"topic\":\"caf\\u00e9\"}|topic_forbidden_character",
        "{\"type\":\"unsubscribe\",\"topic\":\"never\"}|not_subscribed",
        "{\"type\":\"publish\",\"topic\":\"a\"}|missing_data",
    })
    void aBadRequestIsAnsweredWithItsErrorAndTheConnectionStaysOpen(final String request, final String code)
        throws Exception
    {
        try (TestServer server = startServer(config -> {});
            RawClient client = RawClient.open(server.port()))
        {
            client.sendText(request);
            final String reply = new String(client.readMessage().payload(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("{\"type\":\"error\",\"code\":\"" + code + "\",\"reason\":\""), reply);
            client.sendText(request("subscribe", TOPIC));
            expectText(client, SUBSCRIBED);
        }
    }

    @Test
    void aTopicLongerThan128BytesIsRefused() throws Exception
    {
        try (TestServer server = startServer(config -> {});
            RawClient client = RawClient.open(server.port()))
        {
            client.sendText(request("subscribe", "x".repeat(129)));
            expectError(client, "topic_too_long");
            client.sendText(request("subscribe", "x".repeat(128)));
            expectText(client, "{\"type\":\"subscribed\",\"topic\":\"" + "x".repeat(128) + "\"}");
        }
    }

    @Test
    void limitsOnSubscriptionsAndTopicsAreAnsweredWithErrors() throws Exception
    {
        try (TestServer server = startServer(config -> config.workers(1).maxSubscriptionsPerConnection(2).maxTopics(3));
            RawClient first = RawClient.open(server.port());
            RawClient second = RawClient.open(server.port()))
        {
            for (final String topic : List.of("a", "b"))
            {
                first.sendText(request("subscribe", topic));
                expectText(first, "{\"type\":\"subscribed\",\"topic\":\"" + topic + "\"}");
            }
            first.sendText(request("subscribe", "c"));
            expectError(first, "too_many_subscriptions");

            second.sendText(request("subscribe", "c"));
            expectText(second, "{\"type\":\"subscribed\",\"topic\":\"c\"}");
            second.sendText(request("subscribe", "d"));
            expectError(second, "too_many_topics");
        }
    }

    @Test
    void aClientPastItsErrorBudgetIsClosedWith1008() throws Exception
    {
        try (TestServer server = startServer(config -> config.maxRequestErrors(3));
            RawClient client = RawClient.open(server.port()))
        {
            for (int i = 0; i < 3; i++)
            {
                client.sendText("{\"type\":\"dance\"}");
                expectError(client, "unknown_type");
            }
            client.sendText("{\"type\":\"dance\"}");
            assertEquals(CloseCodes.POLICY_VIOLATION, client.readCloseFrame().closeCode());
        }
    }

    @Test
    void binaryClientsSubscribeAndReceiveAlongsideJsonOnes() throws Exception
    {
        try (TestServer server = startServer(config -> {});
            RawClient binary = RawClient.open(server.port());
            RawClient json = RawClient.open(server.port()))
        {
            binary.sendFrame(true, Opcode.BINARY, subscribe(11, TOPIC));
            final UnsafeBuffer ack = new UnsafeBuffer(binary.readMessage().payload());
            final SubscribedDecoder subscribed = new SubscribedDecoder().wrapAndApplyHeader(
                ack, 0, new MessageHeaderDecoder());
            assertEquals(11, subscribed.correlationId());
            assertEquals(TOPIC, subscribed.topic());
            json.sendText(request("subscribe", TOPIC));
            expectText(json, SUBSCRIBED);

            json.sendText("{\"type\":\"publish\",\"topic\":\"" + TOPIC + "\",\"data\":\"hi\"}");
            expectBinaryMessage(binary, "\"hi\"");
            expectText(json, "{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":\"hi\"}");

            binary.sendFrame(true, Opcode.BINARY, publish(12, TOPIC, new byte[]{0, (byte)0xFF, 1}));
            expectBinaryMessage(binary, "\u0000\u00FF\u0001");
            expectBinaryMessage(json, "\u0000\u00FF\u0001");

            binary.sendFrame(true, Opcode.BINARY, publish(13, TOPIC, "{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
            expectBinaryMessage(binary, "{\"n\":1}");
            expectText(json, "{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":{\"n\":1}}");
        }
    }

    @Test
    void binaryRequestsGetBinaryAnswers() throws Exception
    {
        try (TestServer server = startServer(config -> {});
            RawClient client = RawClient.open(server.port()))
        {
            final UnsafeBuffer ping = new UnsafeBuffer(new byte[16]);
            new PingEncoder().wrapAndApplyHeader(ping, 0, new MessageHeaderEncoder()).correlationId(21);
            client.sendFrame(true, Opcode.BINARY, ping.byteArray());
            final UnsafeBuffer pong = new UnsafeBuffer(client.readMessage().payload());
            assertEquals(21, new PongDecoder().wrapAndApplyHeader(pong, 0, new MessageHeaderDecoder())
                .correlationId());

            client.sendFrame(true, Opcode.BINARY, subscribe(22, "no spaces"));
            expectBinaryError(client, 22, ErrorCode.TOPIC_FORBIDDEN_CHARACTER);
            client.sendFrame(true, Opcode.BINARY, new byte[]{1, 2, 3});
            expectBinaryError(client, 0, ErrorCode.MALFORMED);
            final byte[] truncated = subscribe(23, TOPIC);
            client.sendFrame(true, Opcode.BINARY, java.util.Arrays.copyOf(truncated, truncated.length - 1));
            expectBinaryError(client, 0, ErrorCode.MALFORMED);
        }
    }

    @Test
    void aPublishNoWorkerCanTakeIsRefusedWholeAndAnInvalidTopicThrows() throws Exception
    {
        try (TestServer server = startServer(config -> config.commandBuffer(64 << 10));
            RawClient client = RawClient.open(server.port()))
        {
            client.sendText(request("subscribe", TOPIC));
            expectText(client, SUBSCRIBED);
            final UnsafeBuffer tooLarge = new UnsafeBuffer(new byte[16 << 10]);
            assertFalse(server.engine().publish(TOPIC, tooLarge, 0, tooLarge.capacity()));
            assertEquals(1, counters.sum(CounterTypes.PUBLISHES_REFUSED));
            assertThrows(IllegalArgumentException.class, () -> server.engine().publish("a b", tooLarge, 0, 1));
            client.sendText("{\"type\":\"publish\",\"topic\":\"" + TOPIC + "\",\"data\":\"" +
                "x".repeat(16 << 10) + "\"}");
            expectError(client, "message_too_large");

            final UnsafeBuffer fits = new UnsafeBuffer("1".getBytes(StandardCharsets.US_ASCII));
            assertTrue(server.engine().publish(TOPIC, fits, 0, 1));
            expectText(client, "{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":1}");
            awaitCount(() -> counters.sum(CounterTypes.DELIVERIES), 1);
            assertEquals(0, counters.sum(CounterTypes.MESSAGES_DROPPED));
        }
    }

    private TestServer startServer(final java.util.function.Consumer<EngineConfig> customizer) throws IOException
    {
        final TestServer server = TestServer.pubSub(config ->
        {
            config.countersManager(counters.manager());
            customizer.accept(config);
        });
        counters.index();
        return server;
    }

    static void expectText(final RawClient client, final String text) throws IOException
    {
        client.expectMessage(Opcode.TEXT, RawClient.utf8(text));
    }

    static void expectError(final RawClient client, final String code) throws IOException
    {
        final String reply = new String(client.readMessage().payload(), StandardCharsets.UTF_8);
        assertTrue(reply.startsWith("{\"type\":\"error\",\"code\":\"" + code + "\""), reply);
    }

    private static void expectBinaryMessage(final RawClient client, final String data) throws IOException
    {
        final RawClient.Frame frame = client.readMessage();
        assertEquals(Opcode.BINARY, frame.opcode());
        final MessageDecoder message = new MessageDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(frame.payload()), 0, new MessageHeaderDecoder());
        assertEquals(TOPIC, message.topic());
        final byte[] bytes = new byte[message.dataLength()];
        message.getData(bytes, 0, bytes.length);
        assertEquals(data, new String(bytes, StandardCharsets.ISO_8859_1));
    }

    static void expectBinaryError(final RawClient client, final long correlationId, final ErrorCode code)
        throws IOException
    {
        final ErrorDecoder error = new ErrorDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(client.readMessage().payload()), 0, new MessageHeaderDecoder());
        assertEquals(correlationId, error.correlationId());
        assertEquals(code, error.code());
    }

    static byte[] subscribe(final long correlationId, final String topic)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new SubscribeEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).correlationId(correlationId).topic(topic)
            .encodedLength();
        return java.util.Arrays.copyOf(buffer.byteArray(), length);
    }

    static byte[] publish(final long correlationId, final String topic, final byte[] data)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new PublishEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).correlationId(correlationId).topic(topic)
            .putData(data, 0, data.length).encodedLength();
        return java.util.Arrays.copyOf(buffer.byteArray(), length);
    }

    /**
     * Sizes from a few bytes to 30 KB, so bursts fill and grow the fan-out's buffers and break where they are full.
     */
    private static String burstData(final int n)
    {
        return "\"" + n + ":" + "z".repeat((n * 7_919) % 30_000) + "\"";
    }

    static String request(final String type, final String topic)
    {
        return "{\"type\":\"" + type + "\",\"topic\":\"" + topic + "\"}";
    }

    private static String dataOf(final int publisher, final int n)
    {
        return String.format("\"%d:%05d\"", publisher, n);
    }

    private static String publishOf(final int publisher, final int n)
    {
        return "{\"type\":\"publish\",\"topic\":\"" + TOPIC + "\",\"data\":" + dataOf(publisher, n) + "}";
    }

    private static String messageOf(final int publisher, final int n)
    {
        return "{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":" + dataOf(publisher, n) + "}";
    }

    private static void awaitCount(final LongSupplier count, final long expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.getAsLong() != expected && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertEquals(expected, count.getAsLong());
    }
}
