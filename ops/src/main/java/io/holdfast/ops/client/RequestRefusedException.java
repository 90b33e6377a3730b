package io.holdfast.ops.client;

import io.holdfast.codec.protocol.ErrorCode;

/**
 * The server answered a request with an SBE {@code Error}: it refused the request and the connection stays open.
 * Completes the request's future exceptionally; created on the receive thread, so it carries no stack trace.
 */
public final class RequestRefusedException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final long correlationId;
    private final ErrorCode code;
    private final String reason;

    /**
     * @param correlationId of the refused request, as the server echoed it.
     * @param code          why the server refused it, stable for programs.
     * @param reason        why, in words for people; may change between server releases.
     */
    public RequestRefusedException(final long correlationId, final ErrorCode code, final String reason)
    {
        super(code + ": " + reason + " (request " + correlationId + ")", null, false, false);
        this.correlationId = correlationId;
        this.code = code;
        this.reason = reason;
    }

    /**
     * @return the correlation id of the refused request.
     */
    public long correlationId()
    {
        return correlationId;
    }

    /**
     * @return why the server refused the request, e.g. {@link ErrorCode#TOPIC_FORBIDDEN_CHARACTER}.
     */
    public ErrorCode code()
    {
        return code;
    }

    /**
     * @return the server's reason text.
     */
    public String reason()
    {
        return reason;
    }
}
