package io.holdfast.ops.load;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a broadcast connection received, told from payload pieces however the reads cut them: the acknowledgement,
 * a delivery with its stamp, or anything else, each connection on its own.
 */
final class TopicMessageReaderTest
{
    private static final int SIZE = 120;

    private final BroadcastFormat format = new BroadcastFormat("bench", SIZE);
    private final TopicMessageReader reader = new TopicMessageReader(format, 2);

    @Test
    void shouldReadADeliverysStampWhateverThePieces()
    {
        final byte[] delivery = delivery(41, 0x7123_4567_89ab_cdefL);
        for (int cut = 1; cut < delivery.length; cut++)
        {
            assertEquals(TopicMessageReader.DELIVERY, read(0, delivery, cut), "cut at " + cut);
            assertEquals(41, reader.sequence(0));
            assertEquals(0x7123_4567_89ab_cdefL, reader.sentNs(0));
        }
        assertEquals(TopicMessageReader.DELIVERY, read(0, delivery(0, -5), 1));
        assertEquals(0, reader.sequence(0));
        assertEquals(-5, reader.sentNs(0), "a negative nanoTime survives its hex form");
    }

    @Test
    void shouldTellTheAcknowledgementFromOtherReplies()
    {
        final byte[] acknowledgement = ascii("{\"type\":\"subscribed\",\"topic\":\"bench\"}");
        for (int cut = 1; cut < acknowledgement.length; cut++)
        {
            assertEquals(TopicMessageReader.ACKNOWLEDGEMENT, read(1, acknowledgement, cut), "cut at " + cut);
        }
        assertEquals(TopicMessageReader.OTHER, read(1, ascii("{\"type\":\"subscribed\",\"topic\":\"bench2\"}"), 7));
        assertEquals(TopicMessageReader.OTHER, read(1, ascii("{\"type\":\"subscribed\",\"topic\":\"other\"}"), 7));
        assertEquals(TopicMessageReader.OTHER, read(1, ascii("{\"type\":\"error\",\"code\":\"too_many_topics\"," +
            "\"reason\":\"the server holds as many topics as it may\"}"), 10));
        assertEquals(TopicMessageReader.OTHER, read(1, ascii("{\"type\":\"pong\"}"), 3));
    }

    @Test
    void shouldRefuseWhatIsNotExactlyADelivery()
    {
        final byte[] otherTopic = delivery(1, 2);
        otherTopic[28] = 'B';
        assertEquals(TopicMessageReader.OTHER, read(0, otherTopic, 30));

        final byte[] notHex = delivery(1, 2);
        notHex[format.stampOffset() + 20] = 'X';
        assertEquals(TopicMessageReader.OTHER, read(0, notHex, 50));

        final byte[] longer = new byte[SIZE + 1];
        System.arraycopy(delivery(1, 2), 0, longer, 0, SIZE);
        assertEquals(TopicMessageReader.OTHER, read(0, longer, 60));

        reader.onPayload(0, new UnsafeBuffer(delivery(1, 2)), 0, SIZE, 0);
        assertEquals(TopicMessageReader.OTHER, reader.onMessage(0, false, SIZE), "a binary message");
        reader.onPayload(0, new UnsafeBuffer(delivery(1, 2)), 0, SIZE, 0);
        assertEquals(TopicMessageReader.DELIVERY, reader.onMessage(0, true, SIZE));
        assertEquals(TopicMessageReader.OTHER, reader.onMessage(0, true, 0), "an empty message after a delivery");
    }

    @Test
    void shouldJudgeEachConnectionOnItsOwn()
    {
        final UnsafeBuffer first = new UnsafeBuffer(delivery(7, 70));
        final UnsafeBuffer second = new UnsafeBuffer(delivery(8, 80));

        reader.onPayload(0, first, 0, 50, 0);
        reader.onPayload(1, second, 0, 60, 0);
        reader.onPayload(0, first, 50, SIZE - 50, 50);
        reader.onPayload(1, second, 60, SIZE - 60, 60);

        assertEquals(TopicMessageReader.DELIVERY, reader.onMessage(1, true, SIZE));
        assertEquals(TopicMessageReader.DELIVERY, reader.onMessage(0, true, SIZE));
        assertEquals(7, reader.sequence(0));
        assertEquals(80, reader.sentNs(1));
    }

    /**
     * Hand a message over in two pieces, cut at an offset.
     */
    private int read(final int slot, final byte[] message, final int cut)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        reader.onPayload(slot, buffer, 0, cut, 0);
        reader.onPayload(slot, buffer, cut, message.length - cut, cut);
        return reader.onMessage(slot, true, message.length);
    }

    /**
     * @return what a server sends subscribers for a publish: the publish with its type changed.
     */
    private byte[] delivery(final long sequence, final long sentNs)
    {
        final UnsafeBuffer publish = new UnsafeBuffer(new byte[SIZE]);
        format.writePublish(publish, 0, sequence, sentNs);
        return ascii(publish.getStringWithoutLengthAscii(0, SIZE).replace("\"publish\"", "\"message\""));
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
