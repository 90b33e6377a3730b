package io.holdfast.codec.frame;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reusable flyweight that decodes an RFC 6455 section 5.2 frame header from the start of a window of received bytes.
 * It reports NEED_MORE until the whole header (2 to 14 bytes) is in the window, so a caller can feed it a growing
 * window without tracking partial headers itself. It decodes faithfully and enforces nothing: judging the header is
 * {@link FrameRules}' job.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if payload len == 127  |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               | Masking-key, if MASK set to 1 |
 *  +-------------------------------+-------------------------------+
 *  | Masking-key (continued)       |          Payload Data         |
 *  +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 */
public final class FrameHeaderDecoder
{
    /** Returned by {@link #decode(DirectBuffer, int, int)} while the window does not yet hold the whole header. */
    public static final int NEED_MORE = 0;

    /** Shortest header: two bytes, 7-bit length, unmasked. */
    public static final int MIN_HEADER_LENGTH = 2;

    /** Longest header: two bytes, 64-bit length and a masking key. */
    public static final int MAX_HEADER_LENGTH = 14;

    static final int FIN_BIT = 0x80;
    static final int MASK_BIT = 0x80;
    static final int LENGTH_16_BIT_MARKER = 126;
    static final int LENGTH_64_BIT_MARKER = 127;
    static final int MASKING_KEY_LENGTH = 4;

    private boolean fin;
    private int rsv;
    private int opcode;
    private boolean masked;
    private long payloadLength;
    private int maskingKey;
    private int headerLength;

    /**
     * Decode the frame header at the start of a window of bytes. Nothing is consumed either way: on success the caller
     * advances by the returned header length, otherwise it waits for more bytes and calls again with a longer window.
     *
     * @param buffer holding the received bytes.
     * @param offset at which the frame header starts.
     * @param length of the window of received bytes available from offset.
     * @return the header length (2 to 14) once the whole header is present, or {@link #NEED_MORE}.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MIN_HEADER_LENGTH)
        {
            return NEED_MORE;
        }

        final int second = buffer.getByte(offset + 1) & 0xFF;
        final int lengthMarker = second & 0x7F;
        final boolean isMasked = (second & MASK_BIT) != 0;
        final int extendedLengthSize = lengthMarker == LENGTH_64_BIT_MARKER ? 8 :
            lengthMarker == LENGTH_16_BIT_MARKER ? 2 : 0;
        final int total = MIN_HEADER_LENGTH + extendedLengthSize + (isMasked ? MASKING_KEY_LENGTH : 0);
        if (length < total)
        {
            return NEED_MORE;
        }

        final int first = buffer.getByte(offset) & 0xFF;
        final int extendedLengthOffset = offset + MIN_HEADER_LENGTH;
        switch (extendedLengthSize)
        {
            case 8:
                payloadLength = buffer.getLong(extendedLengthOffset, ByteOrder.BIG_ENDIAN);
                break;

            case 2:
                payloadLength = buffer.getShort(extendedLengthOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                break;

            default:
                payloadLength = lengthMarker;
                break;
        }

        fin = (first & FIN_BIT) != 0;
        rsv = (first >>> 4) & 0x7;
        opcode = first & 0xF;
        masked = isMasked;
        maskingKey = isMasked ? buffer.getInt(extendedLengthOffset + extendedLengthSize, ByteOrder.BIG_ENDIAN) : 0;
        headerLength = total;

        return total;
    }

    /**
     * Whether this is the final frame of its message (always true for a valid control frame).
     *
     * @return the FIN bit of the last decoded header.
     */
    public boolean fin()
    {
        return fin;
    }

    /**
     * The three extension bits as one value, RSV1 = 4, RSV2 = 2, RSV3 = 1, so they can be tested against a mask of the
     * bits negotiated extensions define.
     *
     * @return 0 to 7.
     */
    public int rsv()
    {
        return rsv;
    }

    /**
     * The 4-bit opcode, see {@link Opcode}.
     *
     * @return 0 to 15.
     */
    public int opcode()
    {
        return opcode;
    }

    /**
     * Whether the payload is masked, as every client-to-server frame must be.
     *
     * @return the MASK bit of the last decoded header.
     */
    public boolean masked()
    {
        return masked;
    }

    /**
     * The payload length after the header. A 64-bit length with its top bit set decodes as a negative value, which
     * {@link FrameRules} rejects.
     *
     * @return the payload length in bytes.
     */
    public long payloadLength()
    {
        return payloadLength;
    }

    /**
     * The masking key as the big-endian int of its four bytes in wire order, ready for {@link Masking#mask}.
     *
     * @return the masking key, or 0 if the frame is unmasked.
     */
    public int maskingKey()
    {
        return maskingKey;
    }

    /**
     * Length of the last decoded header, where the payload starts relative to the header's offset.
     *
     * @return 2 to 14.
     */
    public int headerLength()
    {
        return headerLength;
    }
}
