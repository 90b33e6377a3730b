package io.holdfast.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads another process's resident set and CPU time the way the published comparison did: {@code pmap -x PID} and
 * {@code /proc/PID/status} for memory, {@code /proc/PID/stat} (utime + stime over {@code getconf CLK_TCK}) for CPU.
 */
final class ProcessProbe
{
    private final double ticksPerSecond;

    private ProcessProbe(final double ticksPerSecond)
    {
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * @return a probe using this machine's clock tick rate.
     * @throws IOException when getconf is missing or prints no number.
     */
    static ProcessProbe create() throws IOException
    {
        final String ticks = ShortCommand.output("getconf", "CLK_TCK");
        try
        {
            return new ProcessProbe(Long.parseLong(ticks));
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException("getconf CLK_TCK printed " + ticks);
        }
    }

    /**
     * @return the process's user plus system CPU seconds so far, all threads.
     */
    double cpuSeconds(final long pid) throws IOException
    {
        return ProcText.cpuTicks(Files.readString(proc(pid, "stat"))) / ticksPerSecond;
    }

    /**
     * @return the VmRSS of /proc/PID/status in KiB.
     */
    long vmRssKib(final long pid) throws IOException
    {
        return ProcText.vmRssKib(Files.readString(proc(pid, "status")));
    }

    /**
     * @return the RSS column of {@code pmap -x PID}'s total line in KiB.
     */
    long pmapRssKib(final long pid) throws IOException
    {
        return ProcText.pmapRssKib(ShortCommand.lastLine("pmap", "-x", Long.toString(pid)));
    }

    private static Path proc(final long pid, final String file)
    {
        return Path.of("/proc", Long.toString(pid), file);
    }
}
