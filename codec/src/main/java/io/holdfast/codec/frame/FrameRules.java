package io.holdfast.codec.frame;

/**
 * The RFC 6455 rules for one direction of one connection: judges each decoded frame header as soon as it is complete,
 * before its payload is read, and tracks the fragmented message the frame belongs to. A header it accepts is counted
 * as received; a header it rejects leaves the state untouched and names the violation, whose close code the
 * connection should close with. Reusable for the next connection after {@link #reset()}.
 */
public final class FrameRules
{
    /** Largest payload a control frame may carry (RFC 6455 section 5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private final boolean serverSide;
    private final long maxFramePayload;
    private final long maxMessagePayload;
    private int allowedRsvBits;
    private boolean messageOpen;
    private int messageOpcode;
    private long messagePayloadSoFar;

    /**
     * Rules for the frames one endpoint receives.
     *
     * @param serverSide        true when judging frames a server receives from a client (which must be masked), false
     *                          when judging frames a client receives from a server (which must not be).
     * @param maxFramePayload   largest payload accepted in one frame.
     * @param maxMessagePayload largest payload accepted for a whole, reassembled data message.
     */
    public FrameRules(final boolean serverSide, final long maxFramePayload, final long maxMessagePayload)
    {
        if (maxFramePayload < 0 || maxMessagePayload < 0)
        {
            throw new IllegalArgumentException("payload limits must not be negative");
        }

        this.serverSide = serverSide;
        this.maxFramePayload = maxFramePayload;
        this.maxMessagePayload = maxMessagePayload;
    }

    /**
     * Permit the RSV bits a negotiated extension defines (RSV1 = 4, RSV2 = 2, RSV3 = 1); with none allowed, the
     * default, any set RSV bit is a violation.
     *
     * @param rsvMask the bits frames may carry, 0 to 7.
     */
    public void allowRsvBits(final int rsvMask)
    {
        allowedRsvBits = rsvMask & 0x7;
    }

    /**
     * Judge the header of the next frame and, if it is acceptable, count it into the current message. Checks run in
     * a fixed order and the first violation is returned: RSV bits, opcode, masking, length encoding, control frame
     * rules, message sequencing, frame size, message size.
     *
     * @param header the frame header just decoded.
     * @return {@link FrameError#NONE} if the frame is accepted, otherwise the first violation found.
     */
    public FrameError onHeader(final FrameHeaderDecoder header)
    {
        final int opcode = header.opcode();
        final long payloadLength = header.payloadLength();
        final boolean fin = header.fin();

        if ((header.rsv() & ~allowedRsvBits) != 0)
        {
            return FrameError.RESERVED_BITS_SET;
        }
        if (Opcode.isReserved(opcode))
        {
            return FrameError.RESERVED_OPCODE;
        }
        if (header.masked() != serverSide)
        {
            return serverSide ? FrameError.UNMASKED_CLIENT_FRAME : FrameError.MASKED_SERVER_FRAME;
        }
        if (payloadLength < 0)
        {
            return FrameError.PAYLOAD_LENGTH_TOO_LARGE;
        }

        if (Opcode.isControl(opcode))
        {
            return onControlFrame(fin, payloadLength);
        }

        return onDataFrame(opcode, fin, payloadLength);
    }

    /**
     * Whether a fragmented data message has started and its final frame has not yet been accepted.
     *
     * @return true between a non-final data frame and the final continuation frame.
     */
    public boolean messageOpen()
    {
        return messageOpen;
    }

    /**
     * The opcode of the current data message, or of the last one if none is open, so the payload of continuation
     * frames can be handled as text or binary.
     *
     * @return {@link Opcode#TEXT} or {@link Opcode#BINARY}, or {@link Opcode#CONTINUATION} before any data frame.
     */
    public int messageOpcode()
    {
        return messageOpcode;
    }

    /**
     * Payload bytes of the current (or last) data message accepted so far, including the last accepted frame.
     *
     * @return the accumulated payload length.
     */
    public long messagePayloadSoFar()
    {
        return messagePayloadSoFar;
    }

    /**
     * Forget the message state and any allowed RSV bits, ready for a new connection.
     */
    public void reset()
    {
        allowedRsvBits = 0;
        messageOpen = false;
        messageOpcode = Opcode.CONTINUATION;
        messagePayloadSoFar = 0;
    }

    /**
     * Continue a connection's message state, so one instance can judge the frames of many connections: store
     * {@link #messageOpcode()} (0 when no message is open) and {@link #messagePayloadSoFar()} per connection after
     * each accepted data frame, and resume with them before judging that connection's next header.
     *
     * @param openMessageOpcode   opcode of the open message, or {@link Opcode#CONTINUATION} (0) when none is open.
     * @param messagePayloadSoFar payload bytes of the open message accepted so far.
     */
    public void resume(final int openMessageOpcode, final long messagePayloadSoFar)
    {
        messageOpen = openMessageOpcode != Opcode.CONTINUATION;
        messageOpcode = openMessageOpcode;
        this.messagePayloadSoFar = messagePayloadSoFar;
    }

    private FrameError onControlFrame(final boolean fin, final long payloadLength)
    {
        if (payloadLength > MAX_CONTROL_PAYLOAD)
        {
            return FrameError.CONTROL_FRAME_TOO_LONG;
        }
        if (!fin)
        {
            return FrameError.CONTROL_FRAME_FRAGMENTED;
        }
        if (payloadLength > maxFramePayload)
        {
            return FrameError.FRAME_TOO_LONG;
        }

        return FrameError.NONE;
    }

    private FrameError onDataFrame(final int opcode, final boolean fin, final long payloadLength)
    {
        final boolean continuation = opcode == Opcode.CONTINUATION;
        if (continuation && !messageOpen)
        {
            return FrameError.CONTINUATION_WITHOUT_MESSAGE;
        }
        if (!continuation && messageOpen)
        {
            return FrameError.DATA_FRAME_INSIDE_MESSAGE;
        }
        if (payloadLength > maxFramePayload)
        {
            return FrameError.FRAME_TOO_LONG;
        }

        final long previous = continuation ? messagePayloadSoFar : 0;
        // Compared as a difference: previous never exceeds the maximum, so this cannot overflow where a sum could.
        if (payloadLength > maxMessagePayload - previous)
        {
            return FrameError.MESSAGE_TOO_LONG;
        }

        if (!continuation)
        {
            messageOpcode = opcode;
        }
        messagePayloadSoFar = previous + payloadLength;
        messageOpen = !fin;

        return FrameError.NONE;
    }
}
