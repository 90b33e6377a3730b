package io.holdfast.ops.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last run in a {@code holdfast load} summary CSV ({@code NAME.csv}: a header, then one line per run), read by
 * column name so that the load generator may add columns: message count, rate, latency percentiles and the
 * client's CPU of the echo or open-loop phase, and a broadcast run's deliveries.
 */
final class LoadSummary
{
    private final Map<String, String> values;

    private LoadSummary(final Map<String, String> values)
    {
        this.values = values;
    }

    /**
     * @param csv the whole file.
     * @return the last line's values.
     * @throws IllegalArgumentException when the file has no data line or a line has more fields than the header.
     */
    static LoadSummary parse(final String csv)
    {
        final List<String> lines = csv.lines().filter((line) -> !line.isBlank()).toList();
        if (lines.size() < 2)
        {
            throw new IllegalArgumentException("no run in the load summary CSV");
        }
        final List<String> header = CsvLine.split(lines.get(0));
        final List<String> last = CsvLine.split(lines.get(lines.size() - 1));
        if (last.size() > header.size())
        {
            throw new IllegalArgumentException("load summary line has " + last.size() + " fields, header " +
                header.size());
        }
        final Map<String, String> values = new HashMap<>();
        for (int i = 0; i < last.size(); i++)
        {
            values.put(header.get(i).trim(), last.get(i).trim());
        }
        return new LoadSummary(values);
    }

    long messages()
    {
        return (long)number("messages");
    }

    double messagesPerSecond()
    {
        return number("msg_per_s");
    }

    double p50Us()
    {
        return number("p50_us");
    }

    double p90Us()
    {
        return number("p90_us");
    }

    double p99Us()
    {
        return number("p99_us");
    }

    double p999Us()
    {
        return number("p999_us");
    }

    double maxUs()
    {
        return number("max_us");
    }

    double clientCpuSeconds()
    {
        return number("client_cpu_s");
    }

    long deliveries()
    {
        return (long)number("deliveries");
    }

    double deliveriesPerSecond()
    {
        return number("deliveries_per_s");
    }

    double deliveryP50Us()
    {
        return number("delivery_p50_us");
    }

    double deliveryP99Us()
    {
        return number("delivery_p99_us");
    }

    long missing()
    {
        return (long)number("missing");
    }

    long duplicates()
    {
        return (long)number("duplicates");
    }

    long outOfOrder()
    {
        return (long)number("out_of_order");
    }

    /**
     * @return the column's value as a number.
     * @throws IllegalArgumentException naming the column when it is missing, empty or not a number.
     */
    private double number(final String column)
    {
        final String value = values.get(column);
        if (value == null || value.isEmpty())
        {
            throw new IllegalArgumentException("load summary CSV has no " + column + " value");
        }
        try
        {
            return Double.parseDouble(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("load summary CSV " + column + " is not a number: " + value);
        }
    }
}
