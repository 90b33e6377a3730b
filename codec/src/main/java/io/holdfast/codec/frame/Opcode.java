package io.holdfast.codec.frame;

/**
 * The frame opcodes of RFC 6455 section 5.2 as int constants, so that decoded opcodes can be compared and switched on
 * without boxing or enum lookups.
 */
public final class Opcode
{
    /** A continuation frame of a fragmented data message. */
    public static final int CONTINUATION = 0x0;

    /** The first (or only) frame of a UTF-8 text message. */
    public static final int TEXT = 0x1;

    /** The first (or only) frame of a binary message. */
    public static final int BINARY = 0x2;

    /** A connection close control frame. */
    public static final int CLOSE = 0x8;

    /** A ping control frame, answered by a pong with the same payload. */
    public static final int PING = 0x9;

    /** A pong control frame, either answering a ping or sent unsolicited as a heartbeat. */
    public static final int PONG = 0xA;

    private Opcode()
    {
    }

    /**
     * Whether an opcode names a control frame: the RFC reserves the high bit of the 4-bit opcode for them.
     *
     * @param opcode the 4-bit opcode.
     * @return true for opcodes 0x8 to 0xF.
     */
    public static boolean isControl(final int opcode)
    {
        return (opcode & 0x8) != 0;
    }

    /**
     * Whether an opcode is reserved for future use (0x3 to 0x7 and 0xB to 0xF), which a peer must not send.
     *
     * @param opcode the 4-bit opcode.
     * @return true if the opcode is not one of the six defined by RFC 6455.
     */
    public static boolean isReserved(final int opcode)
    {
        final int low = opcode & 0x7;
        return low > 2;
    }
}
