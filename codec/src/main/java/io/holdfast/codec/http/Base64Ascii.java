package io.holdfast.codec.http;

import io.holdfast.codec.ByteRanges;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The RFC 4648 base64 alphabet with padding, written straight into Agrona buffers, for the 24-character
 * Sec-WebSocket-Key and the 28-character Sec-WebSocket-Accept.
 */
final class Base64Ascii
{
    /**
     * Characters in the base64 form of a 16-byte Sec-WebSocket-Key.
     */
    static final int KEY_LENGTH = 24;

    /**
     * Bytes of nonce a Sec-WebSocket-Key carries.
     */
    static final int KEY_BYTES = 16;

    private static final byte PAD = '=';
    private static final byte[] ALPHABET =
        ByteRanges.ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    private static final boolean[] IS_ALPHABET = new boolean[256];

    static
    {
        for (final byte b : ALPHABET)
        {
            IS_ALPHABET[b] = true;
        }
    }

    private Base64Ascii()
    {
    }

    /**
     * Number of characters base64 produces for {@code length} bytes, padding included.
     */
    static int encodedLength(final int length)
    {
        return ((length + 2) / 3) * 4;
    }

    /**
     * Encodes {@code length} bytes of {@code src} into {@code out} with padding.
     *
     * @return the number of bytes written.
     */
    static int encode(
        final byte[] src, final int srcOffset, final int length, final MutableDirectBuffer out, final int outOffset)
    {
        int o = outOffset;
        int i = srcOffset;
        final int fullEnd = srcOffset + (length / 3) * 3;
        while (i < fullEnd)
        {
            final int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            o = putQuad(out, o, bits, 4);
            i += 3;
        }
        final int rest = srcOffset + length - fullEnd;
        if (rest == 1)
        {
            o = putQuad(out, o, (src[i] & 0xFF) << 16, 2);
        }
        else if (rest == 2)
        {
            o = putQuad(out, o, (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8, 3);
        }
        return o - outOffset;
    }

    /**
     * Writes 128 caller-supplied random bits, high word first and big-endian, as a 24-character key.
     *
     * @param scratch at least 16 bytes, reused by the caller to keep this free of allocation.
     */
    static void encodeKey(
        final long high, final long low, final byte[] scratch, final MutableDirectBuffer out, final int outOffset)
    {
        for (int i = 0; i < Long.BYTES; i++)
        {
            final int shift = (Long.BYTES - 1 - i) * Byte.SIZE;
            scratch[i] = (byte)(high >>> shift);
            scratch[Long.BYTES + i] = (byte)(low >>> shift);
        }
        encode(scratch, 0, KEY_BYTES, out, outOffset);
    }

    /**
     * True when the range is the padded base64 form of exactly 16 bytes: 22 alphabet characters then "==".
     * Non-zero pad bits in the last character are tolerated, as RFC 4648 section 3.5 permits.
     */
    static boolean isKey(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != KEY_LENGTH ||
            buffer.getByte(offset + KEY_LENGTH - 1) != PAD || buffer.getByte(offset + KEY_LENGTH - 2) != PAD)
        {
            return false;
        }
        for (int i = 0; i < KEY_LENGTH - 2; i++)
        {
            if (!IS_ALPHABET[buffer.getByte(offset + i) & 0xFF])
            {
                return false;
            }
        }
        return true;
    }

    private static int putQuad(final MutableDirectBuffer out, final int offset, final int bits, final int chars)
    {
        for (int c = 0; c < 4; c++)
        {
            final byte value = c < chars ? ALPHABET[(bits >>> (18 - 6 * c)) & 0x3F] : PAD;
            out.putByte(offset + c, value);
        }
        return offset + 4;
    }
}
