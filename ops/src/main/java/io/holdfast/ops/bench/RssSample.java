package io.holdfast.ops.bench;

/**
 * A server's resident set while it held one step's idle connections: both readings in KiB ({@code pmap -x} total
 * and VmRSS), or why there is no reading, and what went wrong on the way (fewer connections than asked for).
 *
 * @param connections the connections asked for.
 * @param established the connections the load generator had open when RSS was read.
 * @param pmapRssKib  the RSS column of pmap's total line, or -1 when not read.
 * @param vmRssKib    VmRSS from /proc/PID/status, or -1 when not read.
 * @param failure     what failed at this step, or null when it went as asked.
 */
record RssSample(int connections, long established, long pmapRssKib, long vmRssKib, String failure)
{
    /**
     * @return a step the server could not reach: no reading.
     */
    static RssSample failed(final int connections, final long established, final String failure)
    {
        return new RssSample(connections, established, -1, -1, failure);
    }

    /**
     * @return whether RSS was read.
     */
    boolean isRead()
    {
        return vmRssKib >= 0;
    }

    /**
     * @return whether RSS was read with every asked-for connection open: a point of the chart.
     */
    boolean isComplete()
    {
        return isRead() && failure == null;
    }
}
