package io.holdfast.ops;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code holdfast config}: prints the configuration {@code holdfast serve} would start with from the same arguments,
 * one key a line in aligned columns: the key, its effective value as a config file would hold it, and where that
 * value came from ({@code default}, {@code FILE:LINE}, {@code -Dholdfast.KEY} or {@code command line}). A
 * configuration serve would refuse is refused here with the same message.
 */
final class ConfigCommand
{
    private static final String USAGE = "usage: holdfast config [--config FILE]... [key=value]...";
    private static final String[] HEADINGS = {"KEY", "VALUE", "ORIGIN"};
    private static final int COLUMN_GAP = 2;

    private ConfigCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final ConfigArguments arguments;
        try
        {
            arguments = ConfigArguments.parse(args);
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast config: " + ex.getMessage());
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }

        final List<ServerSettings.Value<?>> values;
        try
        {
            values = arguments.read();
            ConfigLoader.configure(values);
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast config: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        print(values, out);
        return Main.EXIT_OK;
    }

    /**
     * Print a heading line, then each value's key, text and origin, in columns as wide as their widest entry.
     */
    private static void print(final List<ServerSettings.Value<?>> values, final PrintStream out)
    {
        int keyWidth = HEADINGS[0].length();
        int valueWidth = HEADINGS[1].length();
        for (final ServerSettings.Value<?> value : values)
        {
            keyWidth = Math.max(keyWidth, value.key().length());
            valueWidth = Math.max(valueWidth, value.text().length());
        }
        final String format = "%-" + (keyWidth + COLUMN_GAP) + "s%-" + (valueWidth + COLUMN_GAP) + "s%s%n";
        out.printf(format, (Object[])HEADINGS);
        for (final ServerSettings.Value<?> value : values)
        {
            out.printf(format, value.key(), value.text(), value.origin());
        }
        out.flush();
    }
}
