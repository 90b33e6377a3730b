package io.holdfast.codec.http;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.holdfast.codec.ByteRanges.ascii;

/**
 * Writes the server's side of the opening handshake: the 101 that completes the upgrade and small, complete
 * rejection responses, all from bytes encoded once at class initialisation.
 * <p>
 * Writes do not check capacity: size the output with {@link #switchingProtocolsLength(int)} and
 * {@link #maxRejectionLength()}. Not thread-safe (it holds an {@link AcceptKey}): one instance per worker.
 */
public final class HandshakeResponses
{
    private static final byte[] SWITCHING_PROTOCOLS_HEAD = ascii(
        "HTTP/1.1 101 Switching Protocols\r\n" +
        "Upgrade: websocket\r\n" +
        "Connection: Upgrade\r\n" +
        "Sec-WebSocket-Accept: ");
    private static final byte[] PROTOCOL_HEADER_NAME = ascii("\r\nSec-WebSocket-Protocol: ");
    private static final byte[] HEAD_END = ascii("\r\n\r\n");

    private static final byte[] BAD_REQUEST = rejection(400, "Bad Request", "", "invalid WebSocket upgrade request");
    private static final byte[] UNAUTHORIZED = rejection(
        401, "Unauthorized", "WWW-Authenticate: Bearer\r\n", "authentication required");
    private static final byte[] FORBIDDEN = rejection(403, "Forbidden", "", "forbidden");
    private static final byte[] NOT_FOUND = rejection(404, "Not Found", "", "no WebSocket endpoint at this path");
    private static final byte[] METHOD_NOT_ALLOWED = rejection(
        405, "Method Not Allowed", "Allow: GET\r\n", "a WebSocket upgrade must use GET");
    private static final byte[] UPGRADE_REQUIRED = rejection(
        426, "Upgrade Required", "Sec-WebSocket-Version: 13\r\n", "WebSocket version 13 required");
    private static final byte[] TOO_MANY_REQUESTS = rejection(429, "Too Many Requests", "", "too many requests");
    private static final byte[] HEADERS_TOO_LARGE = rejection(
        431, "Request Header Fields Too Large", "", "request head too large");
    private static final byte[] INTERNAL_SERVER_ERROR = rejection(
        500, "Internal Server Error", "", "internal server error");
    private static final byte[] SERVICE_UNAVAILABLE = rejection(
        503, "Service Unavailable", "", "server at capacity, retry later");
    private static final int MAX_REJECTION_LENGTH = maxLength(
        BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, UPGRADE_REQUIRED, TOO_MANY_REQUESTS,
        HEADERS_TOO_LARGE, INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE);

    private final AcceptKey acceptKey = new AcceptKey();

    /**
     * Bytes {@link #writeSwitchingProtocols} writes for a selected subprotocol of {@code protocolLength} bytes
     * (0 for none).
     */
    public static int switchingProtocolsLength(final int protocolLength)
    {
        final int protocolHeader = protocolLength > 0 ? PROTOCOL_HEADER_NAME.length + protocolLength : 0;
        return SWITCHING_PROTOCOLS_HEAD.length + AcceptKey.LENGTH + protocolHeader + HEAD_END.length;
    }

    /**
     * The longest response {@link #writeRejection} writes.
     */
    public static int maxRejectionLength()
    {
        return MAX_REJECTION_LENGTH;
    }

    /**
     * Writes the complete 101 Switching Protocols response for the Sec-WebSocket-Key at
     * [keyOffset, keyOffset + keyLength) of {@code request}, naming the selected subprotocol when
     * {@code protocolLength} is above 0 ({@code protocol} may be null otherwise).
     *
     * @return the number of bytes written, {@link #switchingProtocolsLength(int)}.
     */
    public int writeSwitchingProtocols(
        final MutableDirectBuffer out, final int offset, final DirectBuffer request, final int keyOffset,
        final int keyLength, final DirectBuffer protocol, final int protocolOffset, final int protocolLength)
    {
        int position = put(out, offset, SWITCHING_PROTOCOLS_HEAD);
        position += acceptKey.compute(request, keyOffset, keyLength, out, position);
        if (protocolLength > 0)
        {
            position = put(out, position, PROTOCOL_HEADER_NAME);
            out.putBytes(position, protocol, protocolOffset, protocolLength);
            position += protocolLength;
        }
        return put(out, position, HEAD_END) - offset;
    }

    /**
     * Writes a complete rejection with {@code Connection: close}, after which the caller closes the connection.
     * Statuses with no canned response (anything but 400, 401, 403, 404, 405, 426, 429, 431, 503) get the 500.
     *
     * @return the number of bytes written, at most {@link #maxRejectionLength()}.
     */
    public int writeRejection(final MutableDirectBuffer out, final int offset, final int status)
    {
        return put(out, offset, rejectionFor(status)) - offset;
    }

    private static int put(final MutableDirectBuffer out, final int position, final byte[] bytes)
    {
        out.putBytes(position, bytes);
        return position + bytes.length;
    }

    private static byte[] rejectionFor(final int status)
    {
        switch (status)
        {
            case HandshakeStatus.BAD_REQUEST:
                return BAD_REQUEST;
            case HandshakeStatus.UNAUTHORIZED:
                return UNAUTHORIZED;
            case HandshakeStatus.FORBIDDEN:
                return FORBIDDEN;
            case HandshakeStatus.NOT_FOUND:
                return NOT_FOUND;
            case HandshakeStatus.METHOD_NOT_ALLOWED:
                return METHOD_NOT_ALLOWED;
            case HandshakeStatus.UPGRADE_REQUIRED:
                return UPGRADE_REQUIRED;
            case HandshakeStatus.TOO_MANY_REQUESTS:
                return TOO_MANY_REQUESTS;
            case HandshakeStatus.HEADERS_TOO_LARGE:
                return HEADERS_TOO_LARGE;
            case HandshakeStatus.SERVICE_UNAVAILABLE:
                return SERVICE_UNAVAILABLE;
            default:
                return INTERNAL_SERVER_ERROR;
        }
    }

    private static byte[] rejection(final int status, final String reason, final String extraHeaders, final String text)
    {
        final String body = text + "\n";
        return ascii(
            "HTTP/1.1 " + status + " " + reason + "\r\n" +
            extraHeaders +
            "Connection: close\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "Content-Length: " + body.length() + "\r\n" +
            "\r\n" +
            body);
    }

    private static int maxLength(final byte[]... responses)
    {
        int max = 0;
        for (final byte[] response : responses)
        {
            max = Math.max(max, response.length);
        }
        return max;
    }
}
