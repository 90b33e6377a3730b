package io.holdfast.ops;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code holdfast stat}: prints a running server's counters every interval, read from its counters file in another
 * process, as AeronStat does for Aeron. Stops after {@code --count} blocks, on SIGINT, or when the server stops.
 */
final class StatCommand
{
    private static final String USAGE =
        "usage: holdfast stat [--interval 1s] [--count N] " + ServerDirectory.USAGE;
    private static final long DEFAULT_INTERVAL_MS = 1_000;
    private static final long MIN_INTERVAL_MS = 10;
    private static final long MAX_INTERVAL_MS = 24 * 3_600_000L;

    private StatCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        long intervalMs = DEFAULT_INTERVAL_MS;
        long count = Long.MAX_VALUE;
        final ConfigArguments arguments;
        try
        {
            final List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.length; i++)
            {
                if ("--interval".equals(args[i]))
                {
                    intervalMs = option(args, i++,
                        (value) -> ConfigValues.durationMs(value, MIN_INTERVAL_MS, MAX_INTERVAL_MS));
                }
                else if ("--count".equals(args[i]))
                {
                    count = option(args, i++, (value) -> ConfigValues.integer(value, 1, Integer.MAX_VALUE));
                }
                else
                {
                    rest.add(args[i]);
                }
            }
            arguments = ConfigArguments.parse(rest.toArray(new String[0]), ServerDirectory.OPTION);
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast stat: " + ex.getMessage());
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        return stat(arguments, intervalMs, count, out, err);
    }

    private static int stat(final ConfigArguments arguments, final long intervalMs, final long count,
        final PrintStream out, final PrintStream err)
    {
        try (CountersFileReader file = CountersFileReader.open(ServerDirectory.of(arguments)))
        {
            final StatBlock block = new StatBlock(file);
            for (long i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    Thread.sleep(intervalMs);
                }
                final long nowMs = System.currentTimeMillis();
                if (!file.isLive(nowMs))
                {
                    err.println("holdfast stat: " + file.notRunningMessage(nowMs));
                    return Main.EXIT_FAILED;
                }
                out.print((i > 0 ? System.lineSeparator() : "") + block.next(nowMs));
                out.flush();
            }
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast stat: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        catch (final CountersFileException ex)
        {
            err.println("holdfast stat: " + ex.getMessage());
            return Main.EXIT_FAILED;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return Main.EXIT_OK;
    }

    /**
     * @return the value of the option at {@code index}, parsed.
     * @throws ConfigException naming the option, the value and the form expected.
     */
    private static long option(final String[] args, final int index, final ToLongFunction<String> parse)
        throws ConfigException
    {
        if (index + 1 == args.length)
        {
            throw new ConfigException(args[index] + " needs a value");
        }
        try
        {
            return parse.applyAsLong(args[index + 1]);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(
                args[index] + " " + args[index + 1] + " is not valid; expected " + ex.getMessage());
        }
    }
}
