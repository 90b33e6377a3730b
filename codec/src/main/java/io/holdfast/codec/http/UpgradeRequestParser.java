package io.holdfast.codec.http;

import io.holdfast.codec.ByteRanges;
import org.agrona.DirectBuffer;

import java.util.Arrays;

import static io.holdfast.codec.http.HttpSyntax.SP;
import static io.holdfast.codec.ByteRanges.ascii;

/**
 * Incremental, allocation-free parser and validator of a WebSocket opening handshake request
 * (RFC 6455 section 4.2.1) whose results are offsets into the caller's buffer.
 * <p>
 * The caller keeps every byte received since the start of the connection in one buffer and calls
 * {@link #parse(DirectBuffer, int, int)} again, with the same offset, each time more arrive; the search for the
 * CRLFCRLF terminator resumes where it stopped, so dribbled bytes cost linear time. A worker shares one parser
 * between connections by storing {@link #scannedLength()} per connection and calling {@link #resume(int)}.
 * <p>
 * Decisions worth knowing:
 * <ul>
 *     <li>Only CRLF line endings: a bare LF or bare CR anywhere in the head is 400, as soon as it is seen.</li>
 *     <li>The request line must be {@code method SP request-target SP HTTP-version}; the target must be in
 *     origin-form (starts with '/', no '#', visible ASCII only); the version must be HTTP/1.1, or a later HTTP/1.x
 *     handled as 1.1; anything else, including HTTP/1.0 and HTTP/2.0, is 400. A well-formed line whose method is
 *     not GET (case-sensitive) is 405 without looking at the headers.</li>
 *     <li>Obsolete line folding, whitespace before a colon and control characters in values are 400.</li>
 *     <li>Host, Origin, Authorization, Sec-WebSocket-Key and Sec-WebSocket-Version may each appear once; a
 *     duplicate is 400 (two Origins or two credentials are ambiguous, so they are refused rather than guessed).
 *     An empty Host is 400.</li>
 *     <li>Upgrade, Connection and Sec-WebSocket-Protocol may repeat; their comma-separated elements are
 *     combined. Protocol elements must be tokens and at most {@link #MAX_PROTOCOLS} are kept: more is 400, so
 *     negotiation never silently ignores what the client offered.</li>
 *     <li>Checks after the headers, in this order: Host, Upgrade, Connection (400); Sec-WebSocket-Version
 *     exactly "13" (426, so a client of another version learns which one to use); Sec-WebSocket-Key is 22
 *     base64 characters and "==" (400).</li>
 * </ul>
 * Views are valid after {@link HandshakeStatus#OK} until {@link #reset()}; absent ones have offset -1 and
 * length 0. Not thread-safe: one instance per worker.
 */
public final class UpgradeRequestParser
{
    /**
     * Most Sec-WebSocket-Protocol entries kept; more is {@link HandshakeStatus#BAD_REQUEST}.
     */
    public static final int MAX_PROTOCOLS = 16;

    private static final int HOST = 0;
    private static final int ORIGIN = 1;
    private static final int AUTHORIZATION = 2;
    private static final int KEY = 3;
    private static final int VERSION = 4;
    private static final byte[][] SINGLE_HEADERS =
    {
        ascii("host"), ascii("origin"), ascii("authorization"), ascii("sec-websocket-key"),
        ascii("sec-websocket-version"),
    };
    private static final byte[] UPGRADE_HEADER = ascii("upgrade");
    private static final byte[] CONNECTION_HEADER = ascii("connection");
    private static final byte[] PROTOCOL_HEADER = ascii("sec-websocket-protocol");
    private static final byte[] WEBSOCKET_TOKEN = ascii("websocket");
    private static final byte[] UPGRADE_TOKEN = ascii("upgrade");
    private static final byte[] GET = ascii("GET");
    private static final byte[] VERSION_13 = ascii("13");

