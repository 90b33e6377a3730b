package io.holdfast.codec.close;

/**
 * Close status codes of RFC 6455 section 7.4 and the IANA WebSocket Close Code Number Registry, with the check of
 * which codes an endpoint may send or accept in a close frame.
 */
public final class CloseCodes
{
    /** Normal closure: the purpose of the connection was fulfilled. */
    public static final int NORMAL = 1000;

    /** The endpoint is going away: server shutting down or browser leaving the page. */
    public static final int GOING_AWAY = 1001;

    /** The peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;

    /** The peer sent a kind of data the endpoint cannot accept (e.g. binary to a text-only endpoint). */
    public static final int UNSUPPORTED_DATA = 1003;

    /** No status code was present in the close frame; reported locally, never sent on the wire. */
    public static final int NO_STATUS_RECEIVED = 1005;

    /** The connection dropped without a close frame; reported locally, never sent on the wire. */
    public static final int ABNORMAL_CLOSURE = 1006;

    /** A message's data was inconsistent with its type, e.g. a text message that is not valid UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;

    /** A message violated the endpoint's policy, when no more specific code fits. */
    public static final int POLICY_VIOLATION = 1008;

    /** A message was too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;

    /** The client expected the server to negotiate an extension that it did not. */
    public static final int MANDATORY_EXTENSION = 1010;

    /** The server met an unexpected condition that kept it from fulfilling the request. */
    public static final int INTERNAL_ERROR = 1011;

    /** The server is restarting; the client may reconnect after a short back-off. */
    public static final int SERVICE_RESTART = 1012;

    /** The server is overloaded; the client should reconnect later. */
    public static final int TRY_AGAIN_LATER = 1013;

    /** A gateway or proxy received an invalid response from the upstream server. */
    public static final int BAD_GATEWAY = 1014;

    /** First code of the range registered with IANA for libraries, frameworks and applications. */
    public static final int FIRST_REGISTERED = 3000;

    /** Last code of the private-use range (4000-4999) that applications agree on between themselves. */
    public static final int LAST_PRIVATE = 4999;

    private CloseCodes()
    {
    }

    /**
     * Whether a status code may appear in a close frame on the wire. Codes below 1000, the reserved 1004, the
     * local-only 1005 and 1006, the TLS-failure code 1015, the unassigned 1016-2999 and anything from 5000 up make a
     * close frame a protocol error.
     *
     * @param code the status code read from, or about to be written to, a close frame.
     * @return true if the code is defined for use on the wire.
     */
    public static boolean isValidOnWire(final int code)
    {
        return (code >= NORMAL && code <= UNSUPPORTED_DATA) ||
            (code >= INVALID_PAYLOAD && code <= BAD_GATEWAY) ||
            (code >= FIRST_REGISTERED && code <= LAST_PRIVATE);
    }
}
