package io.holdfast.engine;

import org.agrona.DirectBuffer;

/**
 * Sends messages to connections and closes them. Safe to call from any thread: called on the worker that owns the
 * connection (from inside a handler callback) it acts at once; from any other thread it queues a command on that
 * worker's ring buffer, which the worker carries out within its next duty cycle.
 */
public interface Outbound
{
    /**
     * Send one message.
     *
     * @param connectionId the connection to send to; an id whose connection closed is ignored.
     * @param buffer       holds the payload, copied before this returns.
     * @param offset       of the payload in the buffer.
     * @param length       of the payload in bytes.
     * @param isText       true to send a text frame (the payload must be UTF-8), false for binary.
     * @return false when the command could not be queued because the worker's ring buffer is full (the caller may
     * retry later), or the payload is larger than the configured maximum message.
     * @throws IllegalArgumentException when called from another thread with a payload above an eighth of the
     * command buffer ({@link EngineConfig#commandBuffer()}, 128 KiB by default), which no ring buffer slot can hold.
     */
    boolean send(long connectionId, DirectBuffer buffer, int offset, int length, boolean isText);

    /**
     * Start the close handshake of a connection.
     *
     * @param connectionId the connection to close; an id whose connection closed is ignored.
     * @param code         the RFC 6455 close code to send.
     * @return false when the command could not be queued because the worker's ring buffer is full.
     */
    boolean close(long connectionId, int code);
}
