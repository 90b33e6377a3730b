package io.holdfast.ops.load;

import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one run measured, summed over its I/O threads. Latencies are in microseconds.
 */
public final class LoadResult
{
    private static final double NANOS_PER_SECOND = 1e9;

    private final LoadOptions options;
    private final int established;
    private final double connectSeconds;
    private final Histogram handshakeUs = LoadTotals.newLatencyHistogram();
    private final Map<String, Long> failures;
    private final long failed;
    private final Histogram latencyUs = LoadTotals.newLatencyHistogram();
    private final BroadcastResult broadcast;
    private final double measuredSeconds;
    private final double trafficSeconds;
    private final double clientCpuSeconds;
    private final double wallSeconds;
    private double busiestThreadShare;
    private long pingsSent;
    private long pongsReceived;
    private long messagesSent;
    private long unexpectedMessages;
    private long unsentMessages;
    private long unanswered;
    private long closedCleanly;
    private long closedWithoutReply;
    private long abandoned;
    private String error;

    /**
     * Sum up the I/O threads, once they have finished.
     *
     * @param connectSeconds   from the first attempt until every attempt had succeeded or failed.
     * @param clientCpuSeconds CPU time of the whole process over the run.
     * @param wallSeconds      wall time of the run.
     */
    LoadResult(
        final LoadOptions options,
        final LoadWorker[] workers,
        final double connectSeconds,
        final double clientCpuSeconds,
        final double wallSeconds)
    {
        this.options = options;
        this.connectSeconds = connectSeconds;
        this.clientCpuSeconds = clientCpuSeconds;
        this.wallSeconds = wallSeconds;
        final Map<String, Long> byLabel = new TreeMap<>();
        int establishedSum = 0;
        long measuredNs = 0;
        long trafficNs = 0;
        for (final LoadWorker worker : workers)
        {
            final LoadTotals totals = worker.totals();
            establishedSum += totals.establishedAtConnect;
            handshakeUs.add(totals.handshakeUs);
            latencyUs.add(totals.latencyUs);
            totals.failures.addTo(byLabel);
            measuredNs = Math.max(measuredNs, totals.measuredNs);
            trafficNs = Math.max(trafficNs, totals.trafficWallNs);
            add(totals);
            if (worker.error() != null && error == null)
            {
                error = String.valueOf(worker.error());
            }
        }
        established = establishedSum;
        failures = Collections.unmodifiableMap(byLabel);
        failed = byLabel.values().stream().mapToLong(Long::longValue).sum();
        measuredSeconds = measuredNs / NANOS_PER_SECOND;
        trafficSeconds = trafficNs / NANOS_PER_SECOND;
        broadcast = options.mode() == LoadMode.BROADCAST ? broadcast(workers, measuredSeconds) : null;
        if (broadcast != null)
        {
            latencyUs.add(broadcast.lastDeliveryUs());
        }
    }

    /**
     * Merge the threads' delivery books; a thread that failed before making its book has booked nothing. The
     * publisher is the first thread's.
     */
    private static BroadcastResult broadcast(final LoadWorker[] workers, final double measuredSeconds)
    {
        final DeliveryBook[] books = Arrays.stream(workers)
            .map((worker) -> worker.totals().deliveries)
            .filter(Objects::nonNull)
            .toArray(DeliveryBook[]::new);
        final DeliveryBook publisher = workers[0].totals().deliveries;
        return new BroadcastResult(publisher != null ? publisher : new DeliveryBook(0, 0, true), books,
            measuredSeconds);
    }

    private void add(final LoadTotals totals)
    {
        pingsSent += totals.pingsSent;
        pongsReceived += totals.pongsReceived;
        messagesSent += totals.messagesSent;
        unexpectedMessages += totals.unexpectedMessages;
        unsentMessages += totals.unsentMessages;
        unanswered += totals.unanswered;
        closedCleanly += totals.closedCleanly;
        closedWithoutReply += totals.closedWithoutReply;
        abandoned += totals.abandoned;
        if (totals.trafficWallNs > 0)
        {
            busiestThreadShare = Math.max(busiestThreadShare, (double)totals.trafficBusyNs / totals.trafficWallNs);
        }
    }

