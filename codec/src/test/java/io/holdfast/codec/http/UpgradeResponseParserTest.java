package io.holdfast.codec.http;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.holdfast.codec.http.HttpTestBytes.OFFSET;
import static io.holdfast.codec.http.HttpTestBytes.bufferWith;
import static io.holdfast.codec.http.HttpTestBytes.length;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UpgradeResponseParserTest
{
    private static final long HIGH = 0x7468652073616d70L;
    private static final long LOW = 0x6c65206e6f6e6365L;
    private static final String ACCEPT = "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    private static final String STATUS_101 = "HTTP/1.1 101 Switching Protocols";
    private static final String UPGRADE = "Upgrade: websocket";
    private static final String CONNECTION = "Connection: Upgrade";

    private final UpgradeRequestWriter writer = new UpgradeRequestWriter();
    private final UpgradeRequestParser requestParser = new UpgradeRequestParser(4096);
    private final HandshakeResponses responses = new HandshakeResponses();
    private final UpgradeResponseParser parser = new UpgradeResponseParser(4096);
    private final UnsafeBuffer requestBytes = new UnsafeBuffer(new byte[1024]);
    private final UnsafeBuffer responseBytes = new UnsafeBuffer(new byte[1024]);

    @Test
    void shouldCompleteRoundTripFromClientWriterThroughServerAndBack()
    {
        writer.protocols("v1.chat, v2.chat".getBytes());
        final int requestLength = writer.write(requestBytes, 0, "h:80".getBytes(), "/ws?t=1".getBytes(), HIGH, LOW);

        assertEquals(HandshakeStatus.OK, requestParser.parse(requestBytes, 0, requestLength));
        assertEquals(requestLength, requestParser.requestLength());
        assertEquals(true, requestParser.pathEquals("/ws".getBytes()));
        assertEquals(2, requestParser.protocolCount());
        final int responseLength = responses.writeSwitchingProtocols(responseBytes, 0,
            requestBytes, requestParser.keyOffset(), requestParser.keyLength(),
            requestBytes, requestParser.protocolOffset(1), requestParser.protocolLength(1));

        assertEquals(HandshakeStatus.OK, parser.parse(responseBytes, 0, responseLength, HIGH, LOW));
        assertEquals(101, parser.statusCode());
        assertEquals(responseLength, parser.responseLength());
        assertEquals("v2.chat", responseBytes.getStringWithoutLengthAscii(parser.protocolOffset(), 7));

        parser.reset();
        assertEquals(HandshakeStatus.OK, parser.parse(responseBytes, 0, responseLength, writer.key(), 0, 24));
    }

    @Test
    void shouldBeIncompleteUntilLastByteForEverySplitAndKeepFrameBytes()
    {
        final String response = response(STATUS_101, UPGRADE, CONNECTION, ACCEPT) + "\u0081\u0002hi";
        final UnsafeBuffer buffer = bufferWith(response);
        final int headLength = length(response) - 4;
        for (int split = 0; split < headLength; split++)
        {
            parser.reset();
            assertEquals(HandshakeStatus.INCOMPLETE, parser.parse(buffer, OFFSET, split, HIGH, LOW), "split " + split);
            assertEquals(HandshakeStatus.OK, parser.parse(buffer, OFFSET, length(response), HIGH, LOW));
            assertEquals(headLength, parser.responseLength());
            assertEquals(-1, parser.protocolOffset());
            assertEquals(0, parser.protocolLength());
        }
        assertEquals("hi", buffer.getStringWithoutLengthAscii(OFFSET + parser.responseLength() + 2, 2));
    }

    @Test
    void shouldResumeAnotherConnectionsIncompleteResponse()
    {
        final String response = response(STATUS_101, UPGRADE, CONNECTION, ACCEPT);
        final UnsafeBuffer buffer = bufferWith(response);
        assertEquals(HandshakeStatus.INCOMPLETE, parser.parse(buffer, OFFSET, 40, HIGH, LOW));
        final int scanned = parser.scannedLength();

        parser.reset();
        assertEquals(403, parser.parse(bufferWith(response("HTTP/1.1 403 Forbidden")), OFFSET, 26, HIGH, LOW));

        parser.resume(scanned);
        assertEquals(HandshakeStatus.OK, parser.parse(buffer, OFFSET, length(response), HIGH, LOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "upgrade: WebSocket\r\nconnection: keep-alive, UPGRADE",
        "Upgrade:websocket\r\nConnection:\tupgrade\t",
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: chat\r\nX-Other: y",
    })
    void shouldAcceptHeaderVariants(final String headers)
    {
        assertEquals(HandshakeStatus.OK, parse(response("HTTP/1.1 101 Switching Protocols", headers, ACCEPT)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404, 405, 426, 429, 431, 500, 503 })
    void shouldReturnStatusOfEveryServerRejection(final int status)
    {
        final int length = responses.writeRejection(responseBytes, 0, status);

        assertEquals(status, parser.parse(responseBytes, 0, length, HIGH, LOW));
        assertEquals(status, parser.statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK",
        "HTTP/1.1 302 Found",
        "HTTP/1.1 101",
    })
    void shouldReturnOtherStatusCodesOrAcceptBareStatusLine(final String statusLine)
    {
        final int expected = Integer.parseInt(statusLine.substring(9, 12));
        final int result = parse(response(statusLine, UPGRADE, CONNECTION, ACCEPT));
        assertEquals(expected == 101 ? HandshakeStatus.OK : expected, result);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.0 101 Switching Protocols",
        "HTTP/1.1  101 Switching Protocols",
        "HTTP/1.1 1O1 Switching Protocols",
        "HTTP/1.1 099 Odd",
        "HTTP/1.1 600 Odd",
        "HTTP/1.1 101Switching",
        "HTTP/1.1 10",
        "",
    })
    void shouldRejectMalformedStatusLine(final String statusLine)
    {
        assertEquals(HandshakeStatus.INVALID_RESPONSE, parse(response(statusLine, UPGRADE, CONNECTION, ACCEPT)));
        assertEquals(0, parser.statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Connection: Upgrade\r\n" + ACCEPT,
        "Upgrade: websocket\r\n" + ACCEPT,
        "Upgrade: h2c\r\nConnection: Upgrade\r\n" + ACCEPT,
        "Upgrade: websocket\r\nConnection: close\r\n" + ACCEPT,
        "Upgrade: websocket\r\nConnection: Upgrade",
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo",
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: t3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        "Upgrade: websocket\r\nConnection: Upgrade\r\n" + ACCEPT + "\r\n" + ACCEPT,
        "Upgrade: websocket\r\nConnection: Upgrade\r\n" + ACCEPT + "\r\nSec-WebSocket-Extensions: permessage-deflate",
        "Upgrade: websocket\r\nConnection: Upgrade\r\n" + ACCEPT + "\r\nSec-WebSocket-Protocol: a, b",
        "Upgrade: websocket\r\nConnection: Upgrade\r\n" + ACCEPT + "\r\nBad Header: x",
        "Upgrade: websocket\r\nConnection: Upgrade\r\n" + ACCEPT + "\r\n folded",
    })
    void shouldRejectInvalidSwitchingProtocols(final String headers)
    {
        assertEquals(HandshakeStatus.INVALID_RESPONSE, parse(response(STATUS_101, headers)));
        assertEquals(101, parser.statusCode());
    }

    @Test
    void shouldRejectResponseHeadOverLimitOrWithBareLineFeed()
    {
        final UpgradeResponseParser small = new UpgradeResponseParser(32);
        final String response = response(STATUS_101, UPGRADE, CONNECTION, ACCEPT);
        assertEquals(HandshakeStatus.INCOMPLETE, small.parse(bufferWith(response), OFFSET, 31, HIGH, LOW));
        assertEquals(HandshakeStatus.INVALID_RESPONSE, small.parse(bufferWith(response), OFFSET, 32, HIGH, LOW));

        final String bareLf = "HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\n\n";
        assertEquals(HandshakeStatus.INVALID_RESPONSE, parse(bareLf));
    }

    @Test
    void shouldNotAllocateWhenWritingRequestAndParsingResponse()
    {
        final String response = response(STATUS_101, UPGRADE, CONNECTION, ACCEPT, "Sec-WebSocket-Protocol: chat");
        final UnsafeBuffer buffer = bufferWith(response + "\u0081\u0000");
        final int length = length(response) + 2;
        final byte[] host = "example.com".getBytes();
        final byte[] path = "/ws".getBytes();
        final int[] failures = { 0 };

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            writer.write(requestBytes, 0, host, path, HIGH, LOW);
            parser.reset();
            parser.parse(buffer, OFFSET, 60, HIGH, LOW);
            if (parser.parse(buffer, OFFSET, length, HIGH, LOW) != HandshakeStatus.OK)
            {
                failures[0]++;
            }
            parser.reset();
            if (parser.parse(buffer, OFFSET, length, writer.key(), 0, UpgradeRequestWriter.KEY_LENGTH) !=
                HandshakeStatus.OK)
            {
                failures[0]++;
            }
        });

        assertEquals(0, allocated);
        assertEquals(0, failures[0]);
    }

    private int parse(final String response)
    {
        parser.reset();
        return parser.parse(bufferWith(response), OFFSET, length(response), HIGH, LOW);
    }

    private static String response(final String statusLine, final String... headers)
    {
        return UpgradeRequestParserTest.request(statusLine, headers);
    }
}
