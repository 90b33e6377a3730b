package io.holdfast.codec;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Byte-array and buffer builders shared by the codec tests, so that wire bytes in a test read as the hex of the spec.
 */
public final class TestBytes
{
    private TestBytes()
    {
    }

    /**
     * The low 8 bits of each value as a byte, so {@code bytes(0x81, 0x85)} needs no casts.
     *
     * @param values one per byte.
     * @return a new array.
     */
    public static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }

        return bytes;
    }

    /**
     * The parts one after another.
     *
     * @param parts to join, in order.
     * @return a new array.
     */
    public static byte[] concat(final byte[]... parts)
    {
        int length = 0;
        for (final byte[] part : parts)
        {
            length += part.length;
        }

        final byte[] result = new byte[length];
        int position = 0;
        for (final byte[] part : parts)
        {
            System.arraycopy(part, 0, result, position, part.length);
            position += part.length;
        }

        return result;
    }

    /**
     * A zero-filled heap buffer holding the bytes at the given offset: tests use a non-zero, odd offset so that no
     * result is right by relying on offset 0 or on alignment.
     *
     * @param offset   at which the bytes start.
     * @param bytes    to place.
     * @param capacity of the buffer.
     * @return a new buffer over a new array.
     */
    public static UnsafeBuffer bufferAt(final int offset, final byte[] bytes, final int capacity)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[capacity]);
        buffer.putBytes(offset, bytes);
        return buffer;
    }
}
