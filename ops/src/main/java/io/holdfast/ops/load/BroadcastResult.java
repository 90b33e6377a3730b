package io.holdfast.ops.load;

import org.HdrHistogram.Histogram;

/**
 * What a broadcast run measured, merged from every I/O thread's {@link DeliveryBook}: the latency from each publish
 * to the last of its deliveries and to each delivery, the deliveries per second, and the deliveries that went wrong.
 * Latencies are in microseconds and count only publishes sent after the warm-up; the delivery checks cover the whole
 * run.
 */
public final class BroadcastResult
{
    private final int subscribers;
    private final long publishes;
    private final long measuredPublishes;
    private final Histogram lastDeliveryUs = LoadTotals.newLatencyHistogram();
    private final Histogram deliveryUs = LoadTotals.newLatencyHistogram();
    private final long deliveries;
    private final double deliveriesPerSecond;
    private long missing;
    private long duplicates;
    private long outOfOrder;

    /**
     * Merge the books once every I/O thread has ended.
     *
     * @param publisher       the book of the thread that published.
     * @param books           every thread's book, the publisher's included.
     * @param measuredSeconds the measured part of the run, after the warm-up.
     */
    BroadcastResult(final DeliveryBook publisher, final DeliveryBook[] books, final double measuredSeconds)
    {
        int subscriberSum = 0;
        long deliverySum = 0;
        for (final DeliveryBook book : books)
        {
            subscriberSum += book.subscribers();
            deliverySum += book.measuredDeliveries();
            deliveryUs.add(book.deliveryUs());
            duplicates += book.duplicates();
            outOfOrder += book.outOfOrder();
        }
        subscribers = subscriberSum;
        deliveries = deliverySum;
        deliveriesPerSecond = measuredSeconds > 0 ? deliverySum / measuredSeconds : 0;
        publishes = publisher.published();
        final long firstMeasured = publisher.firstMeasured();
        measuredPublishes = firstMeasured < 0 ? 0 : publishes - firstMeasured;
        for (long sequence = 0; sequence < publishes; sequence++)
        {
            mergePublish(publisher, books, sequence, firstMeasured >= 0 && sequence >= firstMeasured);
        }
    }

    private void mergePublish(final DeliveryBook publisher, final DeliveryBook[] books, final long sequence,
        final boolean measured)
    {
        long delivered = 0;
        long lastArrivalNs = Long.MIN_VALUE;
        for (final DeliveryBook book : books)
        {
            delivered += book.deliveries(sequence);
            lastArrivalNs = Math.max(lastArrivalNs, book.lastArrivalNs(sequence));
        }
        missing += Math.max(0, subscribers - delivered);
        if (measured && delivered > 0)
        {
            lastDeliveryUs.recordValue(LoadTotals.micros(lastArrivalNs - publisher.sentNs(sequence)));
        }
    }

    /**
     * @return subscribers on the topic when publishing started.
     */
    public int subscribers()
    {
        return subscribers;
    }

    /**
     * @return publishes sent over the whole run.
     */
    public long publishes()
    {
        return publishes;
    }

    /**
     * @return publishes sent after the warm-up.
     */
    public long measuredPublishes()
    {
        return measuredPublishes;
    }

    /**
     * @return per publish sent after the warm-up that reached a subscriber, the time from sending it to the arrival
     *     of its last delivery (of those that arrived).
     */
    public Histogram lastDeliveryUs()
    {
        return lastDeliveryUs;
    }

    /**
     * @return per delivery of a publish sent after the warm-up, the time from sending the publish to its arrival.
     */
    public Histogram deliveryUs()
    {
        return deliveryUs;
    }

    /**
     * @return deliveries of the publishes sent after the warm-up.
     */
    public long deliveries()
    {
        return deliveries;
    }

    /**
     * @return {@link #deliveries()} per second of the measured phase.
     */
    public double deliveriesPerSecond()
    {
        return deliveriesPerSecond;
    }

    /**
     * @return deliveries owed and never received: per publish, the subscribers at the start less those that got it.
     *     Includes what a subscriber that failed during the run would have received.
     */
    public long missing()
    {
        return missing;
    }

    /**
     * @return deliveries that repeated a subscriber's latest publish.
     */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * @return deliveries that arrived after a later publish had reached the same subscriber.
     */
    public long outOfOrder()
    {
        return outOfOrder;
    }
}
