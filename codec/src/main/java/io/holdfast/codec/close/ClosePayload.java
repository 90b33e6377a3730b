package io.holdfast.codec.close;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.holdfast.codec.frame.FrameError;
import io.holdfast.codec.utf8.Utf8Validator;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Reads and writes the payload of a close frame (RFC 6455 section 5.5.1): empty, or a 2-byte big-endian status code
 * followed by a UTF-8 reason of up to 123 bytes.
 * <pre>
 *   0                   1                   2
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 ...
 *  +-------------------------------+-------------------
 *  |     status code (big-endian)  | reason (UTF-8) ...
 *  +-------------------------------+-------------------
 * </pre>
 * An instance is a reusable flyweight for reading: {@link #parse(DirectBuffer, int, int)} checks an unmasked payload
 * and exposes its code and where its reason lies in the buffer. The static {@code writePayload} methods encode one.
 * Not thread safe; allocates nothing after construction.
 */
public final class ClosePayload
{
    /** Bytes taken by the status code at the start of a non-empty payload. */
    public static final int CODE_LENGTH = 2;

    /** Largest payload of a control frame, hence of a close frame. */
    public static final int MAX_PAYLOAD_LENGTH = 125;

    /** Largest reason that fits in a close frame after the status code. */
    public static final int MAX_REASON_LENGTH = MAX_PAYLOAD_LENGTH - CODE_LENGTH;

    private static final byte[][] FRAME_ERROR_REASONS = frameErrorReasons();

    private final Utf8Validator utf8Validator = new Utf8Validator();
    private int code = CloseCodes.NO_STATUS_RECEIVED;
    private int reasonOffset;
    private int reasonLength;

    /**
     * Check a close frame payload that has already been unmasked, and remember its code and reason position.
     * An empty payload is valid and reads as {@link CloseCodes#NO_STATUS_RECEIVED} with an empty reason.
     *
     * @param buffer holding the payload.
     * @param offset of the payload's first byte in the buffer.
     * @param length of the payload in bytes.
     * @return {@link FrameError#NONE} if the payload is valid, {@link FrameError#INVALID_CLOSE_PAYLOAD} if it is too
     * short to hold a code, {@link FrameError#INVALID_CLOSE_CODE} if the code may not appear on the wire, or
     * {@link FrameError#INVALID_UTF8} if the reason is not valid UTF-8.
     */
    public FrameError parse(final DirectBuffer buffer, final int offset, final int length)
    {
        code = CloseCodes.NO_STATUS_RECEIVED;
        reasonOffset = offset;
        reasonLength = 0;

        if (0 == length)
        {
            return FrameError.NONE;
        }

        if (length < CODE_LENGTH)
        {
            return FrameError.INVALID_CLOSE_PAYLOAD;
        }

        code = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        reasonOffset = offset + CODE_LENGTH;
        reasonLength = length - CODE_LENGTH;

        if (!CloseCodes.isValidOnWire(code))
        {
            return FrameError.INVALID_CLOSE_CODE;
        }

        if (!utf8Validator.validateWhole(buffer, reasonOffset, reasonLength))
        {
            return FrameError.INVALID_UTF8;
        }

        return FrameError.NONE;
    }

    /**
     * The status code of the last parsed payload, {@link CloseCodes#NO_STATUS_RECEIVED} if it was empty. After a
     * parse that returned {@link FrameError#INVALID_CLOSE_CODE} this is the offending code, for diagnostics.
     *
     * @return the status code, 0 to 65535.
     */
    public int code()
    {
        return code;
    }

    /**
     * Where the reason of the last parsed payload starts in the buffer it was parsed from.
     *
     * @return the offset of the reason's first byte.
     */
    public int reasonOffset()
    {
        return reasonOffset;
    }

    /**
     * Length of the reason of the last parsed payload, 0 when there was none.
     *
     * @return the reason length in bytes.
     */
    public int reasonLength()
    {
        return reasonLength;
    }

    /**
     * Write a close payload holding only a status code.
     *
     * @param buffer to write into.
     * @param offset at which the payload starts.
     * @param code status code; callers send only codes for which {@link CloseCodes#isValidOnWire(int)} holds.
     * @return the payload length, {@link #CODE_LENGTH}.
     */
    public static int writePayload(final MutableDirectBuffer buffer, final int offset, final int code)
    {
        buffer.putShort(offset, (short)code, ByteOrder.BIG_ENDIAN);
        return CODE_LENGTH;
    }

    /**
     * Write a close payload: status code and a UTF-8 reason, cut to at most {@link #MAX_REASON_LENGTH} bytes at a
     * character boundary so that the truncated reason stays valid UTF-8.
     *
     * @param buffer       to write into.
     * @param offset       at which the payload starts.
     * @param code         status code; callers send only codes for which {@link CloseCodes#isValidOnWire(int)} holds.
     * @param reason       buffer holding a valid UTF-8 reason.
     * @param reasonOffset of the reason's first byte in its buffer.
     * @param reasonLength of the reason in bytes.
     * @return the payload length written, at most {@link #MAX_PAYLOAD_LENGTH}.
     */
    public static int writePayload(
        final MutableDirectBuffer buffer,
        final int offset,
        final int code,
        final DirectBuffer reason,
        final int reasonOffset,
        final int reasonLength)
    {
        final int length = truncatedReasonLength(reason, reasonOffset, reasonLength);
        buffer.putBytes(offset + CODE_LENGTH, reason, reasonOffset, length);
        return writePayload(buffer, offset, code) + length;
    }

    /**
     * Write a close payload with a constant ASCII reason, such as one made once by {@link #asciiReason(String)}.
     * A reason longer than {@link #MAX_REASON_LENGTH} bytes is cut there.
     *
     * @param buffer      to write into.
     * @param offset      at which the payload starts.
     * @param code        status code; callers send only codes for which {@link CloseCodes#isValidOnWire(int)} holds.
     * @param asciiReason reason bytes, all ASCII.
     * @return the payload length written, at most {@link #MAX_PAYLOAD_LENGTH}.
     */
    public static int writePayload(
        final MutableDirectBuffer buffer, final int offset, final int code, final byte[] asciiReason)
    {
        final int length = Math.min(asciiReason.length, MAX_REASON_LENGTH);
        buffer.putBytes(offset + CODE_LENGTH, asciiReason, 0, length);
        return writePayload(buffer, offset, code) + length;
    }

    /**
     * Write the close payload that answers a protocol violation: its close code and its reason.
     *
     * @param buffer to write into.
     * @param offset at which the payload starts.
     * @param error  the violation detected; {@link FrameError#NONE} writes {@link CloseCodes#NORMAL} with no reason.
     * @return the payload length written, at most {@link #MAX_PAYLOAD_LENGTH}.
     */
    public static int writePayload(final MutableDirectBuffer buffer, final int offset, final FrameError error)
    {
        if (FrameError.NONE == error)
        {
            return writePayload(buffer, offset, CloseCodes.NORMAL);
        }

        return writePayload(buffer, offset, error.closeCode(), FRAME_ERROR_REASONS[error.ordinal()]);
    }

    /**
     * Turn a constant reason into the bytes {@link #writePayload(MutableDirectBuffer, int, int, byte[])} takes.
     * Allocates: call it once, e.g. to initialise a static final field, never per close.
     *
     * @param reason ASCII text of at most {@link #MAX_REASON_LENGTH} characters.
     * @return the reason's bytes.
     * @throws IllegalArgumentException if the reason is not ASCII or is too long for a close frame.
     */
    public static byte[] asciiReason(final String reason)
    {
        if (reason.length() > MAX_REASON_LENGTH)
        {
            throw new IllegalArgumentException("close reason longer than 123 bytes: " + reason);
        }

        for (int i = 0; i < reason.length(); i++)
        {
            if (reason.charAt(i) > 0x7F)
            {
                throw new IllegalArgumentException("close reason is not ASCII: " + reason);
            }
        }

        return reason.getBytes(StandardCharsets.US_ASCII);
    }

    private static int truncatedReasonLength(final DirectBuffer reason, final int reasonOffset, final int reasonLength)
    {
        if (reasonLength <= MAX_REASON_LENGTH)
        {
            return reasonLength;
        }

        // Cut before the character that holds byte MAX_REASON_LENGTH: back up over continuation bytes (10xxxxxx).
        int length = MAX_REASON_LENGTH;
        while (length > 0 && (reason.getByte(reasonOffset + length) & 0xC0) == 0x80)
        {
            length--;
        }

        return length;
    }

    private static byte[][] frameErrorReasons()
    {
        final FrameError[] errors = FrameError.values();
        final byte[][] reasons = new byte[errors.length][];
        for (final FrameError error : errors)
        {
            reasons[error.ordinal()] = asciiReason(error.reason());
        }

        return reasons;
    }
}
