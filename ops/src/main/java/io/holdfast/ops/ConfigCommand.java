package io.holdfast.ops;

import io.holdfast.engine.EngineConfiguration;

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
        final ServerConfig config;
        try
        {
            values = arguments.read();
            config = ConfigLoader.configure(values);
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast config: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        print(values, config, out);
        return Main.EXIT_OK;
    }

    /**
     * Print a heading line, then each value's key, text and origin, in columns as wide as their widest entry.
     */
    private static void print(
        final List<ServerSettings.Value<?>> values, final ServerConfig config, final PrintStream out)
    {
        final String[] shown = new String[values.size()];
        int keyWidth = HEADINGS[0].length();
        int valueWidth = HEADINGS[1].length();
        for (int i = 0; i < shown.length; i++)
        {
            final ServerSettings.Value<?> value = values.get(i);
            shown[i] = shown(value, config);
            keyWidth = Math.max(keyWidth, value.key().length());
            valueWidth = Math.max(valueWidth, shown[i].length());
        }
        final String format = "%-" + (keyWidth + COLUMN_GAP) + "s%-" + (valueWidth + COLUMN_GAP) + "s%s%n";
        out.printf(format, (Object[])HEADINGS);
        for (int i = 0; i < shown.length; i++)
        {
            out.printf(format, values.get(i).key(), shown[i], values.get(i).origin());
        }
        out.flush();
    }

    /**
     * @return the value as written, and for {@code auto} also what it comes to on this host.
     */
    private static String shown(final ServerSettings.Value<?> value, final ServerConfig config)
    {
        if (!ServerSettings.AUTO.equals(value.text()))
        {
            return value.text();
        }
        switch (value.key())
        {
            case EngineConfiguration.WORKERS_PROP_NAME:
                return ServerSettings.AUTO + " (" + config.engine().workers() + ")";
            case EngineConfiguration.MAX_CONNECTIONS_PROP_NAME:
                return ServerSettings.AUTO + " (" + config.engine().effectiveMaxConnections() + ")";
            case OpsConfiguration.DIR_PROP_NAME:
                return ServerSettings.AUTO + " (" + config.directory() + ")";
            default:
                return value.text();
        }
    }
}
