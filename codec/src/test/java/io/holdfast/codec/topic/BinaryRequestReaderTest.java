package io.holdfast.codec.topic;

import io.holdfast.codec.AllocationMeter;
import io.holdfast.codec.protocol.MessageEncoder;
import io.holdfast.codec.protocol.MessageHeaderEncoder;
import io.holdfast.codec.protocol.PingEncoder;
import io.holdfast.codec.protocol.PublishEncoder;
import io.holdfast.codec.protocol.SubscribeEncoder;
import io.holdfast.codec.protocol.UnsubscribeEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BinaryRequestReaderTest
{
    private static final int OFFSET = 3;
    private static final UnsafeBuffer TOPIC = ascii("prices/eu:fx");
    private static final UnsafeBuffer DATA = ascii("{\"bid\":1.0842}");

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BinaryRequestReader reader = new BinaryRequestReader();

    @Test
    void readsPing()
    {
        final int length = new PingEncoder().wrapAndApplyHeader(buffer, OFFSET, header).correlationId(42)
            .encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;

        assertEquals(PingEncoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(42, reader.correlationId());
    }

    @Test
    void readsSubscribeAndUnsubscribe()
    {
        int length = new SubscribeEncoder().wrapAndApplyHeader(buffer, OFFSET, header).correlationId(7)
            .putTopic(TOPIC, 0, TOPIC.capacity()).encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        assertEquals(SubscribeEncoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(7, reader.correlationId());
        assertTopic();

        length = new UnsubscribeEncoder().wrapAndApplyHeader(buffer, OFFSET, header).correlationId(8)
            .putTopic(TOPIC, 0, TOPIC.capacity()).encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        assertEquals(UnsubscribeEncoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(8, reader.correlationId());
        assertTopic();
    }

    @Test
    void readsPublish()
    {
        final int length = encodePublish();

        assertEquals(PublishEncoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(9, reader.correlationId());
        assertTopic();
        assertEquals("{\"bid\":1.0842}",
            buffer.getStringWithoutLengthAscii(reader.dataOffset(), reader.dataLength()));
    }

    @Test
    void everyTruncationIsMalformed()
    {
        final int length = encodePublish();
        for (int shorter = 0; shorter < length; shorter++)
        {
            assertEquals(BinaryRequestReader.MALFORMED, reader.read(buffer, OFFSET, shorter), "length " + shorter);
        }
    }

    @Test
    void trailingBytesAreMalformed()
    {
        final int length = encodePublish();

        assertEquals(BinaryRequestReader.MALFORMED, reader.read(buffer, OFFSET, length + 1));
    }

    @Test
    void lengthsPointingPastTheMessageAreMalformed()
    {
        final int length = encodePublish();
        final int topicLengthAt = OFFSET + MessageHeaderEncoder.ENCODED_LENGTH + PublishEncoder.BLOCK_LENGTH;
        buffer.putShort(topicLengthAt, (short)0xFFFF, ByteOrder.LITTLE_ENDIAN);
        assertEquals(BinaryRequestReader.MALFORMED, reader.read(buffer, OFFSET, length));

        encodePublish();
        final int dataLengthAt = topicLengthAt + 2 + TOPIC.capacity();
        buffer.putInt(dataLengthAt, -1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(BinaryRequestReader.MALFORMED, reader.read(buffer, OFFSET, length));
    }

    @Test
    void anotherSchemaOrAShortBlockIsMalformed()
    {
        final int length = encodePublish();
        header.wrap(buffer, OFFSET).schemaId(7002);
        assertEquals(BinaryRequestReader.MALFORMED, reader.read(buffer, OFFSET, length));

        encodePublish();
        header.wrap(buffer, OFFSET).blockLength(PublishEncoder.BLOCK_LENGTH - 1);
        assertEquals(BinaryRequestReader.MALFORMED, reader.read(buffer, OFFSET, length));
    }

    @Test
    void aMessageOfTheSchemaThatIsNoRequestIsReportedUnread()
    {
        final int length = new MessageEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .putTopic(TOPIC, 0, TOPIC.capacity()).putData(DATA, 0, DATA.capacity()).encodedLength() +
            MessageHeaderEncoder.ENCODED_LENGTH;

        assertEquals(MessageEncoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(0, reader.topicLength());
    }

    @Test
    void readsWithoutAllocating()
    {
        final int length = encodePublish();

        assertEquals(0, AllocationMeter.allocatedBytes(() -> reader.read(buffer, OFFSET, length)));
        assertEquals(0, AllocationMeter.allocatedBytes(() -> reader.read(buffer, OFFSET, length - 1)));
    }

    private int encodePublish()
    {
        return new PublishEncoder().wrapAndApplyHeader(buffer, OFFSET, header).correlationId(9)
            .putTopic(TOPIC, 0, TOPIC.capacity()).putData(DATA, 0, DATA.capacity()).encodedLength() +
            MessageHeaderEncoder.ENCODED_LENGTH;
    }

    private void assertTopic()
    {
        assertEquals("prices/eu:fx", buffer.getStringWithoutLengthAscii(reader.topicOffset(), reader.topicLength()));
    }

    private static UnsafeBuffer ascii(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }
}
