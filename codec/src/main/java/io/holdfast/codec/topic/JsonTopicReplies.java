package io.holdfast.codec.topic;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.holdfast.codec.ByteRanges.ascii;

/**
 * Writes the server's JSON pub/sub replies, in exactly the compact byte forms of the protocol, into a send buffer:
 * {@code {"type":"message","topic":"T","data":D}}, the acks {@code {"type":"subscribed","topic":"T"}} and
 * {@code {"type":"unsubscribed","topic":"T"}}, and {@code {"type":"error","code":"C","reason":"R"}}.
 * <p>
 * Topics are copied raw, so they must have passed {@link TopicNames#check}; data is copied raw too, so it must be one
 * JSON value. Writes do not check capacity: size the output with {@link #messageLength(int, int)} and
 * {@link #MAX_REPLY_LENGTH}. Stateless, so safe from any thread; every error reply is encoded once, up front.
 */
public final class JsonTopicReplies
{
    private static final byte[] MESSAGE_START = ascii("{\"type\":\"message\",\"topic\":\"");
    private static final byte[] MESSAGE_DATA = ascii("\",\"data\":");
    private static final byte MESSAGE_END = '}';
    private static final byte[] SUBSCRIBED_START = ascii("{\"type\":\"subscribed\",\"topic\":\"");
    private static final byte[] UNSUBSCRIBED_START = ascii("{\"type\":\"unsubscribed\",\"topic\":\"");
    private static final byte[] ACK_END = ascii("\"}");
    private static final byte[][] ERROR_REPLIES = errorReplies();

    /**
     * Longest reply other than a message: an ack for a topic of {@link TopicNames#MAX_LENGTH} bytes or any error.
     */
    public static final int MAX_REPLY_LENGTH = Math.max(
        Math.max(SUBSCRIBED_START.length, UNSUBSCRIBED_START.length) + TopicNames.MAX_LENGTH + ACK_END.length,
        longest(ERROR_REPLIES));

    private JsonTopicReplies()
    {
    }

    /**
     * Bytes {@link #message} writes for a topic and data of the given lengths.
     *
     * @param topicLength of the topic in bytes.
     * @param dataLength  of the data in bytes.
     * @return the length of the message reply.
     */
    public static int messageLength(final int topicLength, final int dataLength)
    {
        return MESSAGE_START.length + topicLength + MESSAGE_DATA.length + dataLength + 1;
    }

    /**
     * Writes {@code {"type":"message","topic":"T","data":D}}, the form every subscriber receives for a publish, with
     * the data bytes exactly as published.
     *
     * @param buffer      to write into.
     * @param offset      at which the reply starts.
     * @param topicBuffer holding the topic.
     * @param topicOffset of the topic's first byte.
     * @param topicLength of the topic in bytes.
     * @param dataBuffer  holding the data, one JSON value.
     * @param dataOffset  of the data's first byte.
     * @param dataLength  of the data in bytes.
     * @return the number of bytes written, {@link #messageLength(int, int)}.
     */
    public static int message(
        final MutableDirectBuffer buffer,
        final int offset,
        final DirectBuffer topicBuffer,
        final int topicOffset,
        final int topicLength,
        final DirectBuffer dataBuffer,
        final int dataOffset,
        final int dataLength)
    {
        int position = put(buffer, offset, MESSAGE_START);
        position = put(buffer, position, topicBuffer, topicOffset, topicLength);
        position = put(buffer, position, MESSAGE_DATA);
        position = put(buffer, position, dataBuffer, dataOffset, dataLength);
        buffer.putByte(position, MESSAGE_END);

        return position + 1 - offset;
    }

    /**
     * Writes the ack {@code {"type":"subscribed","topic":"T"}}.
     *
     * @param buffer      to write into.
     * @param offset      at which the reply starts.
     * @param topicBuffer holding the topic.
     * @param topicOffset of the topic's first byte.
     * @param topicLength of the topic in bytes.
     * @return the number of bytes written, at most {@link #MAX_REPLY_LENGTH}.
     */
    public static int subscribed(
        final MutableDirectBuffer buffer,
        final int offset,
        final DirectBuffer topicBuffer,
        final int topicOffset,
        final int topicLength)
    {
        return ack(buffer, offset, SUBSCRIBED_START, topicBuffer, topicOffset, topicLength);
    }

    /**
     * Writes the ack {@code {"type":"unsubscribed","topic":"T"}}.
     *
     * @param buffer      to write into.
     * @param offset      at which the reply starts.
     * @param topicBuffer holding the topic.
     * @param topicOffset of the topic's first byte.
     * @param topicLength of the topic in bytes.
     * @return the number of bytes written, at most {@link #MAX_REPLY_LENGTH}.
     */
    public static int unsubscribed(
        final MutableDirectBuffer buffer,
        final int offset,
        final DirectBuffer topicBuffer,
        final int topicOffset,
        final int topicLength)
    {
        return ack(buffer, offset, UNSUBSCRIBED_START, topicBuffer, topicOffset, topicLength);
    }

    /**
     * Writes {@code {"type":"error","code":"C","reason":"R"}} for a refused request.
     *
     * @param buffer to write into.
     * @param offset at which the reply starts.
     * @param error  why the request was refused.
     * @return the number of bytes written, at most {@link #MAX_REPLY_LENGTH}.
     */
    public static int error(final MutableDirectBuffer buffer, final int offset, final RequestError error)
    {
        return put(buffer, offset, ERROR_REPLIES[error.ordinal()]) - offset;
    }

    private static int ack(
        final MutableDirectBuffer buffer,
        final int offset,
        final byte[] start,
        final DirectBuffer topicBuffer,
        final int topicOffset,
        final int topicLength)
    {
        int position = put(buffer, offset, start);
        position = put(buffer, position, topicBuffer, topicOffset, topicLength);

        return put(buffer, position, ACK_END) - offset;
    }

    private static int put(final MutableDirectBuffer buffer, final int position, final byte[] bytes)
    {
        buffer.putBytes(position, bytes);
        return position + bytes.length;
    }

    private static int put(
        final MutableDirectBuffer buffer,
        final int position,
        final DirectBuffer source,
        final int sourceOffset,
        final int length)
    {
        buffer.putBytes(position, source, sourceOffset, length);
        return position + length;
    }

    private static byte[][] errorReplies()
    {
        final RequestError[] errors = RequestError.values();
        final byte[][] replies = new byte[errors.length][];
        for (final RequestError error : errors)
        {
            replies[error.ordinal()] =
                ascii("{\"type\":\"error\",\"code\":\"" + error.code() + "\",\"reason\":\"" + error.reason() + "\"}");
        }

        return replies;
    }

    private static int longest(final byte[][] arrays)
    {
        int longest = 0;
        for (final byte[] array : arrays)
        {
            longest = Math.max(longest, array.length);
        }

        return longest;
    }
}
