package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.frame.FrameError;

/**
 * Why an open connection ended, decided when the first side starts to close it: counted per reason and reported to
 * {@link EngineEvents#onConnectionClosed}. The close code alone cannot say it (1001 is both an idle timeout and a
 * shutdown).
 */
public enum CloseReason
{
    /** The peer sent a close frame first. */
    CLIENT_CLOSE("client close"),
    /** The application closed it through {@link Outbound#close(long, int)}. */
    SERVER_CLOSE("server close"),
    /** Nothing arrived for the idle timeout. */
    IDLE_TIMEOUT("idle timeout"),
    /** The peer broke RFC 6455 framing or a frame limit: close code 1002. */
    PROTOCOL_ERROR_1002("protocol error 1002"),
    /** The peer sent text that is not UTF-8: close code 1007. */
    PROTOCOL_ERROR_1007("protocol error 1007"),
    /** The peer sent a frame or message above the configured maximum: close code 1009. */
    PROTOCOL_ERROR_1009("protocol error 1009"),
    /** The peer did not read its output fast enough and went over a pending-output bound. */
    SLOW_CONSUMER("slow consumer"),
    /** The server shut down. */
    SHUTDOWN("shutdown"),
    /** The handler threw: close code 1011. */
    HANDLER_ERROR("handler error"),
    /** The peer went away without a close handshake: end of stream, reset or a failed write. */
    CONNECTION_LOST("connection lost"),
    /** The peer sent messages faster than its inbound message rate and burst allow: close code 1008. */
    INBOUND_MESSAGE_RATE("inbound message rate"),
    /** The peer sent payload bytes faster than its inbound byte rate and burst allow: close code 1008. */
    INBOUND_BYTE_RATE("inbound byte rate"),
    /** The peer sent ping frames faster than its inbound ping rate and burst allow: close code 1008. */
    PING_FLOOD("ping flood");

    private static final CloseReason[] VALUES = values();

    private final String label;

    CloseReason(final String label)
    {
        this.label = label;
    }

    /**
     * @return the reason in words, as counter labels and tools show it.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param error a protocol violation.
     * @return the reason that names its close code.
     */
    public static CloseReason of(final FrameError error)
    {
        switch (error.closeCode())
        {
            case CloseCodes.INVALID_PAYLOAD:
                return PROTOCOL_ERROR_1007;
            case CloseCodes.MESSAGE_TOO_BIG:
                return PROTOCOL_ERROR_1009;
            default:
                return PROTOCOL_ERROR_1002;
        }
    }

    /**
     * @param ordinal a value of {@link #ordinal()}, as stored in a counter key.
     * @return the reason, or null for an ordinal out of range.
     */
    public static CloseReason ofOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}
