package io.holdfast.codec.topic;

import io.holdfast.codec.AllocationMeter;
import io.holdfast.codec.protocol.ErrorDecoder;
import io.holdfast.codec.protocol.MessageDecoder;
import io.holdfast.codec.protocol.MessageHeaderDecoder;
import io.holdfast.codec.protocol.MessageHeaderEncoder;
import io.holdfast.codec.protocol.PongDecoder;
import io.holdfast.codec.protocol.PublishDecoder;
import io.holdfast.codec.protocol.PublishEncoder;
import io.holdfast.codec.protocol.SubscribedDecoder;
import io.holdfast.codec.protocol.UnsubscribedDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class SbeTopicRepliesTest
{
    private static final int OFFSET = 5;
    private static final byte FILL = (byte)0xA5;

    private final SbeTopicReplies replies = new SbeTopicReplies();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer input = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final UnsafeBuffer output = new UnsafeBuffer(new byte[4096]);
    private int topicOffset;
    private int topicLength;
    private int dataOffset;
    private int dataLength;
    private long sink;

    @Test
    void shouldWriteMessageThatDecodesToTheSameTopicAndData()
    {
        final byte[] data = { 0, 1, 2, (byte)0xFF, '{', '}', 0x7F };
        for (final String topic : new String[]{ "t", "a/b:c_d-e.f", "m".repeat(TopicNames.MAX_LENGTH) })
        {
            input(topic, data);
            final int length =
                replies.message(output, OFFSET, input, topicOffset, topicLength, input, dataOffset, dataLength);

            assertEquals(SbeTopicReplies.messageLength(topicLength, dataLength), length);
            assertUntouchedAround(length);
            final MessageDecoder decoder = new MessageDecoder().wrapAndApplyHeader(output, OFFSET, header);
            assertHeader(MessageDecoder.TEMPLATE_ID, MessageDecoder.BLOCK_LENGTH);
            assertEquals(topic, decoder.topic());
            final byte[] decoded = new byte[decoder.dataLength()];
            decoder.getData(decoded, 0, decoded.length);
            assertArrayEquals(data, decoded);
            assertEquals(length, MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength());
        }
    }

    @Test
    void shouldWriteEmptyData()
    {
        input("empty", new byte[0]);
        final int length = replies.message(output, OFFSET, input, topicOffset, topicLength, input, dataOffset, 0);

        assertEquals(SbeTopicReplies.messageLength(topicLength, 0), length);
        final MessageDecoder decoder = new MessageDecoder().wrapAndApplyHeader(output, OFFSET, header);
        assertEquals("empty", decoder.topic());
        assertEquals(0, decoder.dataLength());
    }

    @Test
    void shouldWriteAcksWithCorrelationIdAndTopic()
    {
        input("chat/lobby:1", new byte[0]);

        int length = replies.subscribed(output, OFFSET, 42L, input, topicOffset, topicLength);
        assertUntouchedAround(length);
        final SubscribedDecoder subscribed = new SubscribedDecoder().wrapAndApplyHeader(output, OFFSET, header);
        assertHeader(SubscribedDecoder.TEMPLATE_ID, SubscribedDecoder.BLOCK_LENGTH);
        assertEquals(42L, subscribed.correlationId());
        assertEquals("chat/lobby:1", subscribed.topic());
        assertEquals(length, MessageHeaderDecoder.ENCODED_LENGTH + subscribed.encodedLength());

        clearOutput();
        length = replies.unsubscribed(output, OFFSET, Long.MIN_VALUE, input, topicOffset, topicLength);
        assertUntouchedAround(length);
        final UnsubscribedDecoder unsubscribed = new UnsubscribedDecoder().wrapAndApplyHeader(output, OFFSET, header);
        assertHeader(UnsubscribedDecoder.TEMPLATE_ID, UnsubscribedDecoder.BLOCK_LENGTH);
        assertEquals(Long.MIN_VALUE, unsubscribed.correlationId());
        assertEquals("chat/lobby:1", unsubscribed.topic());
        assertEquals(length, MessageHeaderDecoder.ENCODED_LENGTH + unsubscribed.encodedLength());
    }

    @Test
    void shouldWriteEveryErrorWithItsCodeAndReason()
    {
        long correlationId = -3;
        for (final RequestError error : RequestError.values())
        {
            clearOutput();
            final int length = replies.error(output, OFFSET, correlationId, error);

            assertUntouchedAround(length);
            final ErrorDecoder decoder = new ErrorDecoder().wrapAndApplyHeader(output, OFFSET, header);
            assertHeader(ErrorDecoder.TEMPLATE_ID, ErrorDecoder.BLOCK_LENGTH);
            assertEquals(correlationId, decoder.correlationId());
            assertEquals(error.errorCode(), decoder.code());
            assertEquals(error.reason(), decoder.reason());
            assertEquals(length, MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength());
            correlationId *= 7;
        }
    }

    @Test
    void shouldWritePong()
    {
        clearOutput();
        final int length = replies.pong(output, OFFSET, 0x0123_4567_89AB_CDEFL);

        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + PongDecoder.BLOCK_LENGTH, length);
        assertUntouchedAround(length);
        final PongDecoder decoder = new PongDecoder().wrapAndApplyHeader(output, OFFSET, header);
        assertHeader(PongDecoder.TEMPLATE_ID, PongDecoder.BLOCK_LENGTH);
        assertEquals(0x0123_4567_89AB_CDEFL, decoder.correlationId());
    }

    @Test
    void shouldBoundEveryReplyButMessageByMaxReplyLength()
    {
        input("q".repeat(TopicNames.MAX_LENGTH), new byte[0]);
        int longest = Math.max(
            replies.subscribed(output, OFFSET, 1, input, topicOffset, topicLength),
            replies.unsubscribed(output, OFFSET, 1, input, topicOffset, topicLength));
        longest = Math.max(longest, replies.pong(output, OFFSET, 1));
        for (final RequestError error : RequestError.values())
        {
            longest = Math.max(longest, replies.error(output, OFFSET, 1, error));
        }

        assertEquals(longest, SbeTopicReplies.MAX_REPLY_LENGTH);
    }

    @Test
    void shouldCarryCorrelationIdInPublishBeforeTopicAndData()
    {
        input("orders", new byte[]{ 9, 8, 7 });
        new PublishEncoder()
            .wrapAndApplyHeader(output, OFFSET, new MessageHeaderEncoder())
            .correlationId(77)
            .putTopic(input, topicOffset, topicLength)
            .putData(input, dataOffset, dataLength);

        final PublishDecoder decoder = new PublishDecoder().wrapAndApplyHeader(output, OFFSET, header);
        assertEquals(77, decoder.correlationId());
        assertEquals("orders", decoder.topic());
        assertEquals(3, decoder.dataLength());
    }

    @Test
    void shouldNotAllocateWhenWritingReplies()
    {
        input("market.data/fx:EUR-USD", new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 });

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            sink += replies.message(output, 0, input, topicOffset, topicLength, input, dataOffset, dataLength);
            sink += replies.subscribed(output, 0, sink, input, topicOffset, topicLength);
            sink += replies.unsubscribed(output, 0, sink, input, topicOffset, topicLength);
            sink += replies.error(output, 0, sink, RequestError.NOT_SUBSCRIBED);
            sink += replies.pong(output, 0, sink);
            sink += SbeTopicReplies.messageLength(topicLength, dataLength);
        });

        assertEquals(0, allocated);
        assertTrue(sink != 0);
    }

    private void input(final String topic, final byte[] data)
    {
        topicOffset = 13;
        topicLength = input.putStringWithoutLengthAscii(topicOffset, topic);
        dataOffset = topicOffset + topicLength + 3;
        dataLength = data.length;
        input.putBytes(dataOffset, data);
        clearOutput();
    }

    private void clearOutput()
    {
        output.setMemory(0, output.capacity(), FILL);
    }

    private void assertHeader(final int templateId, final int blockLength)
    {
        assertEquals(templateId, header.templateId());
        assertEquals(blockLength, header.blockLength());
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, header.schemaId());
        assertEquals(MessageDecoder.SCHEMA_VERSION, header.version());
    }

    private void assertUntouchedAround(final int length)
    {
        assertEquals(FILL, output.getByte(OFFSET - 1));
        assertEquals(FILL, output.getByte(OFFSET + length));
    }
}
