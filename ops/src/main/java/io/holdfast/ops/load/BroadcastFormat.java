package io.holdfast.ops.load;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The texts of a broadcast run on one topic, in holdfast's JSON pub/sub protocol: the subscribe request, its
 * acknowledgement, and the publish, whose data is a JSON string holding a stamp (the publish's sequence number and
 * send time, 16 lower-case hex digits each) padded so that what each subscriber receives,
 * {@code {"type":"message","topic":"T","data":"STAMP..."}}, is exactly the message size asked for. A publish is as
 * long as its delivery ("publish" and "message" have the same length) and the stamp sits at the same offset in both.
 */
final class BroadcastFormat
{
    /** The longest topic the protocol allows. */
    static final int MAX_TOPIC_LENGTH = 128;
    /** Hex digits of each number in the stamp. */
    static final int HEX_DIGITS = 16;
    /** The stamp: the sequence number, then the send time in {@link System#nanoTime()} terms. */
    static final int STAMP_LENGTH = 2 * HEX_DIGITS;

    private static final String PUBLISH_HEAD = "{\"type\":\"publish\",\"topic\":\"";
    private static final String DELIVERY_HEAD = "{\"type\":\"message\",\"topic\":\"";
    private static final String DATA_HEAD = "\",\"data\":\"";
    private static final String TAIL = "\"}";
    private static final String TOPIC_PUNCTUATION = "._-/:";
    private static final char PADDING = 'x';
    private static final int NIBBLE_BITS = 4;
    private static final int NIBBLE_MASK = 0xF;
    private static final int DECIMAL_DIGITS = 10;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final int messageSize;
    private final int stampOffset;
    private final UnsafeBuffer subscribeRequest;
    private final UnsafeBuffer acknowledgement;
    private final UnsafeBuffer deliveryHead;
    private final UnsafeBuffer publishTemplate;

    /**
     * @param topic       a topic {@link #isValidTopic valid} in the protocol.
     * @param messageSize the payload length of each delivery, at least {@link #minimumSize(String)}.
     */
    BroadcastFormat(final String topic, final int messageSize)
    {
        if (!isValidTopic(topic) || messageSize < minimumSize(topic))
        {
            throw new IllegalArgumentException("topic " + topic + " with message size " + messageSize);
        }
        this.messageSize = messageSize;
        subscribeRequest = ascii("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
        acknowledgement = ascii("{\"type\":\"subscribed\",\"topic\":\"" + topic + "\"}");
        deliveryHead = ascii(DELIVERY_HEAD + topic + DATA_HEAD);
        stampOffset = deliveryHead.capacity();
        final int padding = messageSize - stampOffset - STAMP_LENGTH - TAIL.length();
        publishTemplate = ascii(PUBLISH_HEAD + topic + DATA_HEAD + "0".repeat(STAMP_LENGTH) +
            String.valueOf(PADDING).repeat(padding) + TAIL);
    }

    /**
     * @return whether a topic is one the protocol allows: 1 to 128 bytes of ASCII letters, digits and
     *     {@code . _ - / :}.
     */
    static boolean isValidTopic(final String topic)
    {
        if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < topic.length(); i++)
        {
            final char c = topic.charAt(i);
            final boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && TOPIC_PUNCTUATION.indexOf(c) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the smallest message size that holds a delivery on this topic with its stamp.
     */
    static int minimumSize(final String topic)
    {
        return DELIVERY_HEAD.length() + topic.length() + DATA_HEAD.length() + STAMP_LENGTH + TAIL.length();
    }

    /**
     * @return the value of a lower-case hex digit, or -1 for any other byte.
     */
    static int hexValue(final int b)
    {
        if (b >= '0' && b <= '9')
        {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f')
        {
            return b - 'a' + DECIMAL_DIGITS;
        }
        return -1;
    }

    /**
     * @return the payload length of each publish and each delivery.
     */
    int messageSize()
    {
        return messageSize;
    }

    /**
     * @return {@code {"type":"subscribe","topic":"T"}}.
     */
    DirectBuffer subscribeRequest()
    {
        return subscribeRequest;
    }

    /**
     * @return {@code {"type":"subscribed","topic":"T"}}, the server's acknowledgement of the subscribe request.
     */
    DirectBuffer acknowledgement()
    {
        return acknowledgement;
    }

    /**
     * @return the bytes a delivery starts with, up to its stamp: {@code {"type":"message","topic":"T","data":"}.
     */
    DirectBuffer deliveryHead()
    {
        return deliveryHead;
    }

    /**
     * @return where the stamp starts, in a delivery and in a publish.
     */
    int stampOffset()
    {
        return stampOffset;
    }

    /**
     * Write a publish's payload, {@link #messageSize()} bytes.
     *
     * @param sequence the publish's number, from 0.
     * @param sentNs   when it is sent, in {@link System#nanoTime()} terms.
     * @return the length written.
     */
    int writePublish(final MutableDirectBuffer buffer, final int offset, final long sequence, final long sentNs)
    {
        buffer.putBytes(offset, publishTemplate, 0, messageSize);
        putHex(buffer, offset + stampOffset, sequence);
        putHex(buffer, offset + stampOffset + HEX_DIGITS, sentNs);
        return messageSize;
    }

    private static void putHex(final MutableDirectBuffer buffer, final int offset, final long value)
    {
        for (int i = 0; i < HEX_DIGITS; i++)
        {
            final int shift = (HEX_DIGITS - 1 - i) * NIBBLE_BITS;
            buffer.putByte(offset + i, HEX[(int)(value >>> shift) & NIBBLE_MASK]);
        }
    }

    private static UnsafeBuffer ascii(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }
}