    private final HttpHeadScanner scanner;
    private final HeaderLine line = new HeaderLine();
    private final HeaderLine foundLine = new HeaderLine();
    private final int[] singleOffsets = new int[SINGLE_HEADERS.length];
    private final int[] singleLengths = new int[SINGLE_HEADERS.length];
    private final int[] protocolOffsets = new int[MAX_PROTOCOLS];
    private final int[] protocolLengths = new int[MAX_PROTOCOLS];
    private DirectBuffer buffer;
    private int requestOffset;
    private int foundHeaderLength;
    private int status;
    private int requestLength;
    private int pathOffset;
    private int pathLength;
    private int queryOffset;
    private int queryLength;
    private int protocolCount;
    private boolean upgradeWebSocket;
    private boolean connectionUpgrade;

    /**
     * Creates a parser whose scratch state is all allocated here, so parsing never allocates.
     *
     * @param maxHeaderBytes the most bytes the head may take, CRLFCRLF included; a longer head is 431.
     */
    public UpgradeRequestParser(final int maxHeaderBytes)
    {
        scanner = new HttpHeadScanner(maxHeaderBytes);
        reset();
    }

    /**
     * Parses the request bytes received so far, [offset, offset + length), which must start at the first byte of
     * the request and keep the same offset between calls until {@link #reset()}.
     *
     * @return {@link HandshakeStatus#INCOMPLETE} until the head is complete, then {@link HandshakeStatus#OK} or a
     * rejection status, which later calls return again without parsing.
     */
    public int parse(final DirectBuffer buffer, final int offset, final int length)
    {
        if (status != HandshakeStatus.INCOMPLETE)
        {
            return status;
        }
        final int headLength = scanner.scan(buffer, offset, length);
        if (headLength == HttpHeadScanner.MALFORMED)
        {
            status = HandshakeStatus.BAD_REQUEST;
        }
        else if (headLength == HttpHeadScanner.TOO_LARGE)
        {
            status = HandshakeStatus.HEADERS_TOO_LARGE;
        }
        else if (headLength > 0)
        {
            this.buffer = buffer;
            requestOffset = offset;
            requestLength = headLength;
            status = validate(buffer, offset, offset + headLength);
        }
        return status;
    }

    /**
     * The last result of {@link #parse(DirectBuffer, int, int)}, {@link HandshakeStatus#INCOMPLETE} after reset.
     */
    public int status()
    {
        return status;
    }

    /**
     * Forgets the previous request so the parser can take a new one.
     */
    public void reset()
    {
        scanner.resume(0);
        buffer = null;
        status = HandshakeStatus.INCOMPLETE;
        requestLength = 0;
        pathOffset = -1;
        pathLength = 0;
        queryOffset = -1;
        queryLength = 0;
        protocolCount = 0;
        upgradeWebSocket = false;
        connectionUpgrade = false;
        Arrays.fill(singleOffsets, -1);
        Arrays.fill(singleLengths, 0);
    }

    /**
     * Bytes already searched for the terminator in an incomplete request; store it per connection to share the
     * parser between connections.
     */
    public int scannedLength()
    {
        return scanner.scannedLength();
    }

    /**
     * Resets, then continues a connection's incomplete request from a stored {@link #scannedLength()}.
     */
    public void resume(final int scannedLength)
    {
        reset();
        scanner.resume(scannedLength);
    }

    /**
     * Bytes of the head including the final CRLFCRLF; bytes after it (frames a client sent at once) belong to
     * the WebSocket connection.
     */
    public int requestLength()
    {
        return requestLength;
    }

    /**
     * Offset of the request-target's path, up to and excluding any '?'.
     */
    public int pathOffset()
    {
        return pathOffset;
    }

    /**
     * Length of the request-target's path.
     */
    public int pathLength()
    {
        return pathLength;
    }

    /**
     * Offset of the query after '?', or -1 when the target has no '?'.
     */
    public int queryOffset()
    {
        return queryOffset;
    }

    /**
     * Length of the query, 0 when absent or empty.
     */
    public int queryLength()
    {
        return queryLength;
    }

    /**
     * Offset of the trimmed Host value.
     */
    public int hostOffset()
    {
        return singleOffsets[HOST];
    }

    /**
     * Length of the trimmed Host value.
     */
    public int hostLength()
    {
        return singleLengths[HOST];
    }

