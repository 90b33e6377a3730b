package io.holdfast.engine;

/**
 * How a handshake proves who is connecting ({@link EngineConfiguration#AUTH_PROP_NAME}).
 */
public enum AuthMode
{
    /** Anyone the other checks let through may connect. */
    NONE,
    /** A JSON Web Token signed with HS256 under the configured secret; without a valid one the handshake gets 401. */
    JWT
}
