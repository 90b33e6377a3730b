package io.holdfast.ops.bench;

/**
 * One broadcast run against a server: subscribers on one topic and one publisher sending a message every interval.
 * Latency and deliveries come from the load generator; the server's CPU per delivery and the client's CPU from /proc
 * over the measured window.
 *
 * @param subscribers            the subscribers asked for.
 * @param publishes              publishes measured (sent after the warm-up) that reached a subscriber.
 * @param deliveries             deliveries of those publishes.
 * @param deliveriesPerSecond    the delivery rate over the measured phase, or -1 when not measured.
 * @param lastDelivery           per publish, the time from sending it to the arrival of its last delivery.
 * @param deliveryP50Us          median time from a publish to each of its deliveries.
 * @param deliveryP99Us          99th percentile of that.
 * @param serverCpuUsPerDelivery server CPU microseconds per delivery, or -1 when not measured.
 * @param clientCpuSeconds       the CPU seconds the client reported for its whole run, or -1.
 * @param clientCoreShare        the client's CPU over the measured window as a share of one core, or -1.
 * @param missing                deliveries owed and never received, over the whole run.
 * @param duplicates             deliveries that repeated a subscriber's latest publish.
 * @param outOfOrder             deliveries that arrived after a later publish had reached the same subscriber.
 * @param failure                what failed, or null when the run went as asked.
 */
record BroadcastSample(int subscribers, long publishes, long deliveries, double deliveriesPerSecond,
    Latency lastDelivery, double deliveryP50Us, double deliveryP99Us, double serverCpuUsPerDelivery,
    double clientCpuSeconds, double clientCoreShare, long missing, long duplicates, long outOfOrder, String failure)
{
    /**
     * @return a run that gave no numbers.
     */
    static BroadcastSample failed(final int subscribers, final String failure)
    {
        return new BroadcastSample(subscribers, 0, 0, -1, Latency.NONE, -1, -1, -1, -1, -1, 0, 0, 0, failure);
    }

    /**
     * @return whether the run produced numbers (it may still have a failure to show).
     */
    boolean isMeasured()
    {
        return deliveriesPerSecond >= 0;
    }

    /**
     * @return whether the client used 90% of a core or more: the subscribers' side may have set the pace.
     */
    boolean isClientBound()
    {
        return clientCoreShare >= EchoSample.CLIENT_BOUND_SHARE;
    }

    /**
     * @return whether every delivery owed arrived once and in publish order.
     */
    boolean isExact()
    {
        return missing == 0 && duplicates == 0 && outOfOrder == 0;
    }
}