    /**
     * Offset of the trimmed Origin value, or -1 when absent (non-browser clients usually omit it).
     */
    public int originOffset()
    {
        return singleOffsets[ORIGIN];
    }

    /**
     * Length of the trimmed Origin value.
     */
    public int originLength()
    {
        return singleLengths[ORIGIN];
    }

    /**
     * Offset of the trimmed Authorization value, or -1 when absent.
     */
    public int authorizationOffset()
    {
        return singleOffsets[AUTHORIZATION];
    }

    /**
     * Length of the trimmed Authorization value.
     */
    public int authorizationLength()
    {
        return singleLengths[AUTHORIZATION];
    }

    /**
     * Offset of the trimmed Sec-WebSocket-Key, the input of {@link AcceptKey}.
     */
    public int keyOffset()
    {
        return singleOffsets[KEY];
    }

    /**
     * Length of the trimmed Sec-WebSocket-Key, 24 after {@link HandshakeStatus#OK}.
     */
    public int keyLength()
    {
        return singleLengths[KEY];
    }

    /**
     * Number of subprotocols the client offered, in the order offered.
     */
    public int protocolCount()
    {
        return protocolCount;
    }

    /**
     * Offset of the {@code index}th offered subprotocol, 0 to {@link #protocolCount()} - 1.
     */
    public int protocolOffset(final int index)
    {
        return protocolOffsets[index];
    }

    /**
     * Length of the {@code index}th offered subprotocol.
     */
    public int protocolLength(final int index)
    {
        return protocolLengths[index];
    }

    /**
     * Find a header of a complete, valid request by name, for callers that look at headers this parser does not
     * keep; the request line and headers are walked again, so this is for the handshake's slow path.
     *
     * @param name the header name in any case, e.g. {@code X-Tenant}.
     * @return the offset of the first such header's value, trimmed of whitespace, with its length in
     * {@link #foundHeaderLength()}; -1 when the request has no such header.
     */
    public int findHeader(final CharSequence name)
    {
        foundHeaderLength = 0;
        if (status != HandshakeStatus.OK)
        {
            return -1;
        }
        final int headEnd = requestOffset + requestLength;
        int position = HttpSyntax.lineEnd(buffer, requestOffset, headEnd) + 2;
        while (position < headEnd - 2)
        {
            position = foundLine.wrap(buffer, position, headEnd);
            if (foundLine.nameEquals(buffer, name))
            {
                foundHeaderLength = foundLine.valueLength();
                return foundLine.valueOffset();
            }
        }
        return -1;
    }

    /**
     * @return the length of the value the last {@link #findHeader(CharSequence)} found, 0 when none.
     */
    public int foundHeaderLength()
    {
        return foundHeaderLength;
    }

    /**
     * True when the path equals the ASCII bytes given, case-sensitively; the caller answers 404 otherwise.
     */
    public boolean pathEquals(final byte[] expected)
    {
        return pathOffset >= 0 && ByteRanges.equals(buffer, pathOffset, pathLength, expected);
    }

    /**
     * True when the path equals [offset, offset + length) of {@code expected}, case-sensitively.
     */
    public boolean pathEquals(final DirectBuffer expected, final int offset, final int length)
    {
        return pathOffset >= 0 && pathLength == length &&
            HttpSyntax.rangeEquals(buffer, pathOffset, expected, offset, length);
    }

    private int validate(final DirectBuffer buffer, final int start, final int headEnd)
    {
        final int requestLineEnd = HttpSyntax.lineEnd(buffer, start, headEnd);
        final int requestLineStatus = parseRequestLine(buffer, start, requestLineEnd);
        if (requestLineStatus != HandshakeStatus.OK)
        {
            return requestLineStatus;
        }
        final int emptyLine = headEnd - 2;
        int position = requestLineEnd + 2;
        while (position < emptyLine)
        {
            position = line.wrap(buffer, position, headEnd);
            if (position < 0 || !onHeader(buffer))
            {
                return HandshakeStatus.BAD_REQUEST;
            }
        }
        return checkRequiredHeaders(buffer);
    }

