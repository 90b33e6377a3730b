package io.holdfast.engine;

/**
 * How the engine answers the client heartbeat, the text message {@code {"type":"ping"}}.
 */
public enum HeartbeatReply
{
    /** The text message {@code {"type":"pong"}}. */
    TEXT,
    /** A pong control frame with an empty payload. */
    FRAME,
    /** The text message followed by the pong frame. */
    BOTH
}
