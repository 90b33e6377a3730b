package io.holdfast.codec.topic;

import io.holdfast.codec.AllocationMeter;
import io.holdfast.codec.json.EnvelopeScanner;
import io.holdfast.codec.json.EnvelopeType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class JsonTopicRepliesTest
{
    private static final int OFFSET = 3;
    private static final byte FILL = (byte)'#';

    private final UnsafeBuffer input = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final UnsafeBuffer output = new UnsafeBuffer(new byte[4096]);
    private final EnvelopeScanner scanner = new EnvelopeScanner(8);
    private int topicOffset;
    private int topicLength;
    private int dataOffset;
    private int dataLength;
    private long sink;

    @Test
    void shouldWriteMessageWithDataBytesExactly()
    {
        input("prices.EUR-USD", "{\"bid\":1.07, \"ask\" : [1,2]}");

        final int length = JsonTopicReplies.message(
            output, OFFSET, input, topicOffset, topicLength, input, dataOffset, dataLength);

        assertWritten("{\"type\":\"message\",\"topic\":\"prices.EUR-USD\",\"data\":{\"bid\":1.07, \"ask\" : [1,2]}}",
            length);
        assertEquals(JsonTopicReplies.messageLength(topicLength, dataLength), length);
    }

    @Test
    void shouldWriteMessageThatScansBackToTheSameTopicAndData()
    {
        final String[] values =
        {
            "0", "-1.5e+3", "true", "false", "null", "\"\"", "\"a \\\"quoted\\\" \\u00e9 \u00e9\"", "[]", "{}",
            "[1,{\"type\":\"ping\",\"topic\":\"x\",\"data\":[null]},\"}\"]", "{ \"nested\" : { \"deep\" : [ 1 ] } }",
        };
        final String[] topics = { "t", "a/b:c_d-e.f", "z".repeat(TopicNames.MAX_LENGTH) };

        for (final String topic : topics)
        {
            for (final String value : values)
            {
                input(topic, value);
                final int length = JsonTopicReplies.message(
                    output, OFFSET, input, topicOffset, topicLength, input, dataOffset, dataLength);

                assertEquals(JsonTopicReplies.messageLength(topicLength, dataLength), length, value);
                assertEquals(EnvelopeType.OTHER, scanner.scan(output, OFFSET, length), value);
                assertEquals("message", text(output, scanner.typeOffset(), scanner.typeLength()));
                assertEquals(topic, text(output, scanner.topicOffset(), scanner.topicLength()));
                assertEquals(value, text(output, scanner.dataOffset(), scanner.dataLength()));
                assertUntouchedAround(length);
            }
        }
    }

    @Test
    void shouldWriteAcks()
    {
        input("chat/lobby:1", "0");

        assertWritten("{\"type\":\"subscribed\",\"topic\":\"chat/lobby:1\"}",
            JsonTopicReplies.subscribed(output, OFFSET, input, topicOffset, topicLength));
        clearOutput();
        assertWritten("{\"type\":\"unsubscribed\",\"topic\":\"chat/lobby:1\"}",
            JsonTopicReplies.unsubscribed(output, OFFSET, input, topicOffset, topicLength));
    }

    @Test
    void shouldWriteEveryErrorInTheProtocolForm()
    {
        clearOutput();
        assertWritten(
            "{\"type\":\"error\",\"code\":\"too_many_subscriptions\",\"reason\":\"subscription limit reached\"}",
            JsonTopicReplies.error(output, OFFSET, RequestError.TOO_MANY_SUBSCRIPTIONS));

        for (final RequestError error : RequestError.values())
        {
            clearOutput();
            final int length = JsonTopicReplies.error(output, OFFSET, error);
            assertWritten(
                "{\"type\":\"error\",\"code\":\"" + error.code() + "\",\"reason\":\"" + error.reason() + "\"}", length);
            assertEquals(EnvelopeType.OTHER, scanner.scan(output, OFFSET, length));
        }
    }

    @Test
    void shouldBoundEveryReplyButMessageByMaxReplyLength()
    {
        input("q".repeat(TopicNames.MAX_LENGTH), "0");
        int longest = Math.max(
            JsonTopicReplies.subscribed(output, OFFSET, input, topicOffset, topicLength),
            JsonTopicReplies.unsubscribed(output, OFFSET, input, topicOffset, topicLength));
        for (final RequestError error : RequestError.values())
        {
            longest = Math.max(longest, JsonTopicReplies.error(output, OFFSET, error));
        }

        assertEquals(longest, JsonTopicReplies.MAX_REPLY_LENGTH);
    }

    @Test
    void shouldNotAllocateWhenWritingReplies()
    {
        input("market.data/fx:EUR-USD", "{\"bid\":1.0712,\"ask\":1.0714}");

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            sink += JsonTopicReplies.message(output, 0, input, topicOffset, topicLength, input, dataOffset, dataLength);
            sink += JsonTopicReplies.subscribed(output, 0, input, topicOffset, topicLength);
            sink += JsonTopicReplies.unsubscribed(output, 0, input, topicOffset, topicLength);
            sink += JsonTopicReplies.error(output, 0, RequestError.OVERLOADED);
            sink += JsonTopicReplies.messageLength(topicLength, dataLength);
        });

        assertEquals(0, allocated);
        assertTrue(sink > 0);
    }

    /**
     * Places a topic and a data value apart in the input buffer, at odd offsets, as a scanned request leaves them.
     */
    private void input(final String topic, final String data)
    {
        topicOffset = 11;
        topicLength = input.putStringWithoutLengthAscii(topicOffset, topic);
        dataOffset = topicOffset + topicLength + 7;
        dataLength = input.putStringWithoutLengthUtf8(dataOffset, data);
        clearOutput();
    }

    private void clearOutput()
    {
        output.setMemory(0, output.capacity(), FILL);
    }

    private void assertWritten(final String expected, final int length)
    {
        assertEquals(expected, text(output, OFFSET, length));
        assertEquals(expected.getBytes(StandardCharsets.UTF_8).length, length);
        assertUntouchedAround(length);
    }

    private void assertUntouchedAround(final int length)
    {
        assertEquals(FILL, output.getByte(OFFSET - 1));
        assertEquals(FILL, output.getByte(OFFSET + length));
    }

    private static String text(final UnsafeBuffer buffer, final int offset, final int length)
    {
        return buffer.getStringWithoutLengthUtf8(offset, length);
    }
}
