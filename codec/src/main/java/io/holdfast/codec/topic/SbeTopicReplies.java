package io.holdfast.codec.topic;

import io.holdfast.codec.protocol.ErrorEncoder;
import io.holdfast.codec.protocol.MessageEncoder;
import io.holdfast.codec.protocol.MessageHeaderEncoder;
import io.holdfast.codec.protocol.PongEncoder;
import io.holdfast.codec.protocol.SubscribedEncoder;
import io.holdfast.codec.protocol.UnsubscribedEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the server's binary pub/sub replies, each an SBE message header followed by a {@code Message},
 * {@code Subscribed}, {@code Unsubscribed}, {@code Error} or {@code Pong} of the holdfast protocol schema, into a
 * send buffer.
 * <p>
 * Topics must have passed {@link TopicNames#check}: the generated encoders throw for a topic longer than
 * {@link TopicNames#MAX_LENGTH}. Writes do not check capacity: size the output with {@link #messageLength(int, int)}
 * and {@link #MAX_REPLY_LENGTH}. Not thread-safe, since it reuses its encoders: one instance per worker.
 */
public final class SbeTopicReplies
{
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    /**
     * Longest reply other than a message: an ack for a topic of {@link TopicNames#MAX_LENGTH} bytes, any error or a
     * pong.
     */
    public static final int MAX_REPLY_LENGTH = Math.max(
        Math.max(subscribedLength(TopicNames.MAX_LENGTH), unsubscribedLength(TopicNames.MAX_LENGTH)),
        Math.max(longestErrorLength(), HEADER_LENGTH + PongEncoder.BLOCK_LENGTH));

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MessageEncoder messageEncoder = new MessageEncoder();
    private final SubscribedEncoder subscribedEncoder = new SubscribedEncoder();
    private final UnsubscribedEncoder unsubscribedEncoder = new UnsubscribedEncoder();
    private final ErrorEncoder errorEncoder = new ErrorEncoder();
    private final PongEncoder pongEncoder = new PongEncoder();

    /**
     * Bytes {@link #message} writes for a topic and data of the given lengths, header included.
     *
     * @param topicLength of the topic in bytes.
     * @param dataLength  of the data in bytes.
     * @return the length of the message reply.
     */
    public static int messageLength(final int topicLength, final int dataLength)
    {
        return HEADER_LENGTH + MessageEncoder.BLOCK_LENGTH + MessageEncoder.topicHeaderLength() + topicLength +
            MessageEncoder.dataHeaderLength() + dataLength;
    }

    /**
     * Writes a {@code Message}, the form every binary subscriber receives for a publish, with the data bytes exactly
     * as published.
     *
     * @param buffer      to write into.
     * @param offset      at which the reply starts.
     * @param topicBuffer holding the topic.
     * @param topicOffset of the topic's first byte.
     * @param topicLength of the topic in bytes.
     * @param dataBuffer  holding the data.
     * @param dataOffset  of the data's first byte.
     * @param dataLength  of the data in bytes.
     * @return the number of bytes written, {@link #messageLength(int, int)}.
     */
    public int message(
        final MutableDirectBuffer buffer,
        final int offset,
        final DirectBuffer topicBuffer,
        final int topicOffset,
        final int topicLength,
        final DirectBuffer dataBuffer,
        final int dataOffset,
        final int dataLength)
    {
        messageEncoder.wrapAndApplyHeader(buffer, offset, header)
            .putTopic(topicBuffer, topicOffset, topicLength)
            .putData(dataBuffer, dataOffset, dataLength);

        return HEADER_LENGTH + messageEncoder.encodedLength();
    }

    /**
     * Writes the ack {@code Subscribed} for the {@code Subscribe} with the given correlation id.
     *
     * @param buffer        to write into.
     * @param offset        at which the reply starts.
     * @param correlationId of the request, echoed back.
     * @param topicBuffer   holding the topic.
     * @param topicOffset   of the topic's first byte.
     * @param topicLength   of the topic in bytes.
     * @return the number of bytes written, at most {@link #MAX_REPLY_LENGTH}.
     */
    public int subscribed(
        final MutableDirectBuffer buffer,
        final int offset,
        final long correlationId,
        final DirectBuffer topicBuffer,
        final int topicOffset,
        final int topicLength)
    {
        subscribedEncoder.wrapAndApplyHeader(buffer, offset, header)
            .correlationId(correlationId)
            .putTopic(topicBuffer, topicOffset, topicLength);

        return HEADER_LENGTH + subscribedEncoder.encodedLength();
    }

    /**
     * Writes the ack {@code Unsubscribed} for the {@code Unsubscribe} with the given correlation id.
     *
     * @param buffer        to write into.
     * @param offset        at which the reply starts.
     * @param correlationId of the request, echoed back.
     * @param topicBuffer   holding the topic.
     * @param topicOffset   of the topic's first byte.
     * @param topicLength   of the topic in bytes.
     * @return the number of bytes written, at most {@link #MAX_REPLY_LENGTH}.
     */
    public int unsubscribed(
        final MutableDirectBuffer buffer,
        final int offset,
        final long correlationId,
        final DirectBuffer topicBuffer,
        final int topicOffset,
        final int topicLength)
    {
        unsubscribedEncoder.wrapAndApplyHeader(buffer, offset, header)
            .correlationId(correlationId)
            .putTopic(topicBuffer, topicOffset, topicLength);

        return HEADER_LENGTH + unsubscribedEncoder.encodedLength();
    }

    /**
     * Writes an {@code Error} refusing the request with the given correlation id, with the error's code and reason.
     *
     * @param buffer        to write into.
     * @param offset        at which the reply starts.
     * @param correlationId of the refused request, echoed back.
     * @param error         why the request was refused.
     * @return the number of bytes written, at most {@link #MAX_REPLY_LENGTH}.
     */
    public int error(
        final MutableDirectBuffer buffer, final int offset, final long correlationId, final RequestError error)
    {
        final byte[] reason = error.reasonAscii();
        errorEncoder.wrapAndApplyHeader(buffer, offset, header)
            .correlationId(correlationId)
            .code(error.errorCode())
            .putReason(reason, 0, reason.length);

        return HEADER_LENGTH + errorEncoder.encodedLength();
    }

    /**
     * Writes a {@code Pong} answering the {@code Ping} with the given correlation id.
     *
     * @param buffer        to write into.
     * @param offset        at which the reply starts.
     * @param correlationId of the ping, echoed back.
     * @return the number of bytes written, at most {@link #MAX_REPLY_LENGTH}.
     */
    public int pong(final MutableDirectBuffer buffer, final int offset, final long correlationId)
    {
        pongEncoder.wrapAndApplyHeader(buffer, offset, header).correlationId(correlationId);

        return HEADER_LENGTH + pongEncoder.encodedLength();
    }

    private static int subscribedLength(final int topicLength)
    {
        return HEADER_LENGTH + SubscribedEncoder.BLOCK_LENGTH + SubscribedEncoder.topicHeaderLength() + topicLength;
    }

    private static int unsubscribedLength(final int topicLength)
    {
        return HEADER_LENGTH + UnsubscribedEncoder.BLOCK_LENGTH + UnsubscribedEncoder.topicHeaderLength() +
            topicLength;
    }

    private static int longestErrorLength()
    {
        int longestReason = 0;
        for (final RequestError error : RequestError.values())
        {
            longestReason = Math.max(longestReason, error.reasonAscii().length);
        }

        return HEADER_LENGTH + ErrorEncoder.BLOCK_LENGTH + ErrorEncoder.reasonHeaderLength() + longestReason;
    }
}
