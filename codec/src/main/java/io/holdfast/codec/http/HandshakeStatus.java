package io.holdfast.codec.http;

/**
 * Outcomes of the HTTP/1.1 upgrade handshake as plain ints, so parsers return them without allocating.
 * <p>
 * Positive values are HTTP status codes; {@link #INCOMPLETE} means more bytes are needed and
 * {@link #INVALID_RESPONSE} is the client-side verdict on a response that is malformed or does not complete
 * the upgrade correctly.
 */
public final class HandshakeStatus
{
    /**
     * The head is not complete yet: append the next bytes received and parse again.
     */
    public static final int INCOMPLETE = 0;

    /**
     * Client side only: the server's response is malformed, or it is a 101 that fails RFC 6455 checks
     * (missing Upgrade/Connection tokens, wrong or duplicate Sec-WebSocket-Accept, unrequested extension).
     */
    public static final int INVALID_RESPONSE = -1;

    /**
     * The upgrade is valid: 101 Switching Protocols.
     */
    public static final int OK = 101;

    /**
     * Malformed request line or header line, missing/duplicate Host, bad Sec-WebSocket-Key, missing tokens.
     */
    public static final int BAD_REQUEST = 400;

    /**
     * Authentication is required and missing or wrong (decided by the caller).
     */
    public static final int UNAUTHORIZED = 401;

    /**
     * The request is refused, for example a disallowed Origin (decided by the caller).
     */
    public static final int FORBIDDEN = 403;

    /**
     * The request-target does not name a WebSocket endpoint (decided by the caller with a path comparison).
     */
    public static final int NOT_FOUND = 404;

    /**
     * A well-formed request line whose method is not GET.
     */
    public static final int METHOD_NOT_ALLOWED = 405;

    /**
     * Sec-WebSocket-Version missing or not 13; the response advertises version 13.
     */
    public static final int UPGRADE_REQUIRED = 426;

    /**
     * Too many connection attempts from a client (decided by the caller).
     */
    public static final int TOO_MANY_REQUESTS = 429;

    /**
     * The request head does not end within the configured maximum number of bytes.
     */
    public static final int HEADERS_TOO_LARGE = 431;

    /**
     * Fallback for a status the codec has no canned response for.
     */
    public static final int INTERNAL_SERVER_ERROR = 500;

    /**
     * The server cannot take the connection now, for example the connection table is full (decided by the caller).
     */
    public static final int SERVICE_UNAVAILABLE = 503;

    private HandshakeStatus()
    {
    }
}
