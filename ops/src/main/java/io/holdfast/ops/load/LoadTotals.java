package io.holdfast.ops.load;

import org.HdrHistogram.Histogram;

/**
 * What one I/O thread counted and measured. Written by that thread only, read by the generator once the thread has
 * passed a point the generator waits for (its connect phase, or its end).
 */
final class LoadTotals
{
    /** Latencies recorded up to a minute, in microseconds, to 3 significant digits. */
    static final long MAX_LATENCY_US = 60_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    private static final int NANOS_PER_MICRO = 1_000;

    final Histogram handshakeUs = newLatencyHistogram();
    final Histogram latencyUs = newLatencyHistogram();
    final FailureCounts failures = new FailureCounts();
    int establishedAtConnect;
    long failedAtConnect;
    long pingsSent;
    long pongsReceived;
    long messagesSent;
    long unexpectedMessages;
    long unsentMessages;
    long unanswered;
    long closedCleanly;
    long closedWithoutReply;
    long abandoned;
    /** The traffic phase's wall time and, of it, the time the thread spent working rather than waiting. */
    long trafficWallNs;
    long trafficBusyNs;
    /** The measured part of the traffic phase, after the warm-up. */
    long measuredNs;
    /** A broadcast run's deliveries, made by the thread when it starts; null in the other modes. */
    DeliveryBook deliveries;

    static Histogram newLatencyHistogram()
    {
        return new Histogram(1, MAX_LATENCY_US, SIGNIFICANT_DIGITS);
    }

    /**
     * @return a duration in whole microseconds, within what the histograms record.
     */
    static long micros(final long nanos)
    {
        return Math.max(0, Math.min(MAX_LATENCY_US, nanos / NANOS_PER_MICRO));
    }
}
