package io.holdfast.ops;

import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.PrintStream;
import java.time.Instant;

/**
 * {@code holdfast errors}: prints the distinct errors a server recorded in its counters file, each with how often
 * and when it was first and last seen and its stack trace, then a summary line. The errors of a server that is no
 * longer running are printed too, as they may say why it stopped, followed by a line on stderr that it is not
 * running and exit status 1.
 */
final class ErrorsCommand
{
    private static final String USAGE = "usage: holdfast errors " + ServerDirectory.USAGE;

    private ErrorsCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final ConfigArguments arguments;
        try
        {
            arguments = ConfigArguments.parse(args, ServerDirectory.OPTION);
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast errors: " + ex.getMessage());
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }

        try (CountersFileReader file = CountersFileReader.open(ServerDirectory.of(arguments)))
        {
            print(file, out);
            final long nowMs = System.currentTimeMillis();
            if (!file.isLive(nowMs))
            {
                err.println("holdfast errors: " + file.notRunningMessage(nowMs));
                return Main.EXIT_FAILED;
            }
        }
        catch (final ConfigException ex)
        {
            err.println("holdfast errors: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        catch (final CountersFileException ex)
        {
            err.println("holdfast errors: " + ex.getMessage());
            return Main.EXIT_FAILED;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }

    private static void print(final CountersFileReader file, final PrintStream out)
    {
        final long[] observations = new long[1];
        final int distinct = ErrorLogReader.read(file.errorLog(),
            (count, firstMs, lastMs, encodedException) ->
            {
                observations[0] += count;
                out.println(plural(count, "observation") + ", first " + Instant.ofEpochMilli(firstMs) +
                    ", last " + Instant.ofEpochMilli(lastMs));
                out.println(encodedException.stripTrailing());
                out.println();
            });
        out.println(distinct == 0 ? "no errors recorded" :
            plural(distinct, "distinct error") + ", " + plural(observations[0], "observation"));
        out.flush();
    }

    private static String plural(final long count, final String noun)
    {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
