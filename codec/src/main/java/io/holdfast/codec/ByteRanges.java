package io.holdfast.codec;

import org.agrona.DirectBuffer;

/**
 * Comparisons of a range of a buffer with constant bytes, for the parsers that match names and tokens without
 * making Strings.
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
}
