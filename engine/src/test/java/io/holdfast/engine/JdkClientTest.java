package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's own WebSocket client (a client nobody here wrote) against a real engine: echo of text and binary up
 * to the default 1 MiB limit, fragmented sends, the heartbeat, ping and pong, and the close handshake.
 */
@Timeout(value = 60, unit = SECONDS)
final class JdkClientTest
{
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final int ONE_MIB = 1 << 20;
    private static final String HEARTBEAT = "{\"type\":\"ping\"}";
    private static final String HEARTBEAT_REPLY = "{\"type\":\"pong\"}";

    @Test
    void shouldEchoText() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            client.sendText("hello, holdfast \u00e9\u20ac\ud83d\ude00");
            assertEquals("hello, holdfast \u00e9\u20ac\ud83d\ude00", client.nextText());
            client.sendText("");
            assertEquals("", client.nextText());
            closeNormally(server, client);
        }
    }

    @Test
    void shouldEchoBinary() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            final byte[] payload = randomBytes(300, 1);
            client.sendBinary(payload);
            assertArrayEquals(payload, client.nextBinary());
            closeNormally(server, client);
        }
    }

    @Test
    void shouldEchoOneMebibyteText() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            final String text = mixedUtf8Text(ONE_MIB);
            client.sendText(text);
            final String echoed = client.nextText();
            assertEquals(ONE_MIB, echoed.getBytes(StandardCharsets.UTF_8).length);
            assertTrue(text.equals(echoed), "1 MiB text came back different");
            closeNormally(server, client);
        }
    }

    @Test
    void shouldEchoOneMebibyteBinary() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            final byte[] payload = randomBytes(ONE_MIB, 2);
            client.sendBinary(payload);
            final byte[] echoed = client.nextBinary();
            assertEquals(ONE_MIB, echoed.length);
            assertTrue(Arrays.equals(payload, echoed), "1 MiB binary came back different");
            closeNormally(server, client);
        }
    }

    @Test
    void shouldEchoFragmentedTextAsOneMessage() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            client.sendTextPart("Hel", false);
            client.sendTextPart("lo, \u00e9", false);
            client.sendTextPart("", false);
            client.sendTextPart("world", true);
            assertEquals("Hello, \u00e9world", client.nextText());
            closeNormally(server, client);
        }
    }

    @Test
    void shouldEchoFragmentedBinaryAsOneMessage() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            final byte[] payload = randomBytes(200_000, 3);
            client.sendBinaryPart(Arrays.copyOfRange(payload, 0, 70_000), false);
            client.sendBinaryPart(Arrays.copyOfRange(payload, 70_000, 70_001), false);
            client.sendBinaryPart(Arrays.copyOfRange(payload, 70_001, payload.length), true);
            assertArrayEquals(payload, client.nextBinary());
            closeNormally(server, client);
        }
    }

    @Test
    void shouldAnswerHeartbeatWithTextPongInsteadOfEcho() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            client.sendText(HEARTBEAT);
            assertEquals(HEARTBEAT_REPLY, client.nextText());
            // Replies keep their order on one connection: an echoed heartbeat would come before this.
            client.sendText("after");
            assertEquals("after", client.nextText());
            closeNormally(server, client);
        }
    }

    @Test
    void shouldAnswerHeartbeatWithPongFrameWhenConfigured() throws Exception
    {
        try (TestServer server = TestServer.start(
            config -> config.heartbeatReply(HeartbeatReply.FRAME), EchoHandler::new))
        {
            final JdkWebSocketClient client = connect(server);
            client.sendText(HEARTBEAT);
            assertArrayEquals(new byte[0], client.nextPong());
            client.sendText("after");
            assertEquals("after", client.nextText());
            closeNormally(server, client);
        }
    }

    @Test
    void shouldAnswerPingWithPongOfSamePayload() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            final byte[] payload = "are you there?".getBytes(StandardCharsets.US_ASCII);
            client.await(client.webSocket().sendPing(ByteBuffer.wrap(payload)));
            assertArrayEquals(payload, client.nextPong());
            final byte[] largest = randomBytes(125, 4);
            client.await(client.webSocket().sendPing(ByteBuffer.wrap(largest)));
            assertArrayEquals(largest, client.nextPong());
            closeNormally(server, client);
        }
    }

    @Test
    void shouldEchoNormalCloseCode() throws Exception
    {
        shouldEchoCloseCode(CloseCodes.NORMAL, "bye");
    }

    @Test
    void shouldEchoApplicationCloseCode() throws Exception
    {
        shouldEchoCloseCode(4000, "x");
    }

    private void shouldEchoCloseCode(final int code, final String reason) throws Exception
    {
        final ConnectionRecorder recorder = new ConnectionRecorder();
        try (TestServer server = TestServer.start(config -> {}, recorder::newHandler))
        {
            final JdkWebSocketClient client = connect(server);
            final long connectionId = recorder.nextOpened();
            client.await(client.webSocket().sendClose(code, reason));
            assertEquals(code, client.closeCode());
            assertEquals(code, recorder.awaitClose(connectionId));
            server.awaitConnectionCount(0, DRAIN_TIMEOUT);
        }
    }

    @Test
    void shouldCloseWith1009WhenFragmentedMessageExceedsMaxMessage() throws Exception
    {
        try (TestServer server = TestServer.start(config -> config.maxFrame(1000).maxMessage(1000), EchoHandler::new))
        {
            final JdkWebSocketClient client = connect(server);
            client.sendText("fits");
            assertEquals("fits", client.nextText());
            // Each frame is within maxFrame; only the message as a whole is too big.
            client.sendTextPart("a".repeat(600), false);
            client.sendTextPart("b".repeat(600), true);
            assertEquals(CloseCodes.MESSAGE_TOO_BIG, client.closeCode());
            server.awaitConnectionCount(0, DRAIN_TIMEOUT);
        }
    }

    @Test
    void shouldCloseWith1009WhenSingleFrameExceedsMaxMessage() throws Exception
    {
        try (TestServer server = TestServer.start(config -> config.maxFrame(1000).maxMessage(1000), EchoHandler::new))
        {
            final JdkWebSocketClient client = connect(server);
            client.sendBinary(randomBytes(1000, 5));
            assertEquals(1000, client.nextBinary().length);
            client.sendBinary(randomBytes(1001, 6));
            assertEquals(CloseCodes.MESSAGE_TOO_BIG, client.closeCode());
            server.awaitConnectionCount(0, DRAIN_TIMEOUT);
        }
    }

    @Test
    void shouldCloseWith1009WhenMessageExceedsDefaultMaxMessageByFar() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            // Most of this frame is still arriving when the server rejects its header: the rest must be discarded.
            client.webSocket().sendBinary(ByteBuffer.wrap(randomBytes(4 * ONE_MIB, 7)), true);
            assertEquals(CloseCodes.MESSAGE_TOO_BIG, client.closeCode());
            server.awaitConnectionCount(0, DRAIN_TIMEOUT);
        }
    }

    @Test
    void shouldTellHandlerTheSent1009WhenOversizedFrameIsRejected() throws Exception
    {
        final ConnectionRecorder recorder = new ConnectionRecorder();
        try (TestServer server = TestServer.start(config -> {}, recorder::newHandler))
        {
            final JdkWebSocketClient client = connect(server);
            final long connectionId = recorder.nextOpened();
            client.webSocket().sendBinary(ByteBuffer.wrap(randomBytes(4 * ONE_MIB, 8)), true);
            assertEquals(CloseCodes.MESSAGE_TOO_BIG, client.closeCode());
            assertEquals(CloseCodes.MESSAGE_TOO_BIG, recorder.awaitClose(connectionId));
            server.awaitConnectionCount(0, DRAIN_TIMEOUT);
        }
    }

    @Test
    void shouldEchoPipelinedLargeMessagesInOrder() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            final byte[][] payloads = new byte[8][];
            for (int i = 0; i < payloads.length; i++)
            {
                payloads[i] = randomBytes(ONE_MIB - i, 10 + i);
                client.sendBinary(payloads[i]);
            }
            for (final byte[] payload : payloads)
            {
                assertTrue(Arrays.equals(payload, client.nextBinary()), "pipelined message came back different");
            }
            closeNormally(server, client);
        }
    }

    @Test
    void shouldAnswerPingSentBetweenFragmentsOfMessage() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final JdkWebSocketClient client = connect(server);
            client.sendTextPart("first half, ", false);
            client.await(client.webSocket().sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})));
            assertArrayEquals(new byte[] {1, 2, 3}, client.nextPong());
            client.sendTextPart("second half", true);
            assertEquals("first half, second half", client.nextText());
            closeNormally(server, client);
        }
    }

    @Test
    void shouldSelectTheServersPreferredSubprotocolAmongThoseOffered() throws Exception
    {
        try (TestServer server = TestServer.start(
            config -> config.subprotocols(List.of("v2.holdfast", "v1.holdfast")), EchoHandler::new))
        {
            final JdkWebSocketClient offersBoth = connect(server, "v1.holdfast", "v2.holdfast");
            assertEquals("v2.holdfast", offersBoth.webSocket().getSubprotocol());
            closeNormally(server, offersBoth);

            final JdkWebSocketClient offersOther = connect(server, "mqtt");
            assertEquals("", offersOther.webSocket().getSubprotocol());
            closeNormally(server, offersOther);
        }
    }

    private static JdkWebSocketClient connect(final TestServer server, final String... subprotocols) throws Exception
    {
        final JdkWebSocketClient client = JdkWebSocketClient.connect(server.uri(), subprotocols);
        server.awaitConnectionCount(1, DRAIN_TIMEOUT);
        return client;
    }

    private static void closeNormally(final TestServer server, final JdkWebSocketClient client) throws Exception
    {
        client.closeNormally();
        server.awaitConnectionCount(0, DRAIN_TIMEOUT);
    }

    private static byte[] randomBytes(final int length, final long seed)
    {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * Exactly {@code byteLength} bytes of UTF-8 with 1-, 2-, 3- and 4-byte characters, so multi-byte characters
     * straddle every read and frame boundary the server sees.
     */
    private static String mixedUtf8Text(final int byteLength)
    {
        final String unit = "holdfast \u00e9\u00df \u20ac\u4e2d \ud83d\ude00 ";
        final int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
        final StringBuilder text = new StringBuilder(byteLength);
        int bytes = 0;
        while (bytes + unitBytes <= byteLength)
        {
            text.append(unit);
            bytes += unitBytes;
        }
        return text.append("x".repeat(byteLength - bytes)).toString();
    }
}
