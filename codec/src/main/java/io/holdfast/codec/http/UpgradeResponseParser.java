package io.holdfast.codec.http;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.holdfast.codec.http.HttpSyntax.SP;
import static io.holdfast.codec.ByteRanges.ascii;

/**
 * Incremental, allocation-free parser of the server's answer to a client's opening handshake
 * (RFC 6455 section 4.1), for a load generator or test client.
 * <p>
 * Like {@link UpgradeRequestParser}, it takes every byte received since the request was sent, with the same
 * offset on each call, and resumes its terminator search where it stopped. Once the head is complete:
 * <ul>
 *     <li>a malformed status line, or a head over the limit, is {@link HandshakeStatus#INVALID_RESPONSE};</li>
 *     <li>a well-formed status other than 101 returns that status code (headers are not examined);</li>
 *     <li>a 101 is {@link HandshakeStatus#OK} only when its header lines are well-formed, Upgrade holds the
 *     token "websocket", Connection holds "upgrade", Sec-WebSocket-Accept appears once and matches the key, no
 *     Sec-WebSocket-Extensions is present (the codec negotiates none) and Sec-WebSocket-Protocol, if present,
 *     appears once as a token; otherwise it is {@link HandshakeStatus#INVALID_RESPONSE}.</li>
 * </ul>
 * Whether the selected subprotocol is one the client offered is for the caller to check with
 * {@link #protocolOffset()}. Bytes after {@link #responseLength()} are WebSocket frames. Not thread-safe.
 */
public final class UpgradeResponseParser
{
    private static final int SWITCHING_PROTOCOLS = 101;
    private static final int STATUS_LINE_MIN_LENGTH = HttpSyntax.VERSION_LENGTH + 4;
    private static final byte[] UPGRADE_HEADER = ascii("upgrade");
    private static final byte[] CONNECTION_HEADER = ascii("connection");
    private static final byte[] ACCEPT_HEADER = ascii("sec-websocket-accept");
    private static final byte[] PROTOCOL_HEADER = ascii("sec-websocket-protocol");
    private static final byte[] EXTENSIONS_HEADER = ascii("sec-websocket-extensions");
    private static final byte[] WEBSOCKET_TOKEN = ascii("websocket");
    private static final byte[] UPGRADE_TOKEN = ascii("upgrade");

    private final HttpHeadScanner scanner;
    private final HeaderLine line = new HeaderLine();
    private final AcceptKey acceptKey = new AcceptKey();
    private final byte[] keyBits = new byte[Base64Ascii.KEY_BYTES];
    private final UnsafeBuffer expectedKey = new UnsafeBuffer(new byte[Base64Ascii.KEY_LENGTH]);
    private int status;
    private int statusCode;
    private int responseLength;
    private int acceptOffset;
    private int acceptLength;
    private int protocolOffset;
    private int protocolLength;
    private boolean upgradeWebSocket;
    private boolean connectionUpgrade;

    /**
     * Creates a parser whose scratch state, including its {@link AcceptKey}, is all allocated here.
     *
     * @param maxHeaderBytes the most bytes the response head may take, CRLFCRLF included; more is
     * {@link HandshakeStatus#INVALID_RESPONSE}.
     */
    public UpgradeResponseParser(final int maxHeaderBytes)
    {
        scanner = new HttpHeadScanner(maxHeaderBytes);
        reset();
    }

    /**
     * Parses the response bytes received so far, checking the accept value against the Sec-WebSocket-Key the
     * client sent, for example {@link UpgradeRequestWriter#key()}.
     *
     * @return {@link HandshakeStatus#INCOMPLETE}, {@link HandshakeStatus#OK}, another HTTP status code received
     * or {@link HandshakeStatus#INVALID_RESPONSE}; later calls return the same final result.
     */
    public int parse(
        final DirectBuffer buffer, final int offset, final int length,
        final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        if (status == HandshakeStatus.INCOMPLETE)
        {
            status = parseHead(buffer, offset, length);
            if (status == HandshakeStatus.OK)
            {
                status = verifyAccept(buffer, key, keyOffset, keyLength);
            }
        }
        return status;
    }

    /**
     * Parses the response bytes received so far, checking the accept value against the key made from the same
     * 128 bits given to {@link UpgradeRequestWriter}, so a client with many connections stores two longs each.
     *
     * @return as {@link #parse(DirectBuffer, int, int, DirectBuffer, int, int)}.
     */
    public int parse(
        final DirectBuffer buffer, final int offset, final int length, final long keyBitsHigh, final long keyBitsLow)
    {
        if (status == HandshakeStatus.INCOMPLETE)
        {
            status = parseHead(buffer, offset, length);
            if (status == HandshakeStatus.OK)
            {
                Base64Ascii.encodeKey(keyBitsHigh, keyBitsLow, keyBits, expectedKey, 0);
                status = verifyAccept(buffer, expectedKey, 0, Base64Ascii.KEY_LENGTH);
            }
        }
        return status;
    }

    /**
     * The last result of parsing, {@link HandshakeStatus#INCOMPLETE} after reset.
     */
    public int status()
    {
        return status;
    }

    /**
     * The status code of a well-formed status line, even when the response was then found invalid; 0 otherwise.
     */
    public int statusCode()
    {
        return statusCode;
    }

