package io.holdfast.engine;

import org.agrona.DirectBuffer;

/**
 * Sends messages to connections, closes them and manages their topic subscriptions. Safe to call from any thread:
 * called on the worker that owns the connection (from inside a handler callback) it acts at once; from any other
 * thread it queues a command on that worker's ring buffer, which the worker carries out within its next duty cycle.
 * <p>
 * Topic names are 1 to 128 bytes of ASCII letters, digits and {@code . _ - / :}; a name outside that is a caller's
 * mistake and throws {@link IllegalArgumentException}.
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

    /**
     * Subscribe a connection to a topic: every later publish to it reaches the connection once.
     *
     * @param connectionId the connection.
     * @param topic        holds the topic name.
     * @param offset       of the name in the buffer.
     * @param length       of the name in bytes.
     * @param binary       true to receive the topic's messages as SBE {@code Message}s in binary frames, false for
     *                     the JSON envelope {@code {"type":"message","topic":...,"data":...}} in text frames.
     * @return what happened; {@link SubscriptionResult#QUEUED} or {@link SubscriptionResult#BUSY} when called from
     * another thread than the connection's worker.
     */
    SubscriptionResult subscribe(long connectionId, DirectBuffer topic, int offset, int length, boolean binary);

    /**
     * Unsubscribe a connection from a topic.
     *
     * @param connectionId the connection.
     * @param topic        holds the topic name.
     * @param offset       of the name in the buffer.
     * @param length       of the name in bytes.
     * @return what happened; {@link SubscriptionResult#QUEUED} or {@link SubscriptionResult#BUSY} when called from
     * another thread than the connection's worker.
     */
    SubscriptionResult unsubscribe(long connectionId, DirectBuffer topic, int offset, int length);

    /**
     * Publish a message to every subscriber of a topic on every worker. Subscribers on the calling worker receive it
     * before this returns; the other workers are sent one command each, so a publisher's messages reach each
     * subscriber in the order published.
     *
     * @param topic       holds the topic name.
     * @param topicOffset of the name in the buffer.
     * @param topicLength of the name in bytes.
     * @param data        holds the message data, copied before this returns.
     * @param offset      of the data in the buffer.
     * @param length      of the data in bytes.
     * @param isJson      true when the data is one JSON value in UTF-8, which JSON subscribers receive inside their
     *                    envelope; false for any other bytes, which every subscriber receives in the SBE form.
     * @return false when the data is larger than {@link EngineConfig#maxPublishLength(int)} allows, or some worker's
     * command buffer is full (the caller may retry); either way no worker was given it.
     */
    boolean publish(
        DirectBuffer topic, int topicOffset, int topicLength, DirectBuffer data, int offset, int length, boolean isJson);

    /**
     * May the connection subscribe or publish to the topic? With {@link EngineConfiguration#AUTH_TOPICS_PROP_NAME}
     * on, when the topic starts with a prefix its token's {@code topics} claim lists; otherwise always.
     *
     * @param connectionId the connection, on the calling worker.
     * @param topic        holds the topic name.
     * @param offset       of the name in the buffer.
     * @param length       of the name in bytes.
     * @return false also for a connection that is no longer open.
     * @throws IllegalStateException when called from another thread than the connection's worker.
     */
    boolean isTopicAllowed(long connectionId, DirectBuffer topic, int offset, int length);

    /**
     * The subject, the {@code sub} claim of the token the connection was authenticated with.
     *
     * @param connectionId the connection, on the calling worker.
     * @return the subject, empty without authentication, without a {@code sub} claim or for a connection that is no
     * longer open; a view the next call on this worker reuses.
     * @throws IllegalStateException when called from another thread than the connection's worker.
     */
    CharSequence subject(long connectionId);
}
