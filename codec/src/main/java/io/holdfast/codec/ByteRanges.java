package io.holdfast.codec;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Comparisons of a range of a buffer with constant bytes, for the parsers that match names and tokens without
 * making Strings, and the one way those constants are made.
 */
public final class ByteRanges
{
    private ByteRanges()
    {
    }

    /**
     * Case-sensitive equality of a buffer range with constant bytes.
     *
     * @param buffer   holding the range.
     * @param offset   of the range's first byte.
     * @param length   of the range.
     * @param expected the bytes it must equal.
     * @return true when the range holds exactly the expected bytes.
     */
    public static boolean equals(final DirectBuffer buffer, final int offset, final int length, final byte[] expected)
    {
        if (length != expected.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param text ASCII text, such as a header name or a JSON key.
     * @return its bytes, for comparing with {@link #equals(DirectBuffer, int, int, byte[])} and for writing.
     */
    public static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
