package io.holdfast.codec.topic;

import io.holdfast.codec.protocol.MessageHeaderDecoder;
import io.holdfast.codec.protocol.PingDecoder;
import io.holdfast.codec.protocol.PublishDecoder;
import io.holdfast.codec.protocol.SubscribeDecoder;
import io.holdfast.codec.protocol.UnsubscribeDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads one client request in the binary form (an SBE message of {@code holdfast-protocol.xml} filling a binary
 * WebSocket message) with every length checked against the message first, so a short or lying message is reported
 * as malformed instead of being read past its end. Its fields are then offsets into the caller's buffer. Not
 * thread-safe: one per thread.
 */
public final class BinaryRequestReader
{
    /** What {@link #read} returns for bytes that are not a whole request of this protocol. */
    public static final int MALFORMED = -1;

    private static final int TOPIC_HEADER_LENGTH = SubscribeDecoder.topicHeaderLength();
    private static final int DATA_HEADER_LENGTH = PublishDecoder.dataHeaderLength();

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PingDecoder ping = new PingDecoder();
    private final SubscribeDecoder subscribe = new SubscribeDecoder();
    private final UnsubscribeDecoder unsubscribe = new UnsubscribeDecoder();
    private final PublishDecoder publish = new PublishDecoder();
    private long correlationId;
    private int topicOffset;
    private int topicLength;
    private int dataOffset;
    private int dataLength;

    /**
     * Read a request; its fields are valid until the next call.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message in bytes.
     * @return the request's template id ({@code PingDecoder.TEMPLATE_ID}, {@code SubscribeDecoder.TEMPLATE_ID},
     * ...), another template id of the schema that is no request (its fields are not read), or {@link #MALFORMED}.
     */
    public int read(final DirectBuffer buffer, final int offset, final int length)
    {
        correlationId = 0;
        topicOffset = 0;
        topicLength = 0;
        dataOffset = 0;
        dataLength = 0;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return MALFORMED;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != SubscribeDecoder.SCHEMA_ID)
        {
            return MALFORMED;
        }

        final int templateId = header.templateId();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int end = offset + length;
        final int blockLength = header.blockLength();
        final boolean valid;
        switch (templateId)
        {
            case PingDecoder.TEMPLATE_ID:
                valid = blockLength >= PingDecoder.BLOCK_LENGTH && body + blockLength == end;
                if (valid)
                {
                    correlationId = ping.wrap(buffer, body, blockLength, header.version()).correlationId();
                }
                break;

            case SubscribeDecoder.TEMPLATE_ID:
                valid = blockLength >= SubscribeDecoder.BLOCK_LENGTH &&
                    readTopic(buffer, body + blockLength, end) == end;
                if (valid)
                {
                    correlationId = subscribe.wrap(buffer, body, blockLength, header.version()).correlationId();
                }
                break;

            case UnsubscribeDecoder.TEMPLATE_ID:
                valid = blockLength >= UnsubscribeDecoder.BLOCK_LENGTH &&
                    readTopic(buffer, body + blockLength, end) == end;
                if (valid)
                {
                    correlationId = unsubscribe.wrap(buffer, body, blockLength, header.version()).correlationId();
                }
                break;

            case PublishDecoder.TEMPLATE_ID:
                valid = blockLength >= PublishDecoder.BLOCK_LENGTH &&
                    readData(buffer, readTopic(buffer, body + blockLength, end), end) == end;
                if (valid)
                {
                    correlationId = publish.wrap(buffer, body, blockLength, header.version()).correlationId();
                }
                break;

            default:
                valid = true;
        }
        return valid ? templateId : MALFORMED;
    }

    /**
     * @return the request's correlation id, 0 when it has none or was malformed.
     */
    public long correlationId()
    {
        return correlationId;
    }

    /**
     * @return offset of the topic name in the buffer read.
     */
    public int topicOffset()
    {
        return topicOffset;
    }

    /**
     * @return length of the topic name in bytes, 0 for a request without one.
     */
    public int topicLength()
    {
        return topicLength;
    }

    /**
     * @return offset of a publish's data in the buffer read.
     */
    public int dataOffset()
    {
        return dataOffset;
    }

    /**
     * @return length of a publish's data in bytes.
     */
    public int dataLength()
    {
        return dataLength;
    }

    /**
     * @return the position after the topic, or a position past {@code end} when it does not fit.
     */
    private int readTopic(final DirectBuffer buffer, final int position, final int end)
    {
        if (position > end - TOPIC_HEADER_LENGTH)
        {
            return Integer.MAX_VALUE;
        }
        topicOffset = position + TOPIC_HEADER_LENGTH;
        topicLength = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        return topicLength > end - topicOffset ? Integer.MAX_VALUE : topicOffset + topicLength;
    }

    /**
     * @return the position after the data, or a position past {@code end} when it does not fit.
     */
    private int readData(final DirectBuffer buffer, final int position, final int end)
    {
        if (position > end - DATA_HEADER_LENGTH)
        {
            return Integer.MAX_VALUE;
        }
        dataOffset = position + DATA_HEADER_LENGTH;
        final long length = buffer.getInt(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        if (length > end - dataOffset)
        {
            return Integer.MAX_VALUE;
        }
        dataLength = (int)length;
        return dataOffset + dataLength;
    }
}
