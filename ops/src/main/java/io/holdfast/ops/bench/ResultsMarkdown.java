package io.holdfast.ops.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code results.md}: a header saying when, where and how the run was made, then markdown tables of RSS by idle
 * connections (with KiB per added connection), closed-loop echo, open-loop latency and broadcast (with each server's
 * ratios to Go's), one row per server and run; a table whose scenario did not run is left out. A measurement that
 * failed shows what it has and a numbered note saying what went wrong, never a blank.
 */
final class ResultsMarkdown
{
    /** The idle-connection counts the memory targets are stated at. */
    private static final int[] SLOPE_TARGETS = {10_000, 19_000};
    private static final double KIB_PER_MIB = 1024.0;

    private final RunHeader header;
    private final List<ServerResults> servers;
    private final int[] steps;
    private final String openLoopRate;
    private final List<String> footnotes = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private ResultsMarkdown(final RunHeader header, final List<ServerResults> servers, final int[] steps,
        final String openLoopRate)
    {
        this.header = header;
        this.servers = servers;
        this.steps = steps;
        this.openLoopRate = openLoopRate;
    }

    /**
     * @param steps        the idle-connection steps, ascending: the RSS table's columns.
     * @param openLoopRate the open-loop rate and where it came from, for that table's title.
     * @return the whole file.
     */
    static String write(final RunHeader header, final List<ServerResults> servers, final int[] steps,
        final String openLoopRate)
    {
        return new ResultsMarkdown(header, servers, steps, openLoopRate).write();
    }

    /**
     * @return pairs of steps (from, to) between which KiB per added idle connection is shown: from the smallest
     *     non-zero step (0 when there is only one) to 10,000 and to 19,000 when those are steps, else to the largest.
     */
    static List<int[]> slopes(final int[] steps)
    {
        final int[] nonZero = Arrays.stream(steps).filter((step) -> step > 0).toArray();
        final List<int[]> slopes = new ArrayList<>();
        if (nonZero.length == 0)
        {
            return slopes;
        }
        final int from = nonZero.length >= 2 ? nonZero[0] : 0;
        for (final int target : SLOPE_TARGETS)
        {
            if (target > from && Arrays.stream(steps).anyMatch((step) -> step == target))
            {
                slopes.add(new int[]{from, target});
            }
        }
        if (slopes.isEmpty())
        {
            slopes.add(new int[]{from, nonZero[nonZero.length - 1]});
        }
        return slopes;
    }

    /**
     * @return VmRSS growth per added connection between two steps in KiB, or NaN when either was not read fully.
     */
    static double kibPerConnection(final ServerResults server, final int from, final int to)
    {
        final RssSample low = server.rssAt(from);
        final RssSample high = server.rssAt(to);
        if (low == null || high == null || !low.isComplete() || !high.isComplete() || to <= from)
        {
            return Double.NaN;
        }
        return (high.vmRssKib() - low.vmRssKib()) / (double)(to - from);
    }

    private String write()
    {
        writeHeader();
        if (measured().stream().anyMatch((server) -> !server.rss().isEmpty()))
        {
            writeRss();
        }
        if (measured().stream().anyMatch((server) -> !server.echo().isEmpty()))
        {
            writeEcho();
        }
        if (measured().stream().anyMatch((server) -> !server.openLoop().isEmpty()))
        {
            writeOpenLoop();
        }
        if (measured().stream().anyMatch((server) -> !server.broadcast().isEmpty()))
        {
            writeBroadcast();
        }
        writeNotes();
        return text.toString();
    }

    private void writeHeader()
    {
        line("# holdfast bench results");
        line("");
        line("- Date: " + header.date());
        line("- Machine: " + header.machine());
        line("- Runtimes:");
        header.runtimes().forEach((runtime) -> line("  - " + runtime));
        line("- Command: `" + header.command() + "`");
        header.method().forEach((sentence) -> line("- " + sentence));
        line("");
    }

    private void writeRss()
    {
        line("## Resident memory by idle connections");
        line("");
        line("VmRSS in MiB (pmap -x's RSS is in results.csv beside it); KiB per connection is the VmRSS growth " +
            "between two steps divided by the connections added.");
        line("");
        final List<int[]> slopes = slopes(steps);
        final StringBuilder title = new StringBuilder("| server |");
        final StringBuilder rule = new StringBuilder("| --- |");
        for (final int step : steps)
        {
            title.append(String.format(Locale.ROOT, " %,d |", step));
            rule.append(" ---: |");
        }
        for (final int[] slope : slopes)
        {
            title.append(String.format(Locale.ROOT, " KiB per connection %,d to %,d |", slope[0], slope[1]));
            rule.append(" ---: |");
        }
        line(title.toString());
        line(rule.toString());
        for (final ServerResults server : measured())
        {
            final StringBuilder row = new StringBuilder("| ").append(cell(server.name())).append(" |");
            for (final int step : steps)
            {
                row.append(' ').append(rssCell(server, server.rssAt(step))).append(" |");
            }
            for (final int[] slope : slopes)
            {
                row.append(' ').append(slope(kibPerConnection(server, slope[0], slope[1]))).append(" |");
            }
            line(row.toString());
        }
        line("");
        line("![RSS against idle connections](rss.svg)");
        line("");
    }

    private void writeEcho()
    {
        line("## Echo, closed loop, " + LoadArguments.ECHO_BYTES + "-byte text");
        line("");
        line("| server | connections | msg/s | p50 us | p90 us | p99 us | p99.9 us | max us | " +
            "server CPU s per million | client CPU % of a core | note |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (final ServerResults server : measured())
        {
            for (final EchoSample sample : server.echo())
            {
                final Latency latency = sample.latency();
                line("| " + cell(server.name()) + " | " + count(sample.connections()) + " | " +
                    number(sample.messagesPerSecond(), 0) + " | " + number(latency.p50Us(), 0) + " | " +
                    number(latency.p90Us(), 0) + " | " + number(latency.p99Us(), 0) + " | " +
                    number(latency.p999Us(), 0) + " | " + number(latency.maxUs(), 0) + " | " +
                    number(sample.serverCpuPerMillion(), 2) + " | " + percent(sample.clientCoreShare()) + " | " +
                    echoNote(server, sample) + " |");
            }
        }
        line("");
    }

    private void writeOpenLoop()
    {
        line("## Open loop at a fixed total rate");
        line("");
        line("Rate: " + openLoopRate + "; latency corrected for coordinated omission; behind rate: the server " +
            "echoed under " + Math.round(EchoSample.BEHIND_SHARE * 100) + "% of the rate, so its latency is that of " +
            "the messages it did echo.");
        line("");
        line("| server | connections | target msg/s | msg/s | p50 us | p99 us | p99.9 us | max us | " +
            "server CPU s per million | client CPU % of a core | note |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (final ServerResults server : measured())
        {
            for (final EchoSample sample : server.openLoop())
            {
                final Latency latency = sample.latency();
                line("| " + cell(server.name()) + " | " + count(sample.connections()) + " | " +
                    count(sample.targetRate()) + " | " + number(sample.messagesPerSecond(), 0) + " | " +
                    number(latency.p50Us(), 0) + " | " + number(latency.p99Us(), 0) + " | " +
                    number(latency.p999Us(), 0) + " | " + number(latency.maxUs(), 0) + " | " +
                    number(sample.serverCpuPerMillion(), 2) + " | " + percent(sample.clientCoreShare()) + " | " +
                    echoNote(server, sample) + " |");
            }
        }
        line("");
    }

    private void writeBroadcast()
    {
        line("## Broadcast, " + LoadArguments.BROADCAST_BYTES + "-byte text every " +
            LoadArguments.PUBLISH_INTERVAL_MS + " ms");
        line("");
        line("One topic, its subscribers and one more connection publishing; latency in microseconds from sending a " +
            "publish to the arrival of its last delivery (last) and of each delivery (each); server CPU microseconds " +
            "per delivery from /proc; deliveries missing, duplicate or out of order are a failure, noted.");
        line("");
        line("| server | subscribers | deliveries/s | last p50 us | last p90 us | last p99 us | last max us | " +
            "each p50 us | each p99 us | server CPU us per delivery | client CPU % of a core | note |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (final ServerResults server : measured())
        {
            for (final BroadcastSample sample : server.broadcast())
            {
                final Latency last = sample.lastDelivery();
                line("| " + cell(server.name()) + " | " + count(sample.subscribers()) + " | " +
                    number(sample.deliveriesPerSecond(), 0) + " | " + number(last.p50Us(), 0) + " | " +
                    number(last.p90Us(), 0) + " | " + number(last.p99Us(), 0) + " | " + number(last.maxUs(), 0) +
                    " | " + number(sample.deliveryP50Us(), 0) + " | " + number(sample.deliveryP99Us(), 0) + " | " +
                    number(sample.serverCpuUsPerDelivery(), 2) + " | " + percent(sample.clientCoreShare()) + " | " +
                    broadcastNote(server, sample) + " |");
            }
        }
        line("");
        writeBroadcastRatios();
    }

    /**
     * Each server's broadcast p99 to the last delivery and CPU per delivery divided by Go's at the same subscriber
     * count, when Go ran.
     */
    private void writeBroadcastRatios()
    {
        final ServerResults go = measured().stream().filter((server) -> Bench.GO.equals(server.name())).findFirst()
            .orElse(null);
        if (go == null || go.broadcast().isEmpty())
        {
            return;
        }
        line("Relative to go (below 1: less than go's):");
        line("");
        line("| server | subscribers | p99 to last delivery / go's | server CPU per delivery / go's |");
        line("| --- | ---: | ---: | ---: |");
        for (final ServerResults server : measured())
        {
            if (server == go)
            {
                continue;
            }
            for (final BroadcastSample sample : server.broadcast())
            {
                final BroadcastSample goSample = go.broadcastAt(sample.subscribers());
                if (goSample != null)
                {
                    line("| " + cell(server.name()) + " | " + count(sample.subscribers()) + " | " +
                        ratio(sample.lastDelivery().p99Us(), goSample.lastDelivery().p99Us()) + " | " +
                        ratio(sample.serverCpuUsPerDelivery(), goSample.serverCpuUsPerDelivery()) + " |");
                }
            }
        }
        line("");
    }

    private void writeNotes()
    {
        for (final ServerResults server : servers)
        {
            server.notes().forEach((note) -> footnote(server.name() + ": " + note));
        }
        if (footnotes.isEmpty())
        {
            return;
        }
        line("## Notes");
        line("");
        for (int i = 0; i < footnotes.size(); i++)
        {
            line("[" + (i + 1) + "] " + cell(footnotes.get(i)) + (i + 1 < footnotes.size() ? "  " : ""));
        }
    }

    private String rssCell(final ServerResults server, final RssSample sample)
    {
        if (sample == null)
        {
            return "";
        }
        final String value = sample.isRead() ? number(sample.vmRssKib() / KIB_PER_MIB, 1) : "failed";
        if (sample.failure() == null)
        {
            return value;
        }
        return value + " [" + footnote(String.format(Locale.ROOT, "%s at %,d connections: %s", server.name(),
            sample.connections(), sample.failure())) + "]";
    }

    private String echoNote(final ServerResults server, final EchoSample sample)
    {
        final List<String> notes = new ArrayList<>();
        if (sample.isClientBound())
        {
            notes.add("client-bound");
        }
        if (sample.isBehindRate())
        {
            notes.add("behind rate");
        }
        if (sample.failure() != null)
        {
            notes.add("[" + footnote(String.format(Locale.ROOT, "%s, %s at %,d connections: %s", server.name(),
                sample.openLoop() ? "open loop" : "closed loop", sample.connections(), sample.failure())) + "]");
        }
        return String.join(" ", notes);
    }

    private String broadcastNote(final ServerResults server, final BroadcastSample sample)
    {
        final List<String> notes = new ArrayList<>();
        if (sample.isClientBound())
        {
            notes.add("client-bound");
        }
        if (sample.failure() != null)
        {
            notes.add("[" + footnote(String.format(Locale.ROOT, "%s, broadcast to %,d subscribers: %s",
                server.name(), sample.subscribers(), sample.failure())) + "]");
        }
        return String.join(" ", notes);
    }

    /**
     * @return the servers that ran; skipped ones appear only in the notes.
     */
    private List<ServerResults> measured()
    {
        return servers.stream().filter(ServerResults::hasMeasurements).toList();
    }

    private int footnote(final String note)
    {
        footnotes.add(note);
        return footnotes.size();
    }

    private void line(final String line)
    {
        text.append(line).append('\n');
    }

    private static String cell(final String value)
    {
        return value.replace("|", "\\|").replace('\n', ' ');
    }

    private static String count(final long value)
    {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String number(final double value, final int places)
    {
        return value < 0 ? "-" : String.format(Locale.ROOT, "%,." + places + "f", value);
    }

    private static String slope(final double kib)
    {
        return Double.isNaN(kib) ? "-" : String.format(Locale.ROOT, "%.2f", kib);
    }

    /**
     * @return a ratio such as {@code 0.42}, or {@code -} when either side was not measured.
     */
    static String ratio(final double value, final double base)
    {
        return value < 0 || base <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", value / base);
    }

    private static String percent(final double share)
    {
        return share < 0 ? "-" : String.format(Locale.ROOT, "%.0f", share * 100);
    }
}