    /**
     * Bytes of the response head including the final CRLFCRLF; bytes after it are WebSocket frames.
     */
    public int responseLength()
    {
        return responseLength;
    }

    /**
     * Offset of the subprotocol the server selected, or -1 when it selected none.
     */
    public int protocolOffset()
    {
        return protocolOffset;
    }

    /**
     * Length of the subprotocol the server selected, 0 when none.
     */
    public int protocolLength()
    {
        return protocolLength;
    }

    /**
     * Bytes already searched for the terminator in an incomplete response; store it per connection to share the
     * parser between connections.
     */
    public int scannedLength()
    {
        return scanner.scannedLength();
    }

    /**
     * Resets, then continues a connection's incomplete response from a stored {@link #scannedLength()}.
     */
    public void resume(final int scannedLength)
    {
        reset();
        scanner.resume(scannedLength);
    }

    /**
     * Forgets the previous response so the parser can take a new one.
     */
    public void reset()
    {
        scanner.resume(0);
        status = HandshakeStatus.INCOMPLETE;
        statusCode = 0;
        responseLength = 0;
        acceptOffset = -1;
        acceptLength = 0;
        protocolOffset = -1;
        protocolLength = 0;
        upgradeWebSocket = false;
        connectionUpgrade = false;
    }

    private int parseHead(final DirectBuffer buffer, final int offset, final int length)
    {
        final int headLength = scanner.scan(buffer, offset, length);
        if (headLength == HttpHeadScanner.INCOMPLETE)
        {
            return HandshakeStatus.INCOMPLETE;
        }
        if (headLength < 0)
        {
            return HandshakeStatus.INVALID_RESPONSE;
        }
        responseLength = headLength;
        final int headEnd = offset + headLength;
        final int statusLineEnd = HttpSyntax.lineEnd(buffer, offset, headEnd);
        statusCode = parseStatusLine(buffer, offset, statusLineEnd);
        if (statusCode != SWITCHING_PROTOCOLS)
        {
            return statusCode == 0 ? HandshakeStatus.INVALID_RESPONSE : statusCode;
        }
        final int emptyLine = headEnd - 2;
        int position = statusLineEnd + 2;
        while (position < emptyLine)
        {
            position = line.wrap(buffer, position, headEnd);
            if (position < 0 || !onHeader(buffer))
            {
                return HandshakeStatus.INVALID_RESPONSE;
            }
        }
        return upgradeWebSocket && connectionUpgrade && acceptOffset >= 0 ?
            HandshakeStatus.OK : HandshakeStatus.INVALID_RESPONSE;
    }

    /**
     * Reads {@code HTTP/1.x SP 3DIGIT [SP reason-phrase]}.
     *
     * @return the status code, or 0 when the line is malformed.
     */
    private static int parseStatusLine(final DirectBuffer buffer, final int start, final int end)
    {
        if (end - start < STATUS_LINE_MIN_LENGTH ||
            !HttpSyntax.isSupportedVersion(buffer, start, HttpSyntax.VERSION_LENGTH) ||
            buffer.getByte(start + HttpSyntax.VERSION_LENGTH) != SP)
        {
            return 0;
        }
        final int codeStart = start + HttpSyntax.VERSION_LENGTH + 1;
        int code = 0;
        for (int i = codeStart; i < codeStart + 3; i++)
        {
            final byte digit = buffer.getByte(i);
            if (digit < '0' || digit > '9')
            {
                return 0;
            }
            code = code * 10 + (digit - '0');
        }
        final int reasonStart = codeStart + 3;
        if (code < 100 || code > 599 || (reasonStart < end && buffer.getByte(reasonStart) != SP))
        {
            return 0;
        }
        for (int i = reasonStart; i < end; i++)
        {
            if (!HttpSyntax.isFieldValueChar(buffer.getByte(i)))
            {
                return 0;
            }
        }
        return code;
    }

    private boolean onHeader(final DirectBuffer buffer)
    {
        final int valueOffset = line.valueOffset();
        final int valueLength = line.valueLength();
        if (line.nameEquals(buffer, UPGRADE_HEADER))
        {
            upgradeWebSocket |= HttpSyntax.listContains(buffer, valueOffset, valueLength, WEBSOCKET_TOKEN);
        }
        else if (line.nameEquals(buffer, CONNECTION_HEADER))
        {
            connectionUpgrade |= HttpSyntax.listContains(buffer, valueOffset, valueLength, UPGRADE_TOKEN);
        }
        else if (line.nameEquals(buffer, ACCEPT_HEADER))
        {
            if (acceptOffset >= 0)
            {
                return false;
            }
            acceptOffset = valueOffset;
            acceptLength = valueLength;
        }
        else if (line.nameEquals(buffer, PROTOCOL_HEADER))
        {
            if (protocolOffset >= 0 || !HttpSyntax.isToken(buffer, valueOffset, valueLength))
            {
                return false;
            }
            protocolOffset = valueOffset;
            protocolLength = valueLength;
        }
        else if (line.nameEquals(buffer, EXTENSIONS_HEADER))
        {
            return false;
        }
        return true;
    }

    private int verifyAccept(
        final DirectBuffer buffer, final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        return acceptKey.matches(key, keyOffset, keyLength, buffer, acceptOffset, acceptLength) ?
            HandshakeStatus.OK : HandshakeStatus.INVALID_RESPONSE;
    }
}
