package io.holdfast.codec.frame;

/**
 * Each distinct protocol violation a WebSocket endpoint can detect in the frames it receives, with the close code
 * RFC 6455 section 7.4.1 prescribes and a short ASCII reason for the close frame. Returned as a value (never thrown)
 * so that rejecting bad input allocates nothing; {@link #NONE} means the input was acceptable.
 */
public enum FrameError
{
    /** No violation: the frame or payload is acceptable. */
    NONE(0, ""),

    /** A continuation frame arrived while no fragmented message was open. */
    CONTINUATION_WITHOUT_MESSAGE(1002, "continuation frame without a message"),

    /** A text or binary frame arrived while a fragmented message was still open. */
    DATA_FRAME_INSIDE_MESSAGE(1002, "data frame inside a fragmented message"),

    /** A control frame carried more than 125 payload bytes. */
    CONTROL_FRAME_TOO_LONG(1002, "control frame payload above 125 bytes"),

    /** A control frame had its FIN bit clear. */
    CONTROL_FRAME_FRAGMENTED(1002, "fragmented control frame"),

    /** The opcode is one of those RFC 6455 reserves (0x3-0x7, 0xB-0xF). */
    RESERVED_OPCODE(1002, "reserved opcode"),

    /** An RSV bit was set that no negotiated extension defines. */
    RESERVED_BITS_SET(1002, "reserved bits set"),

    /** A client sent a frame without masking it. */
    UNMASKED_CLIENT_FRAME(1002, "unmasked client frame"),

    /** A server sent a masked frame. */
    MASKED_SERVER_FRAME(1002, "masked server frame"),

    /** A 64-bit payload length had its most significant bit set. */
    PAYLOAD_LENGTH_TOO_LARGE(1002, "payload length has its most significant bit set"),

    /** A frame's payload is larger than the configured maximum frame payload. */
    FRAME_TOO_LONG(1009, "frame too long"),

    /** A reassembled message would be larger than the configured maximum message payload. */
    MESSAGE_TOO_LONG(1009, "message too long"),

    /** A text message or close reason is not valid UTF-8. */
    INVALID_UTF8(1007, "invalid UTF-8"),

    /** A close frame carried a payload of exactly one byte, too short for a status code. */
    INVALID_CLOSE_PAYLOAD(1002, "invalid close payload"),

    /** A close frame carried a status code that must not appear on the wire. */
    INVALID_CLOSE_CODE(1002, "invalid close code");

    private final int closeCode;
    private final String reason;

    FrameError(final int closeCode, final String reason)
    {
        this.closeCode = closeCode;
        this.reason = reason;
    }

    /**
     * The status code to send in the close frame that answers this violation.
     *
     * @return the RFC 6455 close code, or 0 for {@link #NONE}.
     */
    public int closeCode()
    {
        return closeCode;
    }

    /**
     * A short ASCII reason to send in the close frame, well under the 123 bytes a close frame leaves for it.
     *
     * @return the constant reason text, empty for {@link #NONE}.
     */
    public String reason()
    {
        return reason;
    }
}
