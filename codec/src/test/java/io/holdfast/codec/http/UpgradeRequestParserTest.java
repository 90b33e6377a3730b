package io.holdfast.codec.http;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.holdfast.codec.http.HttpTestBytes.OFFSET;
import static io.holdfast.codec.http.HttpTestBytes.bufferWith;
import static io.holdfast.codec.http.HttpTestBytes.length;
import static io.holdfast.codec.http.HttpTestBytes.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpgradeRequestParserTest
{
    private static final String FULL_REQUEST =
        "GET /chat?room=1&x=?y HTTP/1.1\r\n" +
        "Host: server.example.com:8080\r\n" +
        "Upgrade: websocket\r\n" +
        "Connection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
        "Origin: http://example.com\r\n" +
        "Authorization: Bearer abc.def\r\n" +
        "Sec-WebSocket-Protocol: chat, superchat\r\n" +
        "User-Agent: test\r\n" +
        "Sec-WebSocket-Protocol:v2\r\n" +
        "Sec-WebSocket-Version: 13\r\n" +
        "\r\n";
    private static final String REQUEST_LINE = "GET / HTTP/1.1";
    private static final String HOST = "Host: h";
    private static final String UPGRADE = "Upgrade: websocket";
    private static final String CONNECTION = "Connection: Upgrade";
    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
    private static final String VERSION = "Sec-WebSocket-Version: 13";

    private final UpgradeRequestParser parser = new UpgradeRequestParser(8192);

    @Test
    void shouldParseFullRequestWithAllViews()
    {
        final UnsafeBuffer buffer = bufferWith(FULL_REQUEST);

        assertEquals(HandshakeStatus.OK, parser.parse(buffer, OFFSET, length(FULL_REQUEST)));

        assertViewsOfFullRequest(buffer);
    }

    @Test
    void shouldFindAnyHeaderByNameInAnyCase()
    {
        final UnsafeBuffer buffer = bufferWith(FULL_REQUEST);
        assertEquals(HandshakeStatus.OK, parser.parse(buffer, OFFSET, length(FULL_REQUEST)));

        final int offset = parser.findHeader("user-AGENT");
        assertEquals("test", buffer.getStringWithoutLengthAscii(offset, parser.foundHeaderLength()));
        final int protocols = parser.findHeader("Sec-WebSocket-Protocol");
        assertEquals("chat, superchat", buffer.getStringWithoutLengthAscii(protocols, parser.foundHeaderLength()),
            "the first of a repeated header");
        assertEquals(-1, parser.findHeader("X-Missing"));
        assertEquals(0, parser.foundHeaderLength());
        assertEquals(-1, parser.findHeader("Üser-Agent"));
    }

    @Test
    void shouldFindNoHeaderInARequestThatIsNotValid()
    {
        assertEquals(HandshakeStatus.INCOMPLETE, parse(bufferWith(FULL_REQUEST), 20));
        assertEquals(-1, parser.findHeader("Host"));
    }

    @Test
    void shouldBeIncompleteUntilLastByteForEverySplit()
    {
        final UnsafeBuffer buffer = bufferWith(FULL_REQUEST);
        final int length = length(FULL_REQUEST);
        for (int split = 0; split < length; split++)
        {
            parser.reset();
            assertEquals(HandshakeStatus.INCOMPLETE, parser.parse(buffer, OFFSET, split), "split " + split);
            assertEquals(HandshakeStatus.OK, parser.parse(buffer, OFFSET, length), "split " + split);
            assertViewsOfFullRequest(buffer);
        }
    }

    @Test
    void shouldScanEachByteOnceWhenFedOneByteAtATime()
    {
        final UnsafeBuffer buffer = bufferWith(FULL_REQUEST);
        final int length = length(FULL_REQUEST);
        for (int received = 1; received < length; received++)
        {
            assertEquals(HandshakeStatus.INCOMPLETE, parser.parse(buffer, OFFSET, received));
            assertEquals(received, parser.scannedLength());
        }

        assertEquals(HandshakeStatus.OK, parser.parse(buffer, OFFSET, length));
        assertViewsOfFullRequest(buffer);
    }

    @Test
    void shouldResumeAnotherConnectionsIncompleteRequest()
    {
        final UnsafeBuffer first = bufferWith(FULL_REQUEST);
        final UnsafeBuffer second = bufferWith(request(REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION));
        assertEquals(HandshakeStatus.INCOMPLETE, parser.parse(first, OFFSET, 50));
        final int firstScanned = parser.scannedLength();

        parser.reset();
        assertEquals(HandshakeStatus.OK, parser.parse(second, OFFSET, second.capacity() - OFFSET - 16));

        parser.resume(firstScanned);
        assertEquals(HandshakeStatus.INCOMPLETE, parser.parse(first, OFFSET, 60));
        assertEquals(HandshakeStatus.OK, parser.parse(first, OFFSET, length(FULL_REQUEST)));
        assertViewsOfFullRequest(first);
    }

    @Test
    void shouldReturnFinalStatusAgainWithoutReparsing()
    {
        final UnsafeBuffer buffer = bufferWith(FULL_REQUEST);
        assertEquals(HandshakeStatus.OK, parser.parse(buffer, OFFSET, length(FULL_REQUEST)));

        assertEquals(HandshakeStatus.OK, parser.parse(buffer, OFFSET, 3));
        assertEquals(HandshakeStatus.OK, parser.status());
    }

    @Test
    void shouldReportAbsentOptionalViews()
    {
        final UnsafeBuffer buffer = bufferWith(request(REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION));

        assertEquals(HandshakeStatus.OK, parse(buffer));

        assertEquals("/", text(buffer, parser.pathOffset(), parser.pathLength()));
        assertEquals(-1, parser.queryOffset());
        assertEquals(0, parser.queryLength());
        assertEquals(-1, parser.originOffset());
        assertEquals(0, parser.originLength());
        assertEquals(-1, parser.authorizationOffset());
        assertEquals(0, parser.authorizationLength());
        assertEquals(0, parser.protocolCount());
    }

    @Test
    void shouldKeepEmptyQueryAfterQuestionMark()
    {
        final UnsafeBuffer buffer = bufferWith(request("GET /ws? HTTP/1.1", HOST, UPGRADE, CONNECTION, KEY, VERSION));

        assertEquals(HandshakeStatus.OK, parse(buffer));

        assertEquals("/ws", text(buffer, parser.pathOffset(), parser.pathLength()));
        assertEquals(OFFSET + 8, parser.queryOffset());
        assertEquals(0, parser.queryLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Connection: keep-alive, Upgrade",
        "connection: UPGRADE",
        "CONNECTION:upgrade",
        "Connection: \t keep-alive ,, upgrade ,\t",
        "Connection: keep-alive\r\nConnection: Upgrade",
    })
    void shouldAcceptConnectionVariants(final String connection)
    {
        assertEquals(HandshakeStatus.OK, parse(request(REQUEST_LINE, HOST, UPGRADE, connection, KEY, VERSION)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "upgrade: WebSocket",
        "UPGRADE:websocket",
        "Upgrade: h2c, websocket",
        "Upgrade:  \tWEBSOCKET\t ",
        "Upgrade: h2c\r\nUpgrade: websocket",
    })
    void shouldAcceptUpgradeVariants(final String upgrade)
    {
        assertEquals(HandshakeStatus.OK, parse(request(REQUEST_LINE, HOST, upgrade, CONNECTION, KEY, VERSION)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET / HTTP/1.2", "GET /a/b%20c?q HTTP/1.9" })
    void shouldAcceptLaterHttp1MinorVersions(final String requestLine)
    {
        assertEquals(HandshakeStatus.OK, parse(request(requestLine, HOST, UPGRADE, CONNECTION, KEY, VERSION)));
    }

    @Test
    void shouldTrimKeyAndHost()
    {
        final UnsafeBuffer buffer = bufferWith(request(
            REQUEST_LINE, "Host: \t h:1 \t", UPGRADE, CONNECTION,
            "sec-websocket-key:  dGhlIHNhbXBsZSBub25jZQ== \t", "sec-websocket-version:\t13 "));

        assertEquals(HandshakeStatus.OK, parse(buffer));

        assertEquals("h:1", text(buffer, parser.hostOffset(), parser.hostLength()));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", text(buffer, parser.keyOffset(), parser.keyLength()));
    }

    @Test
    void shouldCompareConfiguredPath()
    {
        final UnsafeBuffer buffer = bufferWith(FULL_REQUEST);
        assertEquals(HandshakeStatus.OK, parse(buffer));
        final UnsafeBuffer expected = bufferWith("/chat");

        assertTrue(parser.pathEquals("/chat".getBytes()));
        assertFalse(parser.pathEquals("/Chat".getBytes()));
        assertFalse(parser.pathEquals("/chat/".getBytes()));
        assertTrue(parser.pathEquals(expected, OFFSET, 5));
        assertFalse(parser.pathEquals(expected, OFFSET, 4));
    }

    @Test
    void shouldPreserveFrameBytesSentRightAfterTheHead()
    {
        final String frame = "\u0081\u0085\u0037\u00fa\u0021\u003d\u007f\u009f\u004d\u0051\u0058";
        final UnsafeBuffer buffer = bufferWith(FULL_REQUEST + frame);

        assertEquals(HandshakeStatus.OK, parser.parse(buffer, OFFSET, length(FULL_REQUEST) + length(frame)));

        assertEquals(length(FULL_REQUEST), parser.requestLength());
        final byte[] after = new byte[length(frame)];
        buffer.getBytes(OFFSET + parser.requestLength(), after);
        assertArrayEquals(frame.getBytes(StandardCharsets.ISO_8859_1), after);
        assertViewsOfFullRequest(buffer);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET  / HTTP/1.1",
        "GET / HTTP/1.1 ",
        " GET / HTTP/1.1",
        "GET /",
        "GET / HTTP/1.0",
        "GET / HTTP/2.0",
        "GET / http/1.1",
        "GET / HTTP/1.10",
        "GET chat HTTP/1.1",
        "GET http://h/chat HTTP/1.1",
        "GET * HTTP/1.1",
        "GET /a#frag HTTP/1.1",
        "GET /a\u0001b HTTP/1.1",
        "GET /caf\u00e9 HTTP/1.1",
        "G(T / HTTP/1.1",
        "",
    })
    void shouldRejectMalformedRequestLine(final String requestLine)
    {
        assertEquals(
            HandshakeStatus.BAD_REQUEST, parse(request(requestLine, HOST, UPGRADE, CONNECTION, KEY, VERSION)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST / HTTP/1.1", "get / HTTP/1.1", "HEAD /chat?x HTTP/1.1" })
    void shouldRejectMethodOtherThanGet(final String requestLine)
    {
        assertEquals(
            HandshakeStatus.METHOD_NOT_ALLOWED, parse(request(requestLine, HOST, UPGRADE, CONNECTION, KEY, VERSION)));
    }

    @Test
    void shouldRejectMissingOrDuplicateOrEmptyHost()
    {
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(request(REQUEST_LINE, UPGRADE, CONNECTION, KEY, VERSION)));
        assertEquals(
            HandshakeStatus.BAD_REQUEST, parse(request(REQUEST_LINE, HOST, "host: h", UPGRADE, CONNECTION, KEY,
            VERSION)));
        assertEquals(
            HandshakeStatus.BAD_REQUEST, parse(request(REQUEST_LINE, "Host: ", UPGRADE, CONNECTION, KEY, VERSION)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=x",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j-Q==",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==dGhl",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZXM=",
        "Sec-WebSocket-Key:",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    })
    void shouldRejectMissingInvalidOrDuplicateKey(final String key)
    {
        assertEquals(
            HandshakeStatus.BAD_REQUEST, parse(request(REQUEST_LINE, HOST, UPGRADE, CONNECTION, key, VERSION)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Upgrade: h2c", "Upgrade: websockets", "Upgrade: web socket", "Upgrade:" })
    void shouldRejectUpgradeWithoutWebSocketToken(final String upgrade)
    {
        assertEquals(
            HandshakeStatus.BAD_REQUEST, parse(request(REQUEST_LINE, HOST, upgrade, CONNECTION, KEY, VERSION)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Connection: keep-alive", "Connection: upgraded", "Connection: keep-alive upgrade" })
    void shouldRejectConnectionWithoutUpgradeToken(final String connection)
    {
        assertEquals(
            HandshakeStatus.BAD_REQUEST, parse(request(REQUEST_LINE, HOST, UPGRADE, connection, KEY, VERSION)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Sec-WebSocket-Version: 8", "Sec-WebSocket-Version: 13, 8", "Sec-WebSocket-Version:" })
    void shouldRequireVersion13(final String version)
    {
        assertEquals(
            HandshakeStatus.UPGRADE_REQUIRED, parse(request(REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, version)));
    }

    @Test
    void shouldRejectDuplicateVersionOriginAndAuthorization()
    {
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(request(
            REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION, VERSION)));
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(request(
            REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION, "Origin: a", "Origin: b")));
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(request(
            REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION, "Authorization: a", "authorization: a")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "NoColon",
        ": value",
        "Bad Name: v",
        "X-Space : v",
        " folded: v",
        "X-Ctl: a\u0001b",
        "X-Del: a\u007fb",
    })
    void shouldRejectMalformedHeaderLine(final String header)
    {
        assertEquals(
            HandshakeStatus.BAD_REQUEST, parse(request(REQUEST_LINE, HOST, header, UPGRADE, CONNECTION, KEY, VERSION)));
    }

    @Test
    void shouldRejectObsoleteLineFolding()
    {
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(request(
            REQUEST_LINE, HOST, "Upgrade: h2c,", " websocket", CONNECTION, KEY, VERSION)));
    }

    @Test
    void shouldRejectBareLineFeedAndBareCarriageReturnAsSoonAsSeen()
    {
        final String bareLf = REQUEST_LINE + "\nHost: h";
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(bufferWith(bareLf), length(bareLf)));

        parser.reset();
        final String bareCr = REQUEST_LINE + "\r\nHost: h\rX";
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(bufferWith(bareCr), length(bareCr)));

        parser.reset();
        final String lfOnly = "GET / HTTP/1.1\nHost: h\nUpgrade: websocket\n\n";
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(bufferWith(lfOnly), length(lfOnly)));
    }

    @Test
    void shouldAcceptSixteenProtocolsAndRejectSeventeen()
    {
        final StringBuilder protocols = new StringBuilder("Sec-WebSocket-Protocol: p0");
        for (int i = 1; i < UpgradeRequestParser.MAX_PROTOCOLS; i++)
        {
            protocols.append(i % 2 == 0 ? ", p" : ",p").append(i);
        }
        final UnsafeBuffer buffer = bufferWith(
            request(REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION, protocols.toString()));
        assertEquals(HandshakeStatus.OK, parse(buffer));
        assertEquals(UpgradeRequestParser.MAX_PROTOCOLS, parser.protocolCount());
        assertEquals("p15", text(buffer, parser.protocolOffset(15), parser.protocolLength(15)));

        parser.reset();
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(request(
            REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION, protocols.toString(), "Sec-WebSocket-Protocol: x")));
    }

    @Test
    void shouldRejectProtocolThatIsNotAToken()
    {
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(request(
            REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION, "Sec-WebSocket-Protocol: chat, a b")));
        parser.reset();
        assertEquals(HandshakeStatus.BAD_REQUEST, parse(request(
            REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION, "Sec-WebSocket-Protocol: chat/1")));
    }

    @Test
    void shouldRejectHeadWithoutTerminatorOnceLimitReached()
    {
        final UpgradeRequestParser small = new UpgradeRequestParser(64);
        final UnsafeBuffer buffer = bufferWith(FULL_REQUEST);

        assertEquals(HandshakeStatus.INCOMPLETE, small.parse(buffer, OFFSET, 63));
        assertEquals(HandshakeStatus.HEADERS_TOO_LARGE, small.parse(buffer, OFFSET, 64));
    }

    @Test
    void shouldRejectCompleteHeadLongerThanLimit()
    {
        final String request = request(REQUEST_LINE, HOST, UPGRADE, CONNECTION, KEY, VERSION);
        final UnsafeBuffer buffer = bufferWith(request);

        final UpgradeRequestParser tooSmall = new UpgradeRequestParser(length(request) - 1);
        assertEquals(HandshakeStatus.HEADERS_TOO_LARGE, tooSmall.parse(buffer, OFFSET, length(request)));

        final UpgradeRequestParser exact = new UpgradeRequestParser(length(request));
        assertEquals(HandshakeStatus.OK, exact.parse(buffer, OFFSET, length(request)));
    }

    @Test
    void shouldNotAllocateWhenParsingAndAnswering()
    {
        final UnsafeBuffer good = bufferWith(FULL_REQUEST + "\u0081\u0080abcd");
        final int goodLength = length(FULL_REQUEST) + 6;
        final UnsafeBuffer bad = bufferWith(request("GET / HTTP/1.1", HOST, UPGRADE, CONNECTION, KEY));
        final int badLength = bad.capacity() - OFFSET - 16;
        final HandshakeResponses responses = new HandshakeResponses();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
        final int[] failures = { 0 };

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            parser.reset();
            parser.parse(good, OFFSET, 100);
            if (parser.parse(good, OFFSET, goodLength) != HandshakeStatus.OK || !parser.pathEquals(good, OFFSET + 4, 5))
            {
                failures[0]++;
            }
            responses.writeSwitchingProtocols(out, 0, good, parser.keyOffset(), parser.keyLength(),
                good, parser.protocolOffset(0), parser.protocolLength(0));
            parser.reset();
            final int status = parser.parse(bad, OFFSET, badLength);
            responses.writeRejection(out, 0, status);
        });

        assertEquals(0, allocated);
        assertEquals(0, failures[0]);
    }

    private void assertViewsOfFullRequest(final UnsafeBuffer buffer)
    {
        assertEquals(HandshakeStatus.OK, parser.status());
        assertEquals(length(FULL_REQUEST), parser.requestLength());
        assertEquals(OFFSET + 4, parser.pathOffset());
        assertEquals("/chat", text(buffer, parser.pathOffset(), parser.pathLength()));
        assertEquals("room=1&x=?y", text(buffer, parser.queryOffset(), parser.queryLength()));
        assertEquals("server.example.com:8080", text(buffer, parser.hostOffset(), parser.hostLength()));
        assertEquals("http://example.com", text(buffer, parser.originOffset(), parser.originLength()));
        assertEquals("Bearer abc.def", text(buffer, parser.authorizationOffset(), parser.authorizationLength()));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", text(buffer, parser.keyOffset(), parser.keyLength()));
        assertEquals(List.of("chat", "superchat", "v2"), protocols(buffer));
        assertTrue(parser.pathEquals("/chat".getBytes()));
    }

    private List<String> protocols(final UnsafeBuffer buffer)
    {
        final List<String> protocols = new ArrayList<>();
        for (int i = 0; i < parser.protocolCount(); i++)
        {
            protocols.add(text(buffer, parser.protocolOffset(i), parser.protocolLength(i)));
        }
        return protocols;
    }

    private int parse(final String request)
    {
        return parse(bufferWith(request), length(request));
    }

    private int parse(final UnsafeBuffer buffer)
    {
        return parse(buffer, buffer.capacity() - OFFSET - 16);
    }

    private int parse(final UnsafeBuffer buffer, final int length)
    {
        parser.reset();
        return parser.parse(buffer, OFFSET, length);
    }

    /**
     * Joins the request line and header lines with CRLF and ends the head; empty strings are left out, so a
     * test can drop a required header by passing "".
     */
    static String request(final String requestLine, final String... headers)
    {
        final StringBuilder request = new StringBuilder(requestLine).append("\r\n");
        for (final String header : headers)
        {
            if (!header.isEmpty())
            {
                request.append(header).append("\r\n");
            }
        }
        return request.append("\r\n").toString();
    }
}
