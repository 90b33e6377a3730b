package io.holdfast.ops.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code results.csv}: one line per server and measurement (an RSS step, a closed-loop or an open-loop echo run, a
 * broadcast run, a note), every number in its base unit, empty where it does not apply or was not measured. A
 * broadcast line has its subscribers under connections, its deliveries under messages and msg_per_s, and its latency
 * from publish to last delivery under the percentiles.
 */
final class ResultsCsv
{
    static final List<String> COLUMNS = List.of("server", "measurement", "connections", "established",
        "pmap_rss_kib", "vmrss_kib", "target_msg_per_s", "messages", "msg_per_s", "p50_us", "p90_us", "p99_us",
        "p999_us", "max_us", "server_cpu_s_per_million", "client_cpu_s", "client_core_share", "client_bound",
        "publishes", "delivery_p50_us", "delivery_p99_us", "server_cpu_us_per_delivery", "missing", "duplicates",
        "out_of_order", "note");

    private ResultsCsv()
    {
    }

    /**
     * @return the whole file: the header and every server's lines.
     */
    static String write(final List<ServerResults> servers)
    {
        final StringBuilder csv = new StringBuilder(CsvLine.join(COLUMNS)).append('\n');
        for (final ServerResults server : servers)
        {
            for (final RssSample sample : server.rss())
            {
                final Map<String, String> row = row(server, "rss", sample.connections(), sample.failure());
                row.put("established", count(sample.established()));
                row.put("pmap_rss_kib", count(sample.pmapRssKib()));
                row.put("vmrss_kib", count(sample.vmRssKib()));
                append(csv, row);
            }
            server.echo().forEach((sample) -> append(csv, echo(server, sample)));
            server.openLoop().forEach((sample) -> append(csv, echo(server, sample)));
            server.broadcast().forEach((sample) -> append(csv, broadcast(server, sample)));
            server.notes().forEach((note) -> append(csv, row(server, "note", -1, note)));
        }
        return csv.toString();
    }

    private static Map<String, String> echo(final ServerResults server, final EchoSample sample)
    {
        final Map<String, String> row = row(server, sample.openLoop() ? "open-loop" : "closed-loop",
            sample.connections(), sample.failure());
        if (sample.openLoop())
        {
            row.put("target_msg_per_s", Integer.toString(sample.targetRate()));
        }
        if (sample.isMeasured())
        {
            row.put("messages", Long.toString(sample.messages()));
        }
        row.put("msg_per_s", decimal(sample.messagesPerSecond(), 1));
        putLatency(row, sample.latency());
        row.put("server_cpu_s_per_million", decimal(sample.serverCpuPerMillion(), 3));
        putClient(row, sample.clientCpuSeconds(), sample.clientCoreShare(), sample.isClientBound());
        return row;
    }

    private static Map<String, String> broadcast(final ServerResults server, final BroadcastSample sample)
    {
        final Map<String, String> row = row(server, "broadcast", sample.subscribers(), sample.failure());
        if (sample.isMeasured())
        {
            row.put("messages", Long.toString(sample.deliveries()));
            row.put("publishes", Long.toString(sample.publishes()));
            row.put("missing", Long.toString(sample.missing()));
            row.put("duplicates", Long.toString(sample.duplicates()));
            row.put("out_of_order", Long.toString(sample.outOfOrder()));
        }
        row.put("msg_per_s", decimal(sample.deliveriesPerSecond(), 1));
        putLatency(row, sample.lastDelivery());
        row.put("delivery_p50_us", decimal(sample.deliveryP50Us(), 0));
        row.put("delivery_p99_us", decimal(sample.deliveryP99Us(), 0));
        row.put("server_cpu_us_per_delivery", decimal(sample.serverCpuUsPerDelivery(), 3));
        putClient(row, sample.clientCpuSeconds(), sample.clientCoreShare(), sample.isClientBound());
        return row;
    }

    private static void putLatency(final Map<String, String> row, final Latency latency)
    {
        row.put("p50_us", decimal(latency.p50Us(), 0));
        row.put("p90_us", decimal(latency.p90Us(), 0));
        row.put("p99_us", decimal(latency.p99Us(), 0));
        row.put("p999_us", decimal(latency.p999Us(), 0));
        row.put("max_us", decimal(latency.maxUs(), 0));
    }

    private static void putClient(final Map<String, String> row, final double cpuSeconds, final double coreShare,
        final boolean clientBound)
    {
        row.put("client_cpu_s", decimal(cpuSeconds, 3));
        row.put("client_core_share", decimal(coreShare, 3));
        if (coreShare >= 0)
        {
            row.put("client_bound", Boolean.toString(clientBound));
        }
    }

    private static Map<String, String> row(final ServerResults server, final String measurement,
        final int connections, final String note)
    {
        final Map<String, String> row = new HashMap<>();
        row.put("server", server.name());
        row.put("measurement", measurement);
        row.put("connections", count(connections));
        row.put("note", note == null ? "" : note);
        return row;
    }

    private static void append(final StringBuilder csv, final Map<String, String> row)
    {
        csv.append(CsvLine.join(COLUMNS.stream().map((column) -> row.getOrDefault(column, "")).toList()))
            .append('\n');
    }

    private static String count(final long value)
    {
        return value < 0 ? "" : Long.toString(value);
    }

    private static String decimal(final double value, final int places)
    {
        return value < 0 ? "" : String.format(Locale.ROOT, "%." + places + "f", value);
    }
}
