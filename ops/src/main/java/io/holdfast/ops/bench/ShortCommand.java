package io.holdfast.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short outside command ({@code pmap}, {@code getconf}, {@code nproc}, {@code uname}) to completion within a
 * bound and returns what it printed.
 */
final class ShortCommand
{
    private static final long TIMEOUT_MS = 10_000;

    private ShortCommand()
    {
    }

    /**
     * @return the command's stdout, trimmed.
     * @throws IOException naming the command when it cannot start, runs too long or exits with a failure.
     */
    static String output(final String... command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            process.getOutputStream().close();
            final byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_MS + " ms");
            }
            if (process.exitValue() != 0)
            {
                throw new IOException(String.join(" ", command) + " failed with status " + process.exitValue());
            }
            return new String(stdout, StandardCharsets.UTF_8).trim();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " interrupted");
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    /**
     * @return the last line of the command's stdout.
     */
    static String lastLine(final String... command) throws IOException
    {
        final List<String> lines = output(command).lines().toList();
        if (lines.isEmpty())
        {
            throw new IOException(String.join(" ", command) + " printed nothing");
        }
        return lines.get(lines.size() - 1);
    }
}