    private int parseRequestLine(final DirectBuffer buffer, final int start, final int end)
    {
        int i = start;
        while (i < end && HttpSyntax.isTokenChar(buffer.getByte(i)))
        {
            i++;
        }
        final int methodEnd = i;
        if (methodEnd == start || methodEnd == end || buffer.getByte(methodEnd) != SP)
        {
            return HandshakeStatus.BAD_REQUEST;
        }
        final int targetStart = methodEnd + 1;
        i = targetStart;
        while (i < end && buffer.getByte(i) != SP)
        {
            i++;
        }
        final int targetEnd = i;
        if (targetEnd == end ||
            !HttpSyntax.isSupportedVersion(buffer, targetEnd + 1, end - targetEnd - 1) ||
            !parseTarget(buffer, targetStart, targetEnd))
        {
            return HandshakeStatus.BAD_REQUEST;
        }
        return ByteRanges.equals(buffer, start, methodEnd - start, GET) ?
            HandshakeStatus.OK : HandshakeStatus.METHOD_NOT_ALLOWED;
    }

    private boolean parseTarget(final DirectBuffer buffer, final int start, final int end)
    {
        if (start == end || buffer.getByte(start) != '/')
        {
            return false;
        }
        int questionMark = -1;
        for (int i = start; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (b <= SP || b == 0x7F || b == '#')
            {
                return false;
            }
            if (b == '?' && questionMark < 0)
            {
                questionMark = i;
            }
        }
        pathOffset = start;
        pathLength = (questionMark < 0 ? end : questionMark) - start;
        if (questionMark >= 0)
        {
            queryOffset = questionMark + 1;
            queryLength = end - queryOffset;
        }
        return true;
    }

    private boolean onHeader(final DirectBuffer buffer)
    {
        final int valueOffset = line.valueOffset();
        final int valueLength = line.valueLength();
        if (line.nameEquals(buffer, UPGRADE_HEADER))
        {
            upgradeWebSocket |= HttpSyntax.listContains(buffer, valueOffset, valueLength, WEBSOCKET_TOKEN);
            return true;
        }
        if (line.nameEquals(buffer, CONNECTION_HEADER))
        {
            connectionUpgrade |= HttpSyntax.listContains(buffer, valueOffset, valueLength, UPGRADE_TOKEN);
            return true;
        }
        if (line.nameEquals(buffer, PROTOCOL_HEADER))
        {
            return addProtocols(buffer, valueOffset, valueOffset + valueLength);
        }
        for (int id = 0; id < SINGLE_HEADERS.length; id++)
        {
            if (line.nameEquals(buffer, SINGLE_HEADERS[id]))
            {
                if (singleOffsets[id] >= 0)
                {
                    return false;
                }
                singleOffsets[id] = valueOffset;
                singleLengths[id] = valueLength;
                return true;
            }
        }
        return true;
    }

    private boolean addProtocols(final DirectBuffer buffer, final int offset, final int end)
    {
        int from = offset;
        while (from <= end)
        {
            final int elementEnd = HttpSyntax.listElementEnd(buffer, from, end);
            final int start = HttpSyntax.skipOws(buffer, from, elementEnd);
            final int length = HttpSyntax.trimOwsEnd(buffer, start, elementEnd) - start;
            if (length > 0)
            {
                if (protocolCount == MAX_PROTOCOLS || !HttpSyntax.isToken(buffer, start, length))
                {
                    return false;
                }
                protocolOffsets[protocolCount] = start;
                protocolLengths[protocolCount] = length;
                protocolCount++;
            }
            from = elementEnd + 1;
        }
        return true;
    }

    private int checkRequiredHeaders(final DirectBuffer buffer)
    {
        if (singleLengths[HOST] == 0 || !upgradeWebSocket || !connectionUpgrade)
        {
            return HandshakeStatus.BAD_REQUEST;
        }
        if (!ByteRanges.equals(buffer, singleOffsets[VERSION], singleLengths[VERSION], VERSION_13))
        {
            return HandshakeStatus.UPGRADE_REQUIRED;
        }
        if (!Base64Ascii.isKey(buffer, singleOffsets[KEY], singleLengths[KEY]))
        {
            return HandshakeStatus.BAD_REQUEST;
        }
        return HandshakeStatus.OK;
    }
}
