package io.holdfast.engine;

import org.agrona.DirectBuffer;

/**
 * What an application does with its connections. Each worker has its own handler instance (see
 * {@link HandlerFactory}) and calls it only from its own thread, so a handler needs no locks for state kept per
 * worker. Callbacks must not block: the worker serves every other connection it owns between them.
 * <p>
 * An exception thrown from a callback closes that connection with 1011 (internal error) and is reported to the
 * engine's error handler; the worker keeps running.
 */
public interface WebSocketHandler
{
    /**
     * An upgrade request passed the engine's checks (path, {@code Origin}, per-address limits, authentication) and
     * is about to be accepted: accept it, or refuse it with an HTTP status. The default accepts every request.
     * <p>
     * An exception, or a status other than those listed, answers 500 and is reported to the engine's error handler.
     *
     * @param connectionId the id the connection will have if accepted.
     * @param request      read-only views of the request's path, query, headers, peer address and token subject,
     *                     valid only during this call.
     * @return {@link UpgradeRequest#ACCEPT}, or 400, 401, 403, 404, 429 or 503 to refuse the request with it.
     */
    default int onHandshake(long connectionId, UpgradeRequest request)
    {
        return UpgradeRequest.ACCEPT;
    }

    /**
     * The handshake completed and the connection is open.
     *
     * @param connectionId identifies the connection until {@link #onClose}; never reused by a later connection.
     */
    void onOpen(long connectionId);

    /**
     * A complete message arrived (reassembled if it came in fragments; text already validated as UTF-8).
     *
     * @param connectionId the connection it came from.
     * @param buffer       holds the payload; valid only during this call, so copy what must outlive it.
     * @param offset       of the payload in the buffer.
     * @param length       of the payload in bytes.
     * @param isText       true for a text message, false for binary.
     */
    void onMessage(long connectionId, DirectBuffer buffer, int offset, int length, boolean isText);

    /**
     * The connection is closed and its id is no longer valid.
     *
     * @param connectionId the connection that closed.
     * @param code         the close code received or sent, or 1006 when the connection ended without one.
     */
    void onClose(long connectionId, int code);
}
