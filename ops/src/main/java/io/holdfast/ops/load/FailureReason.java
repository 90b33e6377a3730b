package io.holdfast.ops.load;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;

/**
 * Why a connection failed, as the report names it. Two reasons carry a detail: the HTTP status of a rejected
 * handshake and the close code of a server's close.
 */
enum FailureReason
{
    CONNECT_REFUSED("connect refused"),
    CONNECT_TIMEOUT("connect timeout"),
    /** A source address that is not this host's, or no local port left on it. */
    BIND_FAILED("bind failed"),
    NO_ROUTE("no route to host"),
    OUT_OF_FILES("out of file descriptors"),
    CONNECT_FAILED("connect failed"),
    HANDSHAKE_TIMEOUT("handshake timeout"),
    HANDSHAKE_REJECTED("handshake rejected"),
    HANDSHAKE_INVALID("handshake invalid response"),
    HANDSHAKE_CLOSED("closed during handshake"),
    RESET("reset"),
    /** The server ended the stream without a close frame. */
    CONNECTION_LOST("connection lost"),
    CLOSED_BY_SERVER("closed by server"),
    PROTOCOL_ERROR("protocol error"),
    /** A broadcast subscriber got an answer to its subscribe request other than the acknowledgement. */
    SUBSCRIBE_REFUSED("subscribe refused"),
    SUBSCRIBE_TIMEOUT("subscribe timeout");

    private static final FailureReason[] VALUES = values();

    private final String label;

    FailureReason(final String label)
    {
        this.label = label;
    }

    /**
     * @param detail the status or close code, for the reasons that carry one.
     * @return the reason as the report prints it, as {@code handshake rejected 503}.
     */
    String label(final int detail)
    {
        return this == HANDSHAKE_REJECTED || this == CLOSED_BY_SERVER ? label + " " + detail : label;
    }

    static FailureReason ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /**
     * The reason a failed socket call before the handshake stands for. The JDK reports most of them as plain
     * IOExceptions whose message is the system's error text, so that text decides where the type does not.
     */
    static FailureReason ofConnect(final IOException ex)
    {
        final String message = String.valueOf(ex.getMessage());
        if (message.contains("Too many open files"))
        {
            return OUT_OF_FILES;
        }
        if (ex instanceof BindException)
        {
            return BIND_FAILED;
        }
        if (ex instanceof NoRouteToHostException)
        {
            return NO_ROUTE;
        }
        if (ex instanceof ConnectException && message.contains("refused"))
        {
            return CONNECT_REFUSED;
        }
        if (message.contains("reset"))
        {
            return RESET;
        }
        return CONNECT_FAILED;
    }
}
