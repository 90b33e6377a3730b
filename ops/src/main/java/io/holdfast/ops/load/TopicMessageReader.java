package io.holdfast.ops.load;

import org.agrona.DirectBuffer;

/**
 * Tells what a broadcast connection received as the payload arrives, in whatever pieces the reads cut it, without
 * keeping payloads: the subscribe acknowledgement (every byte compared), a delivery on the topic (its head compared
 * and its stamp decoded: the publish's sequence number and send time), or something else. A delivery's padding is
 * judged by the message's length alone, so only the bytes up to the end of the stamp are looked at.
 */
final class TopicMessageReader
{
    static final int OTHER = 0;
    static final int ACKNOWLEDGEMENT = 1;
    static final int DELIVERY = 2;

    private static final int MAY_BE_ACKNOWLEDGEMENT = 1;
    private static final int MAY_BE_DELIVERY = 2;
    private static final int NIBBLE_BITS = 4;

    private final int messageSize;
    private final DirectBuffer acknowledgement;
    private final DirectBuffer deliveryHead;
    private final int stampOffset;
    private final int window;
    private final int[] candidates;
    private final long[] sequences;
    private final long[] sentNs;

    /**
     * @param capacity the I/O thread's connection slots.
     */
    TopicMessageReader(final BroadcastFormat format, final int capacity)
    {
        messageSize = format.messageSize();
        acknowledgement = format.acknowledgement();
        deliveryHead = format.deliveryHead();
        stampOffset = format.stampOffset();
        window = Math.max(acknowledgement.capacity(), stampOffset + BroadcastFormat.STAMP_LENGTH);
        candidates = new int[capacity];
        sequences = new long[capacity];
        sentNs = new long[capacity];
    }

    /**
     * Read the next payload bytes of the data message a connection is receiving.
     *
     * @param messageOffset where these bytes start in the message's payload.
     */
    void onPayload(final int slot, final DirectBuffer buffer, final int offset, final int length,
        final long messageOffset)
    {
        if (messageOffset == 0)
        {
            candidates[slot] = MAY_BE_ACKNOWLEDGEMENT | MAY_BE_DELIVERY;
            sequences[slot] = 0;
            sentNs[slot] = 0;
        }
        int maybe = candidates[slot];
        final long end = Math.min(messageOffset + length, window);
        for (long position = messageOffset; position < end && maybe != 0; position++)
        {
            final byte b = buffer.getByte(offset + (int)(position - messageOffset));
            if ((maybe & MAY_BE_ACKNOWLEDGEMENT) != 0 &&
                (position >= acknowledgement.capacity() || b != acknowledgement.getByte((int)position)))
            {
                maybe &= ~MAY_BE_ACKNOWLEDGEMENT;
            }
            if ((maybe & MAY_BE_DELIVERY) != 0 && !onDeliveryByte(slot, (int)position, b))
            {
                maybe &= ~MAY_BE_DELIVERY;
            }
        }
        candidates[slot] = maybe;
    }

    /**
     * The data message is complete: say what it was.
     *
     * @return {@link #ACKNOWLEDGEMENT}, {@link #DELIVERY} (see {@link #sequence} and {@link #sentNs}) or
     *     {@link #OTHER}.
     */
    int onMessage(final int slot, final boolean isText, final long length)
    {
        // An empty message has no payload to start a new judgement: what is left is the previous message's.
        final int maybe = isText && length > 0 ? candidates[slot] : 0;
        candidates[slot] = 0;
        if ((maybe & MAY_BE_ACKNOWLEDGEMENT) != 0 && length == acknowledgement.capacity())
        {
            return ACKNOWLEDGEMENT;
        }
        if ((maybe & MAY_BE_DELIVERY) != 0 && length == messageSize)
        {
            return DELIVERY;
        }
        return OTHER;
    }

    /**
     * @return the sequence number of the delivery {@link #onMessage} last found on the connection.
     */
    long sequence(final int slot)
    {
        return sequences[slot];
    }

    /**
     * @return the send time of the delivery {@link #onMessage} last found on the connection.
     */
    long sentNs(final int slot)
    {
        return sentNs[slot];
    }

    private boolean onDeliveryByte(final int slot, final int position, final byte b)
    {
        if (position < stampOffset)
        {
            return b == deliveryHead.getByte(position);
        }
        final int digit = BroadcastFormat.hexValue(b);
        if (digit < 0)
        {
            return false;
        }
        if (position < stampOffset + BroadcastFormat.HEX_DIGITS)
        {
            sequences[slot] = (sequences[slot] << NIBBLE_BITS) | digit;
        }
        else
        {
            sentNs[slot] = (sentNs[slot] << NIBBLE_BITS) | digit;
        }
        return true;
    }
}
