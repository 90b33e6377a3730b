package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.CounterTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The block {@code holdfast stat} prints each interval: a header line (time, server PID, uptime, heartbeat age), then
 * one line per aggregate counter with its value and, for counts, its rate per second since the previous block (since
 * the server started, for the first). Breakdowns (closes by reason, rejections by status with the reasons answered
 * with it) are indented under their total.
 */
final class StatBlock
{
    private final CountersFileReader file;
    private final EngineTotals totals = new EngineTotals();
    private List<Row> rows;
    private String rowFormat;
    private long[] previous;
    private long previousMs;

    /**
     * @param file the counters file of a running server.
     */
    StatBlock(final CountersFileReader file)
    {
        this.file = file;
    }

    /**
     * @param nowMs epoch ms now.
     * @return the block as of now, lines ending with a line separator.
     */
    String next(final long nowMs)
    {
        totals.read(file.counters());
        final boolean first = rows == null;
        if (first)
        {
            rows = rows(totals.workers());
            rowFormat = "  %-" + rows.stream().mapToInt((row) -> row.label.length()).max().orElse(0) + "s %12d %12s";
            previous = new long[rows.size()];
            previousMs = file.startTimeMs();
        }
        final double seconds = Math.max(0.001, (nowMs - previousMs) / 1000.0);
        final StringBuilder block = new StringBuilder();
        block.append(String.format(Locale.ROOT, "%s  pid %d  up %s  heartbeat %.1fs ago  rates per second %s%n",
            Instant.ofEpochMilli(nowMs), file.pid(), uptime(nowMs - file.startTimeMs()),
            file.heartbeatAgeMs(nowMs) / 1000.0,
            first ? "since start" : String.format(Locale.ROOT, "over %.1fs", seconds)));
        for (int i = 0; i < rows.size(); i++)
        {
            final Row row = rows.get(i);
            final long value = row.value.applyAsLong(totals);
            final String rate = row.counted ?
                String.format(Locale.ROOT, "%.1f/s", (value - previous[i]) / seconds) : "";
            block.append(String.format(Locale.ROOT, rowFormat, row.label, value, rate).stripTrailing())
                .append(System.lineSeparator());
            previous[i] = value;
        }
        previousMs = nowMs;
        return block.toString();
    }

    private static String uptime(final long ms)
    {
        final long seconds = Math.max(0, ms / 1000);
        final String time = String.format(Locale.ROOT, "%02d:%02d:%02d",
            seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
        return seconds >= 86_400 ? seconds / 86_400 + "d " + time : time;
    }

    private static List<Row> rows(final int workers)
    {
        final List<Row> rows = new ArrayList<>();
        rows.add(gauge("connections active", CounterTypes.CONNECTIONS_ACTIVE));
        rows.add(count("connections opened", CounterTypes.CONNECTIONS_OPENED));
        rows.add(count("connections closed", CounterTypes.CONNECTIONS_CLOSED));
        for (final CloseReason reason : CloseReason.values())
        {
            rows.add(new Row("  " + reason.label(), (totals) -> totals.closed(reason), true));
        }
        rows.add(count("handshakes accepted", CounterTypes.HANDSHAKES_ACCEPTED));
        rows.add(count("handshakes rejected", CounterTypes.HANDSHAKES_REJECTED));
        // Rejections are counted by status: the checks answering with a status share its row.
        for (int i = 0; i < CounterLabels.rejectionStatusCount(); i++)
        {
            final int status = CounterLabels.rejectionStatus(i);
            rows.add(new Row("  " + status + " " + CounterLabels.rejectionChecks(i),
                (totals) -> totals.rejected(status), true));
        }
        rows.add(count("handshake timeouts", CounterTypes.HANDSHAKE_TIMEOUTS));
        rows.add(count("close timeouts", CounterTypes.CLOSE_TIMEOUTS));
        rows.add(count("messages received", CounterTypes.MESSAGES_RECEIVED));
        rows.add(count("messages sent", CounterTypes.MESSAGES_SENT));
        rows.add(count("bytes received", CounterTypes.BYTES_RECEIVED));
        rows.add(count("bytes sent", CounterTypes.BYTES_SENT));
        rows.add(count("pings received", CounterTypes.PINGS_RECEIVED));
        rows.add(count("pongs sent", CounterTypes.PONGS_SENT));
        rows.add(count("pings sent", CounterTypes.PINGS_SENT));
        rows.add(count("pongs received", CounterTypes.PONGS_RECEIVED));
        rows.add(gauge("pending output bytes", CounterTypes.PENDING_BYTES));
        rows.add(count("accept failures", CounterTypes.ACCEPT_FAILURES));
        for (int worker = 0; worker < workers; worker++)
        {
            final int index = worker;
            rows.add(new Row("worker " + worker + " duty cycle max us",
                (totals) -> totals.dutyCycleMaxNs(index) / 1000, false));
            rows.add(new Row("worker " + worker + " duty cycles over threshold",
                (totals) -> totals.dutyCyclesExceeded(index), true));
        }
        rows.add(count("errors", CounterTypes.ERRORS));
        rows.add(gauge("topics", CounterTypes.TOPICS_ACTIVE));
        rows.add(gauge("subscriptions", CounterTypes.SUBSCRIPTIONS_ACTIVE));
        rows.add(count("publishes", CounterTypes.PUBLISHES));
        rows.add(count("publishes refused", CounterTypes.PUBLISHES_REFUSED));
        rows.add(count("deliveries", CounterTypes.DELIVERIES));
        rows.add(count("messages dropped", CounterTypes.MESSAGES_DROPPED));
        return rows;
    }

    private static Row gauge(final String label, final int typeId)
    {
        return new Row(label, (totals) -> totals.get(typeId), false);
    }

    private static Row count(final String label, final int typeId)
    {
        return new Row(label, (totals) -> totals.get(typeId), true);
    }

    /**
     * One line of the block: a label, how to read its value, and whether it counts events (and so has a rate).
     */
    private record Row(String label, ToLongFunction<EngineTotals> value, boolean counted)
    {
    }
}
