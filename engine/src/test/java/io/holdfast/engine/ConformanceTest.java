package io.holdfast.engine;

import io.holdfast.codec.frame.Opcode;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.holdfast.engine.BadInputTest.bytes;
import static io.holdfast.engine.BadInputTest.concat;
import static io.holdfast.engine.RawClient.pattern;
import static io.holdfast.engine.RawClient.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine against the cases of the Autobahn|Testsuite fuzzing client, rewritten as system tests over a raw
 * socket because the fuzzing client cannot run in CI. Sections are named after Autobahn's: 1 framing, 2 pings,
 * 5 fragmentation, 6 UTF-8, 7 close, 9 and 10 large messages. Sections 3 (reserved bits) and 4 (reserved opcodes),
 * along with the other protocol violations, are in {@link BadInputTest}.
 */
@Timeout(30)
final class ConformanceTest
{
    private static final int LIMIT = 16 << 20;
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private static TestServer server;

    @BeforeAll
    static void startServer() throws IOException
    {
        server = TestServer.start(
            config -> config.maxMessage(LIMIT).maxFrame(LIMIT).maxPending(2 * LIMIT), EchoHandler::new);
    }

    @AfterAll
    static void stopServer()
    {
        CloseHelper.close(server);
    }

    @AfterEach
    void noConnectionLeft() throws InterruptedException
    {
        server.awaitConnectionCount(0, SETTLE);
    }

    static Stream<Arguments> framingCases()
    {
        return IntStream.of(Opcode.TEXT, Opcode.BINARY).boxed().flatMap(opcode ->
            IntStream.of(0, 125, 126, 127, 128, 65535, 65536).mapToObj(length -> Arguments.of(opcode, length)));
    }

