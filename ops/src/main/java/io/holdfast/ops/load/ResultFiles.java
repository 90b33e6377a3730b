package io.holdfast.ops.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files a run leaves in {@code --output}: the echo latency histogram as {@code NAME.hgrm} (HdrHistogram's
 * percentile distribution, values in microseconds; in a broadcast run, publish to last delivery, and publish to each
 * delivery in {@code NAME-delivery.hgrm}), the handshake histogram as {@code NAME-handshake.hgrm}, and one line
 * appended to {@code NAME.csv}, whose header is written when the file is new. The broadcast columns are empty for
 * the other modes.
 */
public final class ResultFiles
{
    /** The CSV's columns, the first line of a new file. */
    public static final String CSV_HEADER = "name,url,mode,connections,established,failed," +
        "handshake_p50_us,handshake_p99_us,messages,seconds,msg_per_s,p50_us,p90_us,p99_us,p999_us,max_us," +
        "client_cpu_s,subscribers,deliveries,deliveries_per_s,delivery_p50_us,delivery_p99_us,delivery_max_us," +
        "missing,duplicates,out_of_order";
    /** The broadcast columns of a run in another mode. */
    private static final String NO_BROADCAST = ",".repeat(8);

    private static final int TICKS_PER_HALF_DISTANCE = 5;
    private static final Double MICROSECONDS = 1.0;

    private ResultFiles()
    {
    }

    /**
     * Write the run's files into its options' output directory, created if missing.
     *
     * @return the files written, histograms first.
     */
    public static List<Path> write(final LoadResult result) throws IOException
    {
        final Path directory = result.options().outputDirectory();
        final String name = result.options().name();
        Files.createDirectories(directory);
        final List<Path> written = new ArrayList<>();
        if (result.options().mode() != LoadMode.HOLD)
        {
            written.add(writeHistogram(result.latencyUs(), directory.resolve(name + ".hgrm")));
        }
        if (result.broadcast() != null)
        {
            written.add(writeHistogram(result.broadcast().deliveryUs(), directory.resolve(name + "-delivery.hgrm")));
        }
        written.add(writeHistogram(result.handshakeUs(), directory.resolve(name + "-handshake.hgrm")));
        written.add(appendCsv(result, directory.resolve(name + ".csv")));
        return written;
    }

    /**
     * @return the CSV line of a run, without its line end.
     */
    static String csvLine(final LoadResult result)
    {
        final LoadOptions options = result.options();
        final Histogram handshake = result.handshakeUs();
        final Histogram latency = result.latencyUs();
        final double seconds = options.mode() != LoadMode.HOLD ? result.measuredSeconds() : result.trafficSeconds();
        return String.join(",",
            csvText(options.name()), csvText(options.url().toString()), options.mode().label(),
            Long.toString(options.connections()), Long.toString(result.established()), Long.toString(result.failed()),
            percentile(handshake, ReportLines.P50), percentile(handshake, ReportLines.P99),
            Long.toString(result.messages()), decimal(seconds), decimal(result.messagesPerSecond()),
            percentile(latency, ReportLines.P50), percentile(latency, ReportLines.P90),
            percentile(latency, ReportLines.P99), percentile(latency, ReportLines.P999),
            Long.toString(latency.getMaxValue()), decimal(result.clientCpuSeconds()),
            result.broadcast() != null ? broadcastColumns(result.broadcast()) : NO_BROADCAST);
    }

    private static String broadcastColumns(final BroadcastResult broadcast)
    {
        final Histogram delivery = broadcast.deliveryUs();
        return String.join(",", Long.toString(broadcast.subscribers()), Long.toString(broadcast.deliveries()),
            decimal(broadcast.deliveriesPerSecond()), percentile(delivery, ReportLines.P50),
            percentile(delivery, ReportLines.P99), Long.toString(delivery.getMaxValue()),
            Long.toString(broadcast.missing()), Long.toString(broadcast.duplicates()),
            Long.toString(broadcast.outOfOrder()));
    }

    private static String percentile(final Histogram histogram, final double percentile)
    {
        return Long.toString(histogram.getValueAtPercentile(percentile));
    }

    private static Path writeHistogram(final Histogram histogram, final Path file) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.US_ASCII))
        {
            histogram.outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, MICROSECONDS);
        }
        return file;
    }

    private static Path appendCsv(final LoadResult result, final Path file) throws IOException
    {
        final boolean isNew = !Files.exists(file) || Files.size(file) == 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND))
        {
            if (isNew)
            {
                out.write(CSV_HEADER + "\n");
            }
            out.write(csvLine(result) + "\n");
        }
        return file;
    }

    private static String decimal(final double value)
    {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * Quote a field holding a comma, quote or line break, as RFC 4180 does.
     */
    private static String csvText(final String value)
    {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0)
        {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
