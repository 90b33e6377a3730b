package io.holdfast.engine;

import io.holdfast.codec.http.HandshakeStatus;
import io.holdfast.codec.jwt.TokenVerdict;

/**
 * Why an upgrade request was refused, with the HTTP status it was answered with: counted per status and reported to
 * {@link EngineEvents#onHandshakeRejected}.
 */
public enum HandshakeRejection
{
    /** Malformed request line or header, or a header RFC 6455 requires is missing or wrong. */
    BAD_REQUEST(HandshakeStatus.BAD_REQUEST, "request", "malformed upgrade request"),
    /** The request path is not the WebSocket path. */
    NOT_FOUND(HandshakeStatus.NOT_FOUND, "path", "unknown path"),
    /** The method is not GET. */
    METHOD_NOT_ALLOWED(HandshakeStatus.METHOD_NOT_ALLOWED, "request", "method not GET"),
    /** Sec-WebSocket-Version is missing or not 13. */
    UPGRADE_REQUIRED(HandshakeStatus.UPGRADE_REQUIRED, "request", "unsupported WebSocket version"),
    /** The request head is longer than the configured maximum. */
    HEADERS_TOO_LARGE(HandshakeStatus.HEADERS_TOO_LARGE, "request", "request head too large"),
    /** The connection table is full. */
    SERVER_FULL(HandshakeStatus.SERVICE_UNAVAILABLE, "capacity", "connection limit reached"),
    /** The {@code Origin} header is not allowed ({@code holdfast.allowed.origins}), or missing where required. */
    ORIGIN_NOT_ALLOWED(HandshakeStatus.FORBIDDEN, "origin", "origin not allowed"),
    /** The remote address holds the most connections allowed ({@code holdfast.max.connections.per.address}). */
    ADDRESS_CONNECTION_LIMIT(HandshakeStatus.TOO_MANY_REQUESTS, "address limits", "too many connections from address"),
    /** The remote address made handshakes faster than allowed ({@code holdfast.handshake.rate.per.address}). */
    ADDRESS_HANDSHAKE_RATE(HandshakeStatus.TOO_MANY_REQUESTS, "address limits", "handshake rate of address exceeded"),
    /** Authentication is on and the request carries no token where one is looked for. */
    TOKEN_MISSING(HandshakeStatus.UNAUTHORIZED, "token", "token missing"),
    /** The token is not a well-formed JSON Web Token with claims of the expected form. */
    TOKEN_MALFORMED(HandshakeStatus.UNAUTHORIZED, "token", "token malformed"),
    /** The token's header names an algorithm other than HS256. */
    TOKEN_ALGORITHM(HandshakeStatus.UNAUTHORIZED, "token", "token algorithm not HS256"),
    /** The token's signature does not match the secret. */
    TOKEN_SIGNATURE(HandshakeStatus.UNAUTHORIZED, "token", "token signature invalid"),
    /** The token's {@code exp} has passed. */
    TOKEN_EXPIRED(HandshakeStatus.UNAUTHORIZED, "token", "token expired"),
    /** The token's {@code nbf} has not come yet. */
    TOKEN_NOT_YET_VALID(HandshakeStatus.UNAUTHORIZED, "token", "token not yet valid"),
    /** The handler refused the request with 400. */
    HANDLER_BAD_REQUEST(HandshakeStatus.BAD_REQUEST, "handler", "refused by handler"),
    /** The handler refused the request with 401. */
    HANDLER_UNAUTHORIZED(HandshakeStatus.UNAUTHORIZED, "handler", "refused by handler"),
    /** The handler refused the request with 403. */
    HANDLER_FORBIDDEN(HandshakeStatus.FORBIDDEN, "handler", "refused by handler"),
    /** The handler refused the request with 404. */
    HANDLER_NOT_FOUND(HandshakeStatus.NOT_FOUND, "handler", "refused by handler"),
    /** The handler refused the request with 429. */
    HANDLER_TOO_MANY_REQUESTS(HandshakeStatus.TOO_MANY_REQUESTS, "handler", "refused by handler"),
    /** The handler refused the request with 503. */
    HANDLER_UNAVAILABLE(HandshakeStatus.SERVICE_UNAVAILABLE, "handler", "refused by handler"),
    /** The handler threw, or answered with a status it may not use. */
    HANDLER_ERROR(HandshakeStatus.INTERNAL_SERVER_ERROR, "handler", "handler error");

    private static final HandshakeRejection[] BY_HANDLER =
    {
        HANDLER_BAD_REQUEST, HANDLER_UNAUTHORIZED, HANDLER_FORBIDDEN, HANDLER_NOT_FOUND, HANDLER_TOO_MANY_REQUESTS,
        HANDLER_UNAVAILABLE
    };

    private static final HandshakeRejection[] VALUES = values();

    private final int status;
    private final String check;
    private final String reason;

    HandshakeRejection(final int status, final String check, final String reason)
    {
        this.status = status;
        this.check = check;
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
     * @return the check that refused the request, in words: request, path, origin, address limits, token, handler or
     * capacity.
     */
    public String check()
    {
        return check;
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
     * @param verdict why a token was refused.
     * @return the rejection answered for it.
     */
    public static HandshakeRejection of(final TokenVerdict verdict)
    {
        switch (verdict)
        {
            case UNSUPPORTED_ALGORITHM:
                return TOKEN_ALGORITHM;
            case BAD_SIGNATURE:
                return TOKEN_SIGNATURE;
            case EXPIRED:
                return TOKEN_EXPIRED;
            case NOT_YET_VALID:
                return TOKEN_NOT_YET_VALID;
            default:
                return TOKEN_MALFORMED;
        }
    }

    /**
     * @param status what a handler's {@link WebSocketHandler#onHandshake} returned, not {@link UpgradeRequest#ACCEPT}.
     * @return the rejection for it; {@link #HANDLER_ERROR} for a status a handler may not use.
     */
    public static HandshakeRejection byHandler(final int status)
    {
        for (final HandshakeRejection rejection : BY_HANDLER)
        {
            if (rejection.status == status)
            {
                return rejection;
            }
        }
        return HANDLER_ERROR;
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
