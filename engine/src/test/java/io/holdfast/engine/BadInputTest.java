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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.holdfast.engine.RawClient.pattern;
import static io.holdfast.engine.RawClient.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * System tests of what the engine does with input no well-behaved client sends: every malformed or oversized
 * handshake gets its HTTP status, every protocol violation its close code, and none of it disturbs other
 * connections or leaks one. The server runs with small limits so the size checks are cheap to reach.
 */
@Timeout(20)
final class BadInputTest
{
    private static final int MAX_HEADER = 1024;
    private static final int MAX_FRAME = 1024;
    private static final int MAX_MESSAGE = 4096;
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final String GET = "GET /ws HTTP/1.1";

    private static TestServer server;

    @BeforeAll
    static void startServer() throws IOException
    {
        server = TestServer.start(
            config -> config.maxHeader(MAX_HEADER).maxFrame(MAX_FRAME).maxMessage(MAX_MESSAGE), EchoHandler::new);
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

    /**
     * A test step that talks to an upgraded connection.
     */
    @FunctionalInterface
    interface Script
    {
        void run(RawClient client) throws IOException;
    }

    static Stream<Arguments> rejectedHandshakes()
    {
        return Stream.of(
            rejected("garbage request line", "HELLO\r\n\r\n", 400),
            rejected("binary garbage", "\u0001\u0002\u00ff GET\r\n\r\n", 400),
            rejected("missing Host", request(GET, "Host", null), 400),
            rejected("missing Sec-WebSocket-Key", request(GET, "Sec-WebSocket-Key", null), 400),
            rejected("key of 15 bytes", request(GET, "Sec-WebSocket-Key", "AAECAwQFBgcICQoLDA0O"), 400),
            rejected("key of 17 bytes", request(GET, "Sec-WebSocket-Key", "AAECAwQFBgcICQoLDA0ODxA="), 400),
            rejected("missing Upgrade", request(GET, "Upgrade", null), 400),
            rejected("Upgrade: h2c", request(GET, "Upgrade", "h2c"), 400),
            rejected("missing Connection", request(GET, "Connection", null), 400),
            rejected("Connection without upgrade", request(GET, "Connection", "keep-alive"), 400),
            rejected("wrong path", request("GET /other HTTP/1.1"), 404),
            rejected("POST", request("POST /ws HTTP/1.1"), 405),
            rejected("HTTP/1.0", request("GET /ws HTTP/1.0"), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedHandshakes")
    void rejectsHandshake(final String request, final int status) throws IOException
    {
        try (RawClient client = RawClient.connect(server.port()))
        {
            client.sendRaw(request.getBytes(StandardCharsets.ISO_8859_1));
            expectRejection(client, status);
        }
    }

    @Test
    void answersVersion8With426NamingVersion13() throws IOException
    {
        try (RawClient client = RawClient.connect(server.port()))
        {
            client.sendRaw(request(GET, "Sec-WebSocket-Version", "8"));
            final RawClient.HttpHead head = expectRejection(client, 426);
            assertEquals("13", head.header("Sec-WebSocket-Version"));
        }
    }

    @Test
    void answersHeadLargerThanMaxHeaderWith431() throws IOException
    {
        try (RawClient client = RawClient.connect(server.port()))
        {
            client.sendRaw(oversizedRequest());
            expectRejection(client, 431);
        }
    }

    @Test
    void answersHeadLargerThanMaxHeaderSentInPiecesWith431() throws IOException
    {
        try (RawClient client = RawClient.connect(server.port()))
        {
            sendUntilRefused(client, oversizedRequest(), 64);
            expectRejection(client, 431);
        }
    }

    @Test
    void upgradesHandshakeSentByteByByte() throws IOException
    {
        try (RawClient client = RawClient.connect(server.port()))
        {
            final String key = client.newKey();
            client.sendInPieces(client.handshakeRequest(RawClient.PATH, key).getBytes(StandardCharsets.US_ASCII), 1);
            client.expectSwitchingProtocols(key);
            client.expectEcho("after a dribbled handshake");
            closeNormally(client);
        }
    }

    @Test
    void echoesFrameSentInTheSameWriteAsTheHandshake() throws IOException
    {
        try (RawClient client = RawClient.connect(server.port()))
        {
            final String key = client.newKey();
            client.sendRaw(concat(
                client.handshakeRequest(RawClient.PATH, key).getBytes(StandardCharsets.US_ASCII),
                client.frame(Opcode.TEXT, utf8("eager"))));
            client.expectSwitchingProtocols(key);
            client.expectMessage(Opcode.TEXT, utf8("eager"));
            closeNormally(client);
        }
    }

    static Stream<Arguments> protocolViolations()
    {
        final List<Arguments> cases = new ArrayList<>();
        cases.add(violation("unmasked client frame", 1002,
            client -> client.sendFrame(true, 0, Opcode.TEXT, utf8("hello"), false)));
        IntStream.rangeClosed(1, 7).forEach(rsv -> cases.add(violation("RSV bits " + rsv, 1002,
            client -> client.sendFrame(true, rsv, Opcode.TEXT, utf8("hello"), true))));
        IntStream.of(3, 4, 5, 6, 7, 11, 12, 13, 14, 15).forEach(opcode -> cases.add(violation(
            "reserved opcode " + opcode, 1002, client -> client.sendFrame(true, opcode, utf8("x")))));
        cases.add(violation("continuation without a message", 1002,
            client -> client.sendFrame(true, Opcode.CONTINUATION, utf8("orphan"))));
        cases.add(violation("text frame inside a fragmented message", 1002, client ->
        {
            client.sendFrame(false, Opcode.TEXT, utf8("first"));
            client.sendFrame(true, Opcode.TEXT, utf8("second"));
        }));
        cases.add(violation("ping with 126-byte payload", 1002,
            client -> client.sendFrame(true, Opcode.PING, pattern(126))));
        cases.add(violation("fragmented ping", 1002,
            client -> client.sendFrame(false, Opcode.PING, utf8("half"))));
        cases.addAll(utf8Violations());
        cases.addAll(sizeViolations());
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolViolations")
    void closesOnProtocolViolation(final Script violation, final int closeCode) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            violation.run(client);
            client.expectClose(closeCode);
        }
    }

    static Stream<Arguments> invalidCloseFrames()
    {
        final List<Arguments> cases = new ArrayList<>();
        cases.add(invalidClose("1-byte payload", new byte[]{0x03}, 1002));
        IntStream.of(0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535).forEach(code -> cases.add(
            invalidClose("code " + code, RawClient.closePayload(code, new byte[0]), 1002)));
        cases.add(invalidClose("invalid UTF-8 reason", RawClient.closePayload(1000, bytes(0x61, 0xC0, 0xAF)), 1007));
        return cases.stream();
    }

    /**
     * The server fails the connection with the right code. The client already sent its (invalid) close frame, so it
     * sends no other: it ends its side of the stream, and the server must then close the connection.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCloseFrames")
    void closesOnInvalidCloseFrame(final byte[] payload, final int closeCode) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(true, Opcode.CLOSE, payload);
            assertEquals(closeCode, client.readCloseFrame().closeCode());
            client.endOutput();
            client.expectTcpClose();
        }
    }

    /**
     * RFC 6455 section 7.1.7: failing the connection means closing it. After an invalid close frame the peer has
     * sent the only close frame it will send, so a server waiting for another one holds the connection forever.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCloseFrames")
    void closesConnectionItselfAfterInvalidCloseFrame(final byte[] payload, final int closeCode) throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(true, Opcode.CLOSE, payload);
            client.expectClose(closeCode);
        }
    }

    /**
     * After failing on an oversized frame the rest of that frame's payload is not frames: here it happens to look
     * like the header of a maxFrame-sized frame, which must not swallow the client's answering close frame.
     */
    @Test
    void ignoresPayloadOfTheFrameItFailedOn() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            sendHeaderOnly(client, true, Opcode.BINARY, MAX_FRAME + 1);
            assertEquals(1009, client.readCloseFrame().closeCode());
            final byte[] payload = new byte[MAX_FRAME + 1];
            final byte[] lookalikeHeader = bytes(0x82, 0xFE, MAX_FRAME >> 8, MAX_FRAME & 0xFF, 0, 0, 0, 0);
            System.arraycopy(lookalikeHeader, 0, payload, 0, lookalikeHeader.length);
            client.sendRaw(payload);
            client.sendClose(1009);
            client.expectTcpClose();
        }
    }

    @Test
    void answersPingBetweenFragmentsThenEchoesTheWholeMessage() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(false, Opcode.TEXT, utf8("Hello, "));
            client.sendFrame(true, Opcode.PING, utf8("in between"));
            client.sendFrame(true, Opcode.CONTINUATION, utf8("world"));
            final RawClient.Frame pong = client.readFrame();
            assertEquals(Opcode.PONG, pong.opcode());
            assertEquals("in between", pong.text());
            client.expectMessage(Opcode.TEXT, utf8("Hello, world"));
            closeNormally(client);
        }
    }

    @Test
    void echoesFrameWrittenOneByteAtATime() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            final byte[] payload = pattern(300);
            client.sendInPieces(client.frame(Opcode.BINARY, payload), 1);
            client.expectMessage(Opcode.BINARY, payload);
            closeNormally(client);
        }
    }

    @Test
    void answersClose1000WithClose1000AndClosesTheSocket() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendClose(1000);
            client.expectClose(1000);
        }
    }

    @Test
    void answersEmptyCloseWithEmptyOrNormalClose() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.sendFrame(true, Opcode.CLOSE, new byte[0]);
            final int code = client.readCloseFrame().closeCode();
            assertTrue(code == RawClient.NO_STATUS_CODE || code == 1000, "close code " + code);
            client.expectTcpClose();
        }
    }

    @Test
    void resetConnectionDoesNotDisturbOthers() throws IOException, InterruptedException
    {
        try (RawClient first = RawClient.open(server.port());
            RawClient victim = RawClient.open(server.port());
            RawClient last = RawClient.open(server.port()))
        {
            server.awaitConnectionCount(3, SETTLE);
            victim.sendFrame(false, Opcode.BINARY, pattern(100));
            victim.resetAbruptly();
            server.awaitConnectionCount(2, SETTLE);

            first.expectEcho("still here");
            last.expectEcho(Opcode.BINARY, pattern(MAX_FRAME));
            closeNormally(first);
            closeNormally(last);
        }
    }

    private static List<Arguments> utf8Violations()
    {
        return List.of(
            violation("invalid UTF-8 in one text frame", 1007,
                client -> client.sendFrame(true, Opcode.TEXT, bytes(0x61, 0xFF, 0x62))),
            violation("UTF-16 surrogate in one text frame", 1007,
                client -> client.sendFrame(true, Opcode.TEXT, bytes(0xED, 0xA0, 0x80))),
            violation("invalid UTF-8 split across fragments", 1007, client ->
            {
                client.sendFrame(false, Opcode.TEXT, bytes(0x61, 0xCE));
                client.sendFrame(true, Opcode.CONTINUATION, bytes(0x41));
            }),
            violation("truncated UTF-8 at the end of one frame", 1007,
                client -> client.sendFrame(true, Opcode.TEXT, bytes(0x61, 0xE2, 0x82))),
            violation("truncated UTF-8 at the end of a fragmented message", 1007, client ->
            {
                client.sendFrame(false, Opcode.TEXT, utf8("complete"));
                client.sendFrame(true, Opcode.CONTINUATION, bytes(0xF0, 0x9F, 0x98)); // U+1F600 cut short
            }));
    }

    /**
     * Only the header of an oversized frame is sent: the server must decide from the declared length alone, and no
     * payload it never reads is left to be mistaken for the next frame.
     */
    private static List<Arguments> sizeViolations()
    {
        return List.of(
            violation("message above maxMessage in one frame", 1009,
                client -> sendHeaderOnly(client, true, Opcode.BINARY, MAX_MESSAGE + 1)),
            violation("message above maxMessage across fragments", 1009, client ->
            {
                client.sendFrame(false, Opcode.TEXT, pattern(MAX_FRAME));
                for (int i = 1; i < MAX_MESSAGE / MAX_FRAME; i++)
                {
                    client.sendFrame(false, Opcode.CONTINUATION, pattern(MAX_FRAME));
                }
                sendHeaderOnly(client, true, Opcode.CONTINUATION, 1);
            }),
            violation("frame above maxFrame", 1009,
                client -> sendHeaderOnly(client, false, Opcode.TEXT, MAX_FRAME + 1)),
            violation("frame claiming 2^62 bytes", 1009, client -> client.sendRaw(
                bytes(0x82, 0xFF, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4))));
    }

    private static void sendHeaderOnly(final RawClient client, final boolean fin, final int opcode, final int length)
        throws IOException
    {
        final int maskedHeaderLength = (length <= 125 ? 2 : (length <= 0xFFFF ? 4 : 10)) + 4;
        client.sendRaw(Arrays.copyOf(client.frame(fin, 0, opcode, new byte[length], true), maskedHeaderLength));
    }

    @Test
    void echoesMessagesAtTheLimits() throws IOException
    {
        try (RawClient client = RawClient.open(server.port()))
        {
            client.expectEcho(Opcode.BINARY, pattern(MAX_FRAME));
            final byte[] message = pattern(MAX_MESSAGE);
            for (int offset = 0; offset < MAX_MESSAGE; offset += MAX_FRAME)
            {
                final boolean fin = offset + MAX_FRAME == MAX_MESSAGE;
                client.sendFrame(fin, offset == 0 ? Opcode.TEXT : Opcode.CONTINUATION,
                    Arrays.copyOfRange(message, offset, offset + MAX_FRAME));
            }
            client.expectMessage(Opcode.TEXT, message);
            closeNormally(client);
        }
    }

    private static RawClient.HttpHead expectRejection(final RawClient client, final int status) throws IOException
    {
        final RawClient.HttpHead head = client.readHttpHead();
        assertEquals(status, head.status(), "HTTP status");
        assertEquals("close", head.header("Connection"));
        final byte[] body = client.readToEnd();
        assertEquals(Integer.parseInt(head.header("Content-Length")), body.length, "body length");
        return head;
    }

    private static void closeNormally(final RawClient client) throws IOException
    {
        client.sendClose(1000);
        client.expectClose(1000);
    }

    /**
     * Write in pieces until done or until the server, having answered, stops taking bytes.
     */
    private static void sendUntilRefused(final RawClient client, final byte[] bytes, final int pieceLength)
    {
        try
        {
            client.sendInPieces(bytes, pieceLength);
        }
        catch (final IOException expected)
        {
            // The server closed after its 431; the answer is still there to read.
        }
    }

    /**
     * A well-formed request whose head is twice maxHeader, so its end cannot be found within the limit.
     */
    private static byte[] oversizedRequest()
    {
        final StringBuilder filler = new StringBuilder();
        while (filler.length() < 2 * MAX_HEADER)
        {
            filler.append("X-Filler-").append(filler.length()).append(": abcdefghijklmnopqrstuvwxyz\r\n");
        }
        final String request = request(GET);
        final int end = request.length() - 2;
        return (request.substring(0, end) + filler + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A valid upgrade request with the given request line, where each (name, value) pair replaces that header, or
     * removes it when the value is null.
     */
    private static String request(final String requestLine, final String... overrides)
    {
        final String[][] headers =
        {
            {"Host", "127.0.0.1"},
            {"Upgrade", "websocket"},
            {"Connection", "Upgrade"},
            {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
            {"Sec-WebSocket-Version", "13"},
        };
        final StringBuilder request = new StringBuilder(requestLine).append("\r\n");
        for (final String[] header : headers)
        {
            String value = header[1];
            for (int i = 0; i < overrides.length; i += 2)
            {
                if (overrides[i].equals(header[0]))
                {
                    value = overrides[i + 1];
                }
            }
            if (value != null)
            {
                request.append(header[0]).append(": ").append(value).append("\r\n");
            }
        }
        return request.append("\r\n").toString();
    }

    private static Arguments rejected(final String name, final String request, final int status)
    {
        return Arguments.of(Named.of(name, request), status);
    }

    private static Arguments violation(final String name, final int closeCode, final Script script)
    {
        return Arguments.of(Named.of(name, script), closeCode);
    }

    private static Arguments invalidClose(final String name, final byte[] payload, final int closeCode)
    {
        return Arguments.of(Named.of(name, payload), closeCode);
    }

    static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    static byte[] concat(final byte[] first, final byte[] second)
    {
        final byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
