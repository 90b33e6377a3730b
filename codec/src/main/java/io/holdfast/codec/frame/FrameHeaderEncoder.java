package io.holdfast.codec.frame;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static io.holdfast.codec.frame.FrameHeaderDecoder.FIN_BIT;
import static io.holdfast.codec.frame.FrameHeaderDecoder.LENGTH_16_BIT_MARKER;
import static io.holdfast.codec.frame.FrameHeaderDecoder.LENGTH_64_BIT_MARKER;
import static io.holdfast.codec.frame.FrameHeaderDecoder.MASKING_KEY_LENGTH;
import static io.holdfast.codec.frame.FrameHeaderDecoder.MASK_BIT;
import static io.holdfast.codec.frame.FrameHeaderDecoder.MIN_HEADER_LENGTH;

/**
 * Writes RFC 6455 frame headers with the minimal payload length encoding the RFC requires. Servers write unmasked
 * headers; the load generator, acting as a client, writes masked ones and masks the payload with {@link Masking}.
 */
public final class FrameHeaderEncoder
{
    /** Largest payload length that fits in the 7-bit length field. */
    public static final int MAX_7_BIT_LENGTH = 125;

    /** Largest payload length that fits in the 16-bit extended length field. */
    public static final int MAX_16_BIT_LENGTH = 0xFFFF;

    private FrameHeaderEncoder()
    {
    }

    /**
     * The size of the header {@link #encode} writes, so a caller can place the header before a payload it has already
     * written or reserve room for it.
     *
     * @param payloadLength of the frame, 0 to 2^63 - 1.
     * @param masked        whether the header carries a masking key.
     * @return 2 to 14.
     */
    public static int headerLength(final long payloadLength, final boolean masked)
    {
        return MIN_HEADER_LENGTH + extendedLengthSize(payloadLength) + (masked ? MASKING_KEY_LENGTH : 0);
    }

    /**
     * Write a frame header at an offset. The payload itself is not touched: a masked frame's payload still has to be
     * masked with the same key by the caller.
     *
     * @param buffer        to write into, with room for {@link #headerLength(long, boolean)} bytes at offset.
     * @param offset        at which the header starts.
     * @param fin           whether this is the final frame of its message.
     * @param rsv           the three extension bits, RSV1 = 4, RSV2 = 2, RSV3 = 1.
     * @param opcode        the 4-bit opcode, see {@link Opcode}.
     * @param payloadLength of the frame, 0 to 2^63 - 1.
     * @param masked        whether to set the MASK bit and write the masking key.
     * @param maskingKey    the key as the big-endian int of its four wire bytes; ignored when not masked.
     * @return the number of header bytes written.
     */
    public static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final boolean fin,
        final int rsv,
        final int opcode,
        final long payloadLength,
        final boolean masked,
        final int maskingKey)
    {
        final int first = (fin ? FIN_BIT : 0) | ((rsv & 0x7) << 4) | (opcode & 0xF);
        final int maskBit = masked ? MASK_BIT : 0;
        final int extendedLengthSize = extendedLengthSize(payloadLength);
        final int extendedLengthOffset = offset + MIN_HEADER_LENGTH;

        buffer.putByte(offset, (byte)first);
        switch (extendedLengthSize)
        {
            case 8:
                buffer.putByte(offset + 1, (byte)(maskBit | LENGTH_64_BIT_MARKER));
                buffer.putLong(extendedLengthOffset, payloadLength, ByteOrder.BIG_ENDIAN);
                break;

            case 2:
                buffer.putByte(offset + 1, (byte)(maskBit | LENGTH_16_BIT_MARKER));
                buffer.putShort(extendedLengthOffset, (short)payloadLength, ByteOrder.BIG_ENDIAN);
                break;

            default:
                buffer.putByte(offset + 1, (byte)(maskBit | (int)payloadLength));
                break;
        }

        int length = MIN_HEADER_LENGTH + extendedLengthSize;
        if (masked)
        {
            buffer.putInt(offset + length, maskingKey, ByteOrder.BIG_ENDIAN);
            length += MASKING_KEY_LENGTH;
        }

        return length;
    }

    private static int extendedLengthSize(final long payloadLength)
    {
        if (payloadLength <= MAX_7_BIT_LENGTH)
        {
            return 0;
        }

        return payloadLength <= MAX_16_BIT_LENGTH ? 2 : 8;
    }
}
