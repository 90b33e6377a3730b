package io.holdfast.ops.load;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lines {@code holdfast load} prints on stdout. Scripts (the benchmark) parse them by prefix, so their wording
 * is fixed: change it only together with its readers.
 */
final class ReportLines
{
    static final String PREFIX = "holdfast load: ";
    /** The busiest I/O thread's share of the traffic phase from which the client may be the bottleneck. */
    static final double SATURATED_SHARE = 0.9;

    private static final double PERCENT = 100;
    static final double P50 = 50;
    static final double P90 = 90;
    static final double P99 = 99;
    static final double P999 = 99.9;

    private ReportLines()
    {
    }

    /**
     * @return the line printed once every connection is up or failed, before the traffic starts.
     */
    static String established(final int established, final long failed, final double seconds,
        final Histogram handshakeUs)
    {
        return format("established %d connections (failed %d) in %.3f s, handshake p50 %d us p99 %d us",
            established, failed, seconds, handshakeUs.getValueAtPercentile(P50),
            handshakeUs.getValueAtPercentile(P99));
    }

    /**
     * @return the lines printed at the end: echo or broadcast figures, heartbeats, failures by reason, closes and
     *     client CPU.
     */
    static List<String> summary(final LoadResult result)
    {
        final List<String> lines = new ArrayList<>();
        final LoadMode mode = result.options().mode();
        if (mode.isEcho())
        {
            lines.add(echo(result));
        }
        if (result.broadcast() != null)
        {
            lines.addAll(broadcast(result.broadcast(), result.measuredSeconds()));
        }
        if (result.pingsSent() > 0 || result.pongsReceived() > 0)
        {
            lines.add(format("heartbeats %d pings sent, %d pongs received", result.pingsSent(),
                result.pongsReceived()));
        }
        addIfAny(lines, result.unanswered(), "%d messages got no echo before the end");
        addIfAny(lines, result.unsentMessages(), mode == LoadMode.BROADCAST ?
            "%d publishes skipped (the publisher's socket still held the previous one, or it had failed)" :
            "%d scheduled messages were never sent (their connection was still waiting for an echo, or failed)");
        addIfAny(lines, result.unexpectedMessages(), mode == LoadMode.BROADCAST ?
            "%d unexpected messages (neither a pong nor a delivery on the topic)" :
            "%d unexpected messages (neither a pong nor the echo awaited)");
        for (final Map.Entry<String, Long> failure : result.failures().entrySet())
        {
            lines.add(format("failed %d: %s", failure.getValue(), failure.getKey()));
        }
        addIfAny(lines, result.abandoned(), "%d connection attempts abandoned when stopped");
        lines.add(format("closed %d connections", result.closed()));
        addIfAny(lines, result.closedWithoutReply(), "%d closed without the server's close frame in time");
        final double cpuShare = result.wallSeconds() > 0 ? result.clientCpuSeconds() / result.wallSeconds() : 0;
        lines.add(format("client cpu %.3f s (%.0f%% of one core)", result.clientCpuSeconds(), PERCENT * cpuShare));
        if (mode != LoadMode.HOLD)
        {
            lines.add(format("client busiest I/O thread working %.0f%% of the traffic phase",
                PERCENT * result.busiestThreadShare()));
        }
        // The open loop spins before each send, so its CPU time includes waiting: only its work counts there.
        final boolean spins = mode == LoadMode.OPEN_LOOP;
        if (result.busiestThreadShare() >= SATURATED_SHARE || (!spins && cpuShare >= SATURATED_SHARE))
        {
            lines.add(format("warning: the client itself used %.0f%% of a core (busiest I/O thread working %.0f%%), " +
                "so it may be the bottleneck; add --threads or lower the load", PERCENT * cpuShare,
                PERCENT * result.busiestThreadShare()));
        }
        return lines;
    }

    private static String echo(final LoadResult result)
    {
        final Histogram latency = result.latencyUs();
        return format("echo %d messages in %.3f s, %d msg/s, latency us p50 %d p90 %d p99 %d p99.9 %d max %d",
            result.messages(), result.measuredSeconds(), Math.round(result.messagesPerSecond()),
            latency.getValueAtPercentile(P50), latency.getValueAtPercentile(P90), latency.getValueAtPercentile(P99),
            latency.getValueAtPercentile(P999), latency.getMaxValue());
    }

    /**
     * @return the broadcast lines: latency to the last delivery per publish, to each delivery, and the delivery
     *     checks, printed even when all are 0.
     */
    private static List<String> broadcast(final BroadcastResult broadcast, final double measuredSeconds)
    {
        final Histogram last = broadcast.lastDeliveryUs();
        final Histogram each = broadcast.deliveryUs();
        return List.of(
            format("broadcast %d publishes in %.3f s to %d subscribers, publish to last delivery us p50 %d p90 %d " +
                "p99 %d p99.9 %d max %d", broadcast.measuredPublishes(), measuredSeconds, broadcast.subscribers(),
                last.getValueAtPercentile(P50), last.getValueAtPercentile(P90), last.getValueAtPercentile(P99),
                last.getValueAtPercentile(P999), last.getMaxValue()),
            format("deliveries %d, %d/s, publish to delivery us p50 %d p90 %d p99 %d p99.9 %d max %d",
                broadcast.deliveries(), Math.round(broadcast.deliveriesPerSecond()), each.getValueAtPercentile(P50),
                each.getValueAtPercentile(P90), each.getValueAtPercentile(P99), each.getValueAtPercentile(P999),
                each.getMaxValue()),
            format("deliveries missing %d, duplicate %d, out of order %d", broadcast.missing(),
                broadcast.duplicates(), broadcast.outOfOrder()));
    }

    private static void addIfAny(final List<String> lines, final long count, final String template)
    {
        if (count > 0)
        {
            lines.add(format(template, count));
        }
    }

    static String format(final String template, final Object... values)
    {
        return PREFIX + String.format(Locale.ROOT, template, values);
    }
}
