package io.holdfast.ops.load;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * One I/O thread's book of a broadcast run: per publish, how many of the thread's subscribers received it and when
 * the last of them did; per subscriber, the last sequence number received, which finds duplicates (the same number
 * again) and deliveries out of publish order (a number below the last); and the latency of every delivery of a
 * publish sent after the warm-up. The publisher's thread also notes when each publish went out. Arrays are sized once
 * for the run's publishes, so booking a delivery allocates nothing. {@link BroadcastResult} merges the threads' books.
 */
final class DeliveryBook
{
    /** A subscriber's last sequence number before it has received anything. */
    static final long NONE = -1;

    private final long[] sentNs;
    private final long[] lastArrivalNs;
    private final int[] deliveries;
    private final long[] lastSequences;
    private final Histogram deliveryUs = LoadTotals.newLatencyHistogram();
    private long published;
    private long firstMeasured = -1;
    private int subscribers;
    private long measuredDeliveries;
    private long duplicates;
    private long outOfOrder;

    /**
     * @param publishes   the most publishes the run can make.
     * @param slots       the I/O thread's connection slots.
     * @param isPublisher whether the publisher's connection is on this thread, which notes the send times.
     */
    DeliveryBook(final int publishes, final int slots, final boolean isPublisher)
    {
        sentNs = new long[isPublisher ? publishes : 0];
        lastArrivalNs = new long[publishes];
        Arrays.fill(lastArrivalNs, Long.MIN_VALUE);
        deliveries = new int[publishes];
        lastSequences = new long[slots];
        Arrays.fill(lastSequences, NONE);
    }

    /**
     * The publisher sent the next publish.
     *
     * @param measured whether it was sent after the warm-up.
     * @return its sequence number.
     */
    long publish(final long sentNs, final boolean measured)
    {
        final long sequence = published++;
        this.sentNs[(int)sequence] = sentNs;
        if (measured && firstMeasured < 0)
        {
            firstMeasured = sequence;
        }
        return sequence;
    }

    /**
     * @return whether the publisher may send another publish: the book has room for it.
     */
    boolean hasRoom()
    {
        return published < sentNs.length;
    }

    /**
     * @param subscribers the thread's subscribers when publishing starts, the deliveries each publish owes here.
     */
    void subscribers(final int subscribers)
    {
        this.subscribers = subscribers;
    }

    /**
     * Book a delivery.
     *
     * @param sentNs    the send time the delivery carries.
     * @param arrivalNs when the selector reported the bytes that completed it.
     * @param measured  whether its publish was sent after the warm-up, so its latency counts.
     * @return false when the sequence number is not one the run can have sent: the delivery is not booked.
     */
    boolean deliver(final int slot, final long sequence, final long sentNs, final long arrivalNs,
        final boolean measured)
    {
        if (sequence < 0 || sequence >= deliveries.length)
        {
            return false;
        }
        final long last = lastSequences[slot];
        if (sequence == last)
        {
            duplicates++;
            return true;
        }
        if (sequence < last)
        {
            outOfOrder++;
        }
        else
        {
            lastSequences[slot] = sequence;
        }
        final int index = (int)sequence;
        deliveries[index]++;
        lastArrivalNs[index] = Math.max(lastArrivalNs[index], arrivalNs);
        if (measured)
        {
            deliveryUs.recordValue(LoadTotals.micros(arrivalNs - sentNs));
            measuredDeliveries++;
        }
        return true;
    }

    /**
     * @return the highest sequence number the subscriber has received, or {@link #NONE}.
     */
    long lastSequence(final int slot)
    {
        return lastSequences[slot];
    }

    /**
     * @return publishes sent, on the publisher's thread; 0 on the others.
     */
    long published()
    {
        return published;
    }

    /**
     * @return the first publish sent after the warm-up, or -1 when none was.
     */
    long firstMeasured()
    {
        return firstMeasured;
    }

    long sentNs(final long sequence)
    {
        return sentNs[(int)sequence];
    }

    /**
     * @return the thread's subscribers that received the publish; a repeat of a subscriber's latest publish is a
     *     duplicate, not a delivery.
     */
    int deliveries(final long sequence)
    {
        return deliveries[(int)sequence];
    }

    /**
     * @return when the last of the thread's subscribers received the publish, {@link Long#MIN_VALUE} when none did.
     */
    long lastArrivalNs(final long sequence)
    {
        return lastArrivalNs[(int)sequence];
    }

    int subscribers()
    {
        return subscribers;
    }

    Histogram deliveryUs()
    {
        return deliveryUs;
    }

    long measuredDeliveries()
    {
        return measuredDeliveries;
    }

    long duplicates()
    {
        return duplicates;
    }

    long outOfOrder()
    {
        return outOfOrder;
    }
}