    public LoadOptions options()
    {
        return options;
    }

    /**
     * @return connections open once every attempt had succeeded or failed.
     */
    public int established()
    {
        return established;
    }

    /**
     * @return seconds from the first attempt until every attempt had succeeded or failed.
     */
    public double connectSeconds()
    {
        return connectSeconds;
    }

    /**
     * @return time from starting to connect to the end of the upgrade response, per established connection.
     */
    public Histogram handshakeUs()
    {
        return handshakeUs;
    }

    /**
     * @return failed connections by the report's reason label, as {@code handshake rejected 503}; connections that
     * broke after opening included.
     */
    public Map<String, Long> failures()
    {
        return failures;
    }

    /**
     * @return connections that failed, while connecting or later.
     */
    public long failed()
    {
        return failed;
    }

    /**
     * @return echo latency of every message measured, that is sent after the warm-up and echoed before the end; in
     *     a broadcast run, the latency from each publish measured to its last delivery.
     */
    public Histogram latencyUs()
    {
        return latencyUs;
    }

    /**
     * @return what a broadcast run measured, or null in the other modes.
     */
    public BroadcastResult broadcast()
    {
        return broadcast;
    }

    /**
     * @return messages measured: {@link #latencyUs()}'s count (publishes that reached a subscriber, in a broadcast
     *     run).
     */
    public long messages()
    {
        return latencyUs.getTotalCount();
    }

    /**
     * @return the measured part of the traffic phase, after the warm-up, in seconds.
     */
    public double measuredSeconds()
    {
        return measuredSeconds;
    }

    /**
     * @return the whole traffic phase (echo or hold), in seconds.
     */
    public double trafficSeconds()
    {
        return trafficSeconds;
    }

    /**
     * @return measured messages per second.
     */
    public double messagesPerSecond()
    {
        return measuredSeconds > 0 ? messages() / measuredSeconds : 0;
    }

    public long pingsSent()
    {
        return pingsSent;
    }

    /**
     * @return heartbeat replies: {@code {"type":"pong"}} messages and pong frames.
     */
    public long pongsReceived()
    {
        return pongsReceived;
    }

    public long messagesSent()
    {
        return messagesSent;
    }

    /**
     * @return messages that were neither a heartbeat reply nor the echo a connection waited for.
     */
    public long unexpectedMessages()
    {
        return unexpectedMessages;
    }

    /**
     * @return open-loop messages whose scheduled time came but which were never sent: their connection was still
     * waiting for an earlier echo when the run ended, or had failed.
     */
    public long unsentMessages()
    {
        return unsentMessages;
    }

    /**
     * @return messages whose echo had not come back when the connections were closed.
     */
    public long unanswered()
    {
        return unanswered;
    }

    /**
     * @return connections closed at the end of the run.
     */
    public long closed()
    {
        return closedCleanly + closedWithoutReply;
    }

    /**
     * @return connections closed at the end without the server's close frame in time.
     */
    public long closedWithoutReply()
    {
        return closedWithoutReply;
    }

    /**
     * @return connection attempts still under way when the run was stopped, closed without counting as failures.
     */
    public long abandoned()
    {
        return abandoned;
    }

    /**
     * @return CPU time of the whole client process over the run.
     */
    public double clientCpuSeconds()
    {
        return clientCpuSeconds;
    }

    /**
     * @return wall time of the run, from the first connection attempt to the last close.
     */
    public double wallSeconds()
    {
        return wallSeconds;
    }

    /**
     * @return the share of the traffic phase the busiest I/O thread spent working rather than waiting, 0 to 1.
     */
    public double busiestThreadShare()
    {
        return busiestThreadShare;
    }

    /**
     * @return what stopped an I/O thread, or null when none failed.
     */
    public String error()
    {
        return error;
    }
}
