package io.holdfast.codec.frame;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Applies the RFC 6455 section 5.3 masking transform in place: byte i of a payload is XORed with byte (i mod 4) of the
 * masking key, so masking and unmasking are the same operation. The payload may be processed in pieces as it arrives
 * across reads by passing the key index at which each piece starts; the bulk of each piece is XORed 8 bytes at a time.
 */
public final class Masking
{
    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
    private static final int WORD_SIZE = 8;

    private Masking()
    {
    }

    /**
     * XOR a range of payload bytes with the masking key, in place.
     *
     * @param buffer     holding the payload.
     * @param offset     of the first byte to transform.
     * @param length     number of bytes to transform.
     * @param maskingKey the key as the big-endian int of its four wire bytes, see
     *                   {@link FrameHeaderDecoder#maskingKey()}.
     * @param keyIndex   position in the key (0 to 3) of the first byte: the payload bytes already done, modulo 4.
     */
    public static void mask(
        final MutableDirectBuffer buffer, final int offset, final int length, final int maskingKey, final int keyIndex)
    {
        int key = Integer.rotateLeft(maskingKey, (keyIndex & 3) << 3);
        int index = offset;
        final int end = offset + length;

        // Unaligned words are correct for Agrona buffers but slower where they straddle a cache line, so the bytes
        // before the first 8-byte boundary are done one at a time.
        final int head = Math.min((int)(-(buffer.addressOffset() + offset)) & (WORD_SIZE - 1), length);
        maskBytes(buffer, index, head, key);
        index += head;
        key = Integer.rotateLeft(key, head << 3);

        final long bigEndianWord = ((long)key << 32) | (key & 0xFFFF_FFFFL);
        final long word = NATIVE_BIG_ENDIAN ? bigEndianWord : Long.reverseBytes(bigEndianWord);
        while (end - index >= WORD_SIZE)
        {
            buffer.putLong(index, buffer.getLong(index) ^ word);
            index += WORD_SIZE;
        }

        maskBytes(buffer, index, end - index, key);
    }

    /**
     * The key index at which the byte after a masked range continues, for masking a payload in pieces.
     *
     * @param keyIndex at which the range started.
     * @param length   of the range.
     * @return the key index, 0 to 3, for the next piece.
     */
    public static int nextKeyIndex(final int keyIndex, final int length)
    {
        return (keyIndex + length) & 3;
    }

    private static void maskBytes(final MutableDirectBuffer buffer, final int offset, final int count, final int key)
    {
        for (int i = 0; i < count; i++)
        {
            final int index = offset + i;
            final int keyByte = key >>> (24 - ((i & 3) << 3));
            buffer.putByte(index, (byte)(buffer.getByte(index) ^ keyByte));
        }
    }
}
