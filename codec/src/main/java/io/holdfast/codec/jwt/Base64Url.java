package io.holdfast.codec.jwt;

import java.util.Arrays;

/**
 * Decodes the unpadded base64url alphabet of RFC 4648 section 5, as JSON Web Tokens use it. Strict: padding, any
 * byte outside the alphabet, a length no encoding produces and non-zero unused bits in the last character are all
 * refused, so each decoded value has exactly one encoding and a token cannot be altered without breaking it.
 */
final class Base64Url
{
    /** What {@link #decode} returns for input that is not canonical base64url. */
    static final int INVALID = -1;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final byte[] VALUES = new byte[256];
    private static final int BITS_PER_CHAR = 6;
    private static final int BYTE_MASK = 0xFF;

    static
    {
        Arrays.fill(VALUES, (byte)INVALID);
        for (int i = 0; i < ALPHABET.length(); i++)
        {
            VALUES[ALPHABET.charAt(i)] = (byte)i;
        }
    }

    private Base64Url()
    {
    }

    /**
     * @return the bytes {@code length} characters decode to, at most; the size a destination needs.
     */
    static int maxDecodedLength(final int length)
    {
        return length * BITS_PER_CHAR / Byte.SIZE;
    }

    /**
     * Decode {@code src[offset, offset + length)} into {@code dst} from index 0.
     *
     * @param dst at least {@link #maxDecodedLength(int)} bytes.
     * @return the decoded length, or {@link #INVALID}.
     */
    static int decode(final byte[] src, final int offset, final int length, final byte[] dst)
    {
        if (length % 4 == 1)
        {
            return INVALID;
        }
        int bits = 0;
        int bitCount = 0;
        int written = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            final int value = VALUES[src[i] & BYTE_MASK];
            if (value == INVALID)
            {
                return INVALID;
            }
            bits = (bits << BITS_PER_CHAR) | value;
            bitCount += BITS_PER_CHAR;
            if (bitCount >= Byte.SIZE)
            {
                bitCount -= Byte.SIZE;
                dst[written++] = (byte)(bits >>> bitCount);
                bits &= (1 << bitCount) - 1;
            }
        }
        return bits == 0 ? written : INVALID;
    }
}
