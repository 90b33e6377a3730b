package io.holdfast.codec.http;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static io.holdfast.codec.http.HttpTestBytes.OFFSET;
import static io.holdfast.codec.http.HttpTestBytes.bufferWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeResponsesTest
{
    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final HandshakeResponses responses = new HandshakeResponses();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
    private final UnsafeBuffer request = bufferWith(RFC_KEY + "chat");

    @Test
    void shouldWriteSwitchingProtocolsWithoutSubprotocol()
    {
        final int length = responses.writeSwitchingProtocols(out, 5, request, OFFSET, 24, null, 0, 0);

        assertEquals(
            "HTTP/1.1 101 Switching Protocols\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
            "\r\n",
            out.getStringWithoutLengthAscii(5, length));
        assertEquals(HandshakeResponses.switchingProtocolsLength(0), length);
    }

    @Test
    void shouldWriteSwitchingProtocolsWithSubprotocol()
    {
        final int length = responses.writeSwitchingProtocols(out, 0, request, OFFSET, 24, request, OFFSET + 24, 4);

        assertEquals(
            "HTTP/1.1 101 Switching Protocols\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
            "Sec-WebSocket-Protocol: chat\r\n" +
            "\r\n",
            out.getStringWithoutLengthAscii(0, length));
        assertEquals(HandshakeResponses.switchingProtocolsLength(4), length);
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404, 405, 426, 429, 431, 503 })
    void shouldWriteWellFormedRejection(final int status)
    {
        final ParsedResponse response = writeAndParseRejection(status);

        assertEquals(status, response.status);
        assertFalse(response.reason.isEmpty());
        assertEquals("close", response.headers.get("connection"));
        assertEquals(Integer.toString(response.body.length()), response.headers.get("content-length"));
        assertTrue(response.body.endsWith("\n"));
        assertTrue(response.length <= HandshakeResponses.maxRejectionLength());
    }

    @Test
    void shouldAdvertiseVersionOnUpgradeRequiredAndGetOnMethodNotAllowed()
    {
        assertEquals("13", writeAndParseRejection(426).headers.get("sec-websocket-version"));
        assertEquals("GET", writeAndParseRejection(405).headers.get("allow"));
        assertEquals("Bearer", writeAndParseRejection(401).headers.get("www-authenticate"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 101, 200, 402, 500, 999, -1 })
    void shouldFallBackToInternalServerErrorForStatusWithoutCannedResponse(final int status)
    {
        assertEquals(500, writeAndParseRejection(status).status);
    }

    @Test
    void shouldNotAllocateWhenWritingResponses()
    {
        final int[] statuses = { 400, 401, 403, 404, 405, 426, 429, 431, 503 };
        final int[] next = { 0 };

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            responses.writeSwitchingProtocols(out, 0, request, OFFSET, 24, request, OFFSET + 24, 4);
            responses.writeRejection(out, 0, statuses[next[0]++ % statuses.length]);
        });

        assertEquals(0, allocated);
    }

    private ParsedResponse writeAndParseRejection(final int status)
    {
        final int length = responses.writeRejection(out, 3, status);
        final byte[] bytes = new byte[length];
        out.getBytes(3, bytes);
        return ParsedResponse.parse(new String(bytes, StandardCharsets.US_ASCII));
    }

    /**
     * A deliberately independent, strict reading of an HTTP/1.1 response with a Content-Length body.
     */
    static final class ParsedResponse
    {
        final Map<String, String> headers = new HashMap<>();
        int status;
        String reason;
        String body;
        int length;

        static ParsedResponse parse(final String text)
        {
            final ParsedResponse response = new ParsedResponse();
            final int headEnd = text.indexOf("\r\n\r\n");
            assertTrue(headEnd > 0, text);
            final String[] lines = text.substring(0, headEnd).split("\r\n", -1);
            assertTrue(lines[0].matches("HTTP/1\\.1 [1-5][0-9][0-9] [A-Za-z ]+"), lines[0]);
            response.status = Integer.parseInt(lines[0].substring(9, 12));
            response.reason = lines[0].substring(13);
            for (int i = 1; i < lines.length; i++)
            {
                final int colon = lines[i].indexOf(':');
                assertTrue(colon > 0 && lines[i].charAt(colon + 1) == ' ', lines[i]);
                assertEquals(null, response.headers.put(lines[i].substring(0, colon).toLowerCase(),
                    lines[i].substring(colon + 2)), "duplicate header " + lines[i]);
            }
            response.body = text.substring(headEnd + 4);
            response.length = text.length();
            return response;
        }
    }
}
