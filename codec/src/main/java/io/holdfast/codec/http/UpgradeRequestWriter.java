package io.holdfast.codec.http;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.holdfast.codec.ByteRanges.ascii;

/**
 * Writes a client's opening handshake request (RFC 6455 section 4.1) for a load generator or test client, with
 * the Sec-WebSocket-Key made from 128 random bits the caller supplies, so the codec itself needs no randomness.
 * <p>
 * An optional Sec-WebSocket-Protocol offer and extra raw header lines are configured once and written with every
 * request. Writes do not check capacity: size the output with {@link #requestLength(int, int)}. Not thread-safe.
 */
public final class UpgradeRequestWriter
{
    /**
     * Characters in the Sec-WebSocket-Key this writer produces.
     */
    public static final int KEY_LENGTH = Base64Ascii.KEY_LENGTH;

    private static final byte[] GET = ascii("GET ");
    private static final byte[] HOST = ascii(" HTTP/1.1\r\nHost: ");
    private static final byte[] FIXED_HEADERS = ascii(
        "\r\nUpgrade: websocket\r\n" +
        "Connection: Upgrade\r\n" +
        "Sec-WebSocket-Key: ");
    private static final byte[] VERSION = ascii("\r\nSec-WebSocket-Version: 13\r\n");
    private static final byte[] PROTOCOL = ascii("Sec-WebSocket-Protocol: ");
    private static final byte[] CRLF = ascii("\r\n");

    private final byte[] keyBits = new byte[Base64Ascii.KEY_BYTES];
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[KEY_LENGTH]);
    private final UnsafeBuffer hostView = new UnsafeBuffer();
    private final UnsafeBuffer pathView = new UnsafeBuffer();
    private byte[] protocols;
    private byte[] extraHeaders;

    /**
     * Sets the Sec-WebSocket-Protocol value to offer, for example {@code "chat, superchat"} in ASCII, or null for
     * none.
     *
     * @return this for chained configuration.
     */
    public UpgradeRequestWriter protocols(final byte[] protocols)
    {
        this.protocols = protocols != null && protocols.length > 0 ? protocols : null;
        return this;
    }

    /**
     * Sets raw header lines written after the standard ones, each ending in CRLF (for example
     * {@code "Origin: http://example.com\r\nAuthorization: Bearer x\r\n"}), or null for none.
     *
     * @return this for chained configuration.
     */
    public UpgradeRequestWriter extraHeaders(final byte[] extraHeaders)
    {
        this.extraHeaders = extraHeaders != null && extraHeaders.length > 0 ? extraHeaders : null;
        return this;
    }

    /**
     * Bytes {@link #write} will write for a host and path of these lengths with the current configuration.
     */
    public int requestLength(final int hostLength, final int pathLength)
    {
        final int protocolLength = protocols == null ? 0 : PROTOCOL.length + protocols.length + CRLF.length;
        final int extraLength = extraHeaders == null ? 0 : extraHeaders.length;
        return GET.length + pathLength + HOST.length + hostLength + FIXED_HEADERS.length + KEY_LENGTH +
            VERSION.length + protocolLength + extraLength + CRLF.length;
    }

    /**
     * Writes the request for ASCII host (with ":port" when not the default) and path (with any query).
     *
     * @return the number of bytes written.
     */
    public int write(
        final MutableDirectBuffer out, final int offset, final byte[] host, final byte[] path,
        final long keyBitsHigh, final long keyBitsLow)
    {
        hostView.wrap(host);
        pathView.wrap(path);
        return write(out, offset, hostView, 0, host.length, pathView, 0, path.length, keyBitsHigh, keyBitsLow);
    }

    /**
     * Writes the request for the host and path ranges given, keying it with 128 random bits from the caller; the
     * key stays readable through {@link #key()} until the next write.
     *
     * @return the number of bytes written.
     */
    public int write(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer host, final int hostOffset, final int hostLength,
        final DirectBuffer path, final int pathOffset, final int pathLength,
        final long keyBitsHigh, final long keyBitsLow)
    {
        Base64Ascii.encodeKey(keyBitsHigh, keyBitsLow, keyBits, key, 0);
        int position = put(out, offset, GET);
        out.putBytes(position, path, pathOffset, pathLength);
        position = put(out, position + pathLength, HOST);
        out.putBytes(position, host, hostOffset, hostLength);
        position = put(out, position + hostLength, FIXED_HEADERS);
        out.putBytes(position, key, 0, KEY_LENGTH);
        position = put(out, position + KEY_LENGTH, VERSION);
        if (protocols != null)
        {
            position = put(out, put(out, position, PROTOCOL), protocols);
            position = put(out, position, CRLF);
        }
        if (extraHeaders != null)
        {
            position = put(out, position, extraHeaders);
        }
        return put(out, position, CRLF) - offset;
    }

    /**
     * The Sec-WebSocket-Key of the last request written, {@link #KEY_LENGTH} bytes from index 0.
     */
    public DirectBuffer key()
    {
        return key;
    }

    private static int put(final MutableDirectBuffer out, final int position, final byte[] bytes)
    {
        out.putBytes(position, bytes);
        return position + bytes.length;
    }
}
