package io.holdfast.engine;

import io.holdfast.codec.http.HandshakeStatus;

/**
 * Why an upgrade request was refused, with the HTTP status it was answered with: counted per status and reported to
 * {@link EngineEvents#onHandshakeRejected}.
 */
public enum HandshakeRejection
{
    /** Malformed request line or header, or a header RFC 6455 requires is missing or wrong. */
    BAD_REQUEST(HandshakeStatus.BAD_REQUEST, "malformed upgrade request"),
    /** The request path is not the WebSocket path. */
    NOT_FOUND(HandshakeStatus.NOT_FOUND, "unknown path"),
    /** The method is not GET. */
    METHOD_NOT_ALLOWED(HandshakeStatus.METHOD_NOT_ALLOWED, "method not GET"),
    /** Sec-WebSocket-Version is missing or not 13. */
    UPGRADE_REQUIRED(HandshakeStatus.UPGRADE_REQUIRED, "unsupported WebSocket version"),
    /** The request head is longer than the configured maximum. */
    HEADERS_TOO_LARGE(HandshakeStatus.HEADERS_TOO_LARGE, "request head too large"),
    /** The connection table is full. */
    SERVER_FULL(HandshakeStatus.SERVICE_UNAVAILABLE, "connection limit reached"),
    /** The {@code Origin} header is not allowed ({@code holdfast.allowed.origins}), or missing where required. */
    ORIGIN_NOT_ALLOWED(HandshakeStatus.FORBIDDEN, "origin not allowed"),
    /** The remote address holds the most connections allowed ({@code holdfast.max.connections.per.address}). */
    ADDRESS_CONNECTION_LIMIT(HandshakeStatus.TOO_MANY_REQUESTS, "too many connections from address"),
    /** The remote address made handshakes faster than allowed ({@code holdfast.handshake.rate.per.address}). */
    ADDRESS_HANDSHAKE_RATE(HandshakeStatus.TOO_MANY_REQUESTS, "handshake rate of address exceeded");

    private static final HandshakeRejection[] VALUES = values();

    private final int status;
    private final String reason;

    HandshakeRejection(final int status, final String reason)
    {
        this.status = status;
        this.reason = reason;
    }

    /**
     * @return the HTTP status of the response.
     */
    public int status()
    {
        return status;
    }

    /**
     * @return the reason in words.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * @param status an HTTP status the upgrade parser or the path check decided.
     * @return the rejection answered with it; {@link #BAD_REQUEST} for a status without its own.
     */
    public static HandshakeRejection ofStatus(final int status)
    {
        for (final HandshakeRejection rejection : VALUES)
        {
            if (rejection.status == status)
            {
                return rejection;
            }
        }
        return BAD_REQUEST;
    }

    /**
     * @param ordinal a value of {@link #ordinal()}, as stored in a counter key.
     * @return the rejection, or null for an ordinal out of range.
     */
    public static HandshakeRejection ofOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}