    @ParameterizedTest(name = "1.x opcode {0}, {1} bytes")
    @MethodSource("framingCases")
    void echoesPayloadOfEveryLengthEncoding(final int opcode, final int length) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.expectEcho(opcode, pattern(length));
            closeNormally(client);
        }
    }

    @ParameterizedTest(name = "1.x opcode {0} in writes of {1} bytes")
    @MethodSource("chunkedFramingCases")
    void echoesFrameWrittenInChunks(final int opcode, final int payloadLength, final int chunk) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] payload = pattern(payloadLength);
            client.sendInPieces(client.frame(opcode, payload), chunk);
            client.expectMessage(opcode, payload);
            closeNormally(client);
        }
    }

    static Stream<Arguments> chunkedFramingCases()
    {
        return Stream.of(
            Arguments.of(Opcode.TEXT, 125, 1),
            Arguments.of(Opcode.BINARY, 130, 1),
            Arguments.of(Opcode.TEXT, 65536, 997),
            Arguments.of(Opcode.BINARY, 65536, 997));
    }

    @ParameterizedTest(name = "2.x ping of {0} bytes")
    @ValueSource(ints = {0, 1, 125})
    void answersPingWithIdenticalPong(final int length) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            expectPong(client, pattern(length));
            closeNormally(client);
        }
    }

    @Test
    void answersBinaryPingPayload() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] payload = new byte[125];
            for (int i = 0; i < payload.length; i++)
            {
                payload[i] = (byte)(0xFF - i * 2);
            }
            expectPong(client, payload);
            closeNormally(client);
        }
    }

    @Test
    void answersTenPingsInOrder() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < 10; i++)
            {
                pings.writeBytes(client.frame(Opcode.PING, utf8("ping " + i)));
            }
            client.sendRaw(pings.toByteArray());
            for (int i = 0; i < 10; i++)
            {
                expectFrame(client, Opcode.PONG, utf8("ping " + i));
            }
            closeNormally(client);
        }
    }

    @Test
    void ignoresUnsolicitedPong() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(true, Opcode.PONG, utf8("unsolicited"));
            client.expectEcho("the next frame is this echo");
            closeNormally(client);
        }
    }

    @Test
    void answersTextHeartbeatWithTextPong() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendText("{\"type\":\"ping\"}");
            client.expectMessage(Opcode.TEXT, utf8("{\"type\":\"pong\"}"));
            closeNormally(client);
        }
    }

    @ParameterizedTest(name = "5.x text in {0} fragments")
    @ValueSource(ints = {2, 3, 100})
    void echoesFragmentedText(final int fragments) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] message = utf8("fragmented κόσμε ".repeat(20));
            sendFragmented(client, Opcode.TEXT, message, fragments, false);
            client.expectMessage(Opcode.TEXT, message);
            closeNormally(client);
        }
    }

    @Test
    void echoesFragmentedBinary() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] message = pattern(10_000);
            sendFragmented(client, Opcode.BINARY, message, 7, false);
            client.expectMessage(Opcode.BINARY, message);
            closeNormally(client);
        }
    }

    @Test
    void answersPingsBetweenFragmentsThenEchoesTheMessage() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] message = utf8("one, two, three, four");
            sendFragmented(client, Opcode.TEXT, message, 4, true);
            for (int i = 1; i < 4; i++)
            {
                expectFrame(client, Opcode.PONG, utf8("between " + i));
            }
            client.expectMessage(Opcode.TEXT, message);
            closeNormally(client);
        }
    }

    @Test
    void echoesMessageOfEmptyFragments() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(false, Opcode.TEXT, new byte[0]);
            client.sendFrame(false, Opcode.CONTINUATION, new byte[0]);
            client.sendFrame(true, Opcode.CONTINUATION, new byte[0]);
            client.expectMessage(Opcode.TEXT, new byte[0]);
            closeNormally(client);
        }
    }

    @Test
    void echoesMessageEndedByEmptyFinalContinuation() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(false, Opcode.BINARY, pattern(50));
            client.sendFrame(false, Opcode.CONTINUATION, new byte[0]);
            client.sendFrame(true, Opcode.CONTINUATION, new byte[0]);
            client.expectMessage(Opcode.BINARY, pattern(50));
            closeNormally(client);
        }
    }

    static Stream<Arguments> validUtf8()
    {
        return Stream.of(
            utf8Case("Greek kosme", "κόσμε"),
            utf8Case("mixed Latin", "Hello-µ@ßöäüàá-UTF-8!!"),
            utf8Case("CJK and emoji", "你好, 世界 \uD83D\uDE00 \uD83C\uDF0D"),
            utf8Case("U+0000", "\u0000"),
            utf8Case("U+007F and U+0080", "\u007F\u0080"),
            utf8Case("U+07FF and U+0800", "\u07FF\u0800"),
            utf8Case("U+D7FF and U+E000", "\uD7FF\uE000"),
            utf8Case("U+FFFD, U+FFFE and U+FFFF", "\uFFFD\uFFFE\uFFFF"),
            utf8Case("U+10000", "\uD800\uDC00"),
            utf8Case("U+10FFFF", "\uDBFF\uDFFF"));
    }

    @ParameterizedTest(name = "6.x valid {0}")
    @MethodSource("validUtf8")
    void echoesValidUtf8(final byte[] text) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.expectEcho(Opcode.TEXT, text);
            sendFragmented(client, Opcode.TEXT, text, text.length, false);
            client.expectMessage(Opcode.TEXT, text);
            closeNormally(client);
        }
    }

    static Stream<Arguments> invalidUtf8()
    {
        return Stream.of(
            Arguments.of(Named.of("above U+10FFFF", bytes(0xF4, 0x90, 0x80, 0x80))),
            Arguments.of(Named.of("overlong NUL", bytes(0xC0, 0x80))),
            Arguments.of(Named.of("overlong 3-byte", bytes(0xE0, 0x80, 0xAF))),
            Arguments.of(Named.of("overlong 4-byte", bytes(0xF0, 0x80, 0x80, 0xAF))),
            Arguments.of(Named.of("high surrogate", bytes(0xED, 0xA0, 0x80))),
            Arguments.of(Named.of("low surrogate", bytes(0xED, 0xBF, 0xBF))),
            Arguments.of(Named.of("lone continuation", bytes(0x61, 0x80, 0x62))),
            Arguments.of(Named.of("0xFE", bytes(0xFE))),
            Arguments.of(Named.of("5-byte form", bytes(0xF8, 0x88, 0x80, 0x80, 0x80))),
            Arguments.of(Named.of("kosme then invalid", concat(utf8("κόσμε"), bytes(0xED, 0xA0, 0x80, 0x65)))));
    }

    @ParameterizedTest(name = "6.x invalid {0}")
    @MethodSource("invalidUtf8")
    void failsOnInvalidUtf8(final byte[] text) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(true, Opcode.TEXT, text);
            client.expectClose(1007);
        }
    }

    @ParameterizedTest(name = "6.x invalid {0}, one byte per fragment")
    @MethodSource("invalidUtf8")
    void failsOnInvalidUtf8InOneByteFragments(final byte[] text) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            sendFragmented(client, Opcode.TEXT, text, text.length, false);
            client.expectClose(1007);
        }
    }

    @Test
    void failsFastOnInvalidUtf8InFirstFragment() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(false, Opcode.TEXT, concat(utf8("κόσμε"), bytes(0xF4, 0x90, 0x80, 0x80)));
            // The close arrives although the message is still open: the final fragment is never sent.
            client.expectClose(1007);
        }
    }

    @Test
    void failsFastOnInvalidUtf8InsideAnIncompleteFrame() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] payload = concat(bytes(0x61, 0xC0, 0x80), pattern(1000));
            final byte[] frame = client.frame(Opcode.TEXT, payload);
            final int sent = frame.length - 1000;
            client.sendRaw(Arrays.copyOf(frame, sent));
            assertEquals(1007, client.readCloseFrame().closeCode());

            sendIfOpen(client, concat(Arrays.copyOfRange(frame, sent, frame.length),
                client.frame(Opcode.CLOSE, RawClient.closePayload(1007, new byte[0]))));
            client.expectTcpClose();
        }
    }

    @Test
    void ignoresCloseAfterClose() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] secondClose = client.frame(Opcode.CLOSE, RawClient.closePayload(1001, new byte[0]));
            client.sendClose(1000);
            sendIfOpen(client, secondClose);
            client.expectClose(1000);
        }
    }

    @Test
    void doesNotEchoDataAfterClose() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendRaw(concat(
                client.frame(Opcode.CLOSE, RawClient.closePayload(1000, new byte[0])),
                client.frame(Opcode.TEXT, utf8("too late"))));
            final RawClient.Frame reply = client.readFrame();
            assertEquals(Opcode.CLOSE, reply.opcode(), "first frame after the close");
            assertEquals(1000, reply.closeCode());
            client.expectTcpClose();
        }
    }

    @ParameterizedTest(name = "7.x close code {0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
    void echoesValidCloseCode(final int code) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendClose(code);
            client.expectClose(code);
        }
    }

    @Test
    void acceptsCloseWithLongestReason() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(true, Opcode.CLOSE, RawClient.closePayload(1000, pattern(123)));
            client.expectClose(1000);
        }
    }

    @Test
    void echoes4MiBText() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.expectEcho(Opcode.TEXT, pattern(4 << 20));
            closeNormally(client);
        }
    }

    @Test
    void echoes8MiBBinary() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] payload = new byte[8 << 20];
            new Random(8).nextBytes(payload);
            client.expectEcho(Opcode.BINARY, payload);
            closeNormally(client);
        }
    }

    @Test
    void echoes4MiBTextSentIn64KiBFragments() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] message = pattern(4 << 20);
            sendFragmented(client, Opcode.TEXT, message, message.length / (64 << 10), false);
            client.expectMessage(Opcode.TEXT, message);
            closeNormally(client);
        }
    }

    /**
     * Multi-byte characters straddle the boundaries of the server's socket reads, so its UTF-8 check must resume
     * mid-character.
     */
    @Test
    void echoesLargeMultilingualText() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.expectEcho(Opcode.TEXT, utf8("κόσμε \uD83D\uDE00 世界 ".repeat(60_000)));
            closeNormally(client);
        }
    }

    /**
     * The echo does not fit the socket at once, so it and the close answer queue as pending output: both must
     * arrive, in order, before the server closes.
     */
    @Test
    void deliversLargeEchoBeforeAnsweringClose() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] payload = pattern(8 << 20);
            client.sendRaw(concat(client.frame(Opcode.BINARY, payload),
                client.frame(Opcode.CLOSE, RawClient.closePayload(1000, new byte[0]))));
            client.expectMessage(Opcode.BINARY, payload);
            client.expectClose(1000);
        }
    }

    @Test
    void answersPingDribbledInsideFragmentedMessage() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(false, Opcode.TEXT, utf8("before "));
            client.sendInPieces(client.frame(Opcode.PING, utf8("dribbled")), 1);
            client.sendFrame(true, Opcode.CONTINUATION, utf8("after"));
            expectFrame(client, Opcode.PONG, utf8("dribbled"));
            client.expectMessage(Opcode.TEXT, utf8("before after"));
            closeNormally(client);
        }
    }

    /**
     * Autobahn 10.1: the server may answer in frames of any size; only the reassembled message must match.
     */
    @Test
    void echoes1MiBFrameAsTheSameMessage() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] payload = pattern(1 << 20);
            client.sendFrame(true, Opcode.BINARY, payload);
            assertArrayEquals(payload, client.readMessage().payload());
            closeNormally(client);
        }
    }

    /**
     * Send a message as {@code fragments} frames of (nearly) equal size; with {@code pings}, a ping
     * "between i" goes after the i-th fragment but the last.
     */
    private static void sendFragmented(
        final RawClient client, final int opcode, final byte[] message, final int fragments, final boolean pings)
        throws IOException
    {
        final ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < fragments; i++)
        {
            final int from = (int)((long)message.length * i / fragments);
            final int to = (int)((long)message.length * (i + 1) / fragments);
            final boolean last = i == fragments - 1;
            frames.writeBytes(client.frame(
                last, 0, i == 0 ? opcode : Opcode.CONTINUATION, Arrays.copyOfRange(message, from, to), true));
            if (pings && !last)
            {
                frames.writeBytes(client.frame(Opcode.PING, utf8("between " + (i + 1))));
            }
        }
        client.sendRaw(frames.toByteArray());
    }

    private static void expectPong(final RawClient client, final byte[] payload) throws IOException
    {
        client.sendFrame(true, Opcode.PING, payload);
        expectFrame(client, Opcode.PONG, payload);
    }

    private static void expectFrame(final RawClient client, final int opcode, final byte[] payload) throws IOException
    {
        final RawClient.Frame frame = client.readFrame();
        assertEquals(opcode, frame.opcode(), "opcode");
        assertTrue(frame.fin(), "fin");
        assertArrayEquals(payload, frame.payload(), "payload");
    }

    /**
     * Write what a client may still write after the server's close; the server may already have closed.
     */
    private static void sendIfOpen(final RawClient client, final byte[] bytes) throws IOException
    {
        try
        {
            client.sendRaw(bytes);
        }
        catch (final SocketException ignore)
        {
            // The server closed first: what matters is checked by reading.
        }
    }

    private static void closeNormally(final RawClient client) throws IOException
    {
        client.sendClose(1000);
        client.expectClose(1000);
    }

    private static Arguments utf8Case(final String name, final String text)
    {
        return Arguments.of(Named.of(name, text.getBytes(StandardCharsets.UTF_8)));
    }
}
