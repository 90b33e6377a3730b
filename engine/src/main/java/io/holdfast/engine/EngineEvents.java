package io.holdfast.engine;

/**
 * Told of the rare events in a connection's life, on the worker thread that owns it, so tools can record them (JFR,
 * audit logs). Never called per message. Implementations must be quick, must not block and must not throw; whatever
 * they allocate lands on the worker thread.
 */
public interface EngineEvents
{
    /** Ignores every event. */
    EngineEvents NONE = new EngineEvents()
    {
    };

    /**
     * A handshake completed and the connection is open.
     *
     * @param connectionId the new connection.
     */
    default void onConnectionOpened(final long connectionId)
    {
    }

    /**
     * An open connection ended and its socket is closed.
     *
     * @param connectionId the connection, no longer valid.
     * @param reason       why it ended.
     * @param closeCode    the close code sent or received, 1006 when none was.
     * @param lifetimeMs   milliseconds from open to close.
     */
    default void onConnectionClosed(
        final long connectionId, final CloseReason reason, final int closeCode, final long lifetimeMs)
    {
    }

    /**
     * An upgrade request was refused with an HTTP error.
     *
     * @param rejection why, with the status sent.
     */
    default void onHandshakeRejected(final HandshakeRejection rejection)
    {
    }

    /**
     * A connection went over a pending-output bound: it is being cut, or its data messages are being dropped until
     * it drains (reported once per run of drops).
     *
     * @param connectionId the connection.
     * @param pendingBytes output bytes it held, or would have held, when it went over.
     * @param action       {@link SlowConsumerPolicy#CLOSE} when it is cut, {@link SlowConsumerPolicy#DROP} when its
     *                     messages are dropped.
     */
    default void onSlowConsumer(final long connectionId, final long pendingBytes, final SlowConsumerPolicy action)
    {
    }
}
