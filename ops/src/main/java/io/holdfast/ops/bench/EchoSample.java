package io.holdfast.ops.bench;

/**
 * One echo run against a server, closed loop (as fast as the echoes come back) or open loop (a fixed total rate):
 * throughput and latency from the load generator, the server's CPU per million echoed messages and the client's CPU
 * from /proc over the measured window.
 *
 * @param openLoop            whether messages were sent at a fixed rate.
 * @param connections         the connections asked for.
 * @param targetRate          the open loop's total rate in msg/s, 0 for closed loop.
 * @param messages            echoes received in the measured window.
 * @param messagesPerSecond   the rate achieved.
 * @param latency             the latency percentiles.
 * @param serverCpuPerMillion server CPU seconds per million echoed messages, or -1 when not measured.
 * @param clientCpuSeconds    the CPU seconds the client reported for its whole run, or -1.
 * @param clientCoreShare     the client's CPU over the measured window as a share of one core, or -1.
 * @param failure             what failed, or null when the run went as asked.
 */
record EchoSample(boolean openLoop, int connections, int targetRate, long messages, double messagesPerSecond,
    Latency latency, double serverCpuPerMillion, double clientCpuSeconds, double clientCoreShare, String failure)
{
    /** A client using this share of one core or more is the bottleneck, not the server. */
    static final double CLIENT_BOUND_SHARE = 0.9;
    /** An open-loop run that echoed less than this share of its target rate fell behind it. */
    static final double BEHIND_SHARE = 0.95;

    /**
     * @return a run that gave no numbers.
     */
    static EchoSample failed(final boolean openLoop, final int connections, final int targetRate,
        final String failure)
    {
        return new EchoSample(openLoop, connections, targetRate, 0, -1, Latency.NONE, -1, -1, -1, failure);
    }

    /**
     * @return whether the run produced numbers (it may still have a failure to show, such as failed connections).
     */
    boolean isMeasured()
    {
        return messagesPerSecond >= 0;
    }

    /**
     * @return whether the client used 90% of a core or more in closed loop, or in an open loop that fell behind its
     *     rate: the numbers say more about the client than the server. An open loop that kept its rate is not
     *     client-bound however busy the client's scheduler was.
     */
    boolean isClientBound()
    {
        return clientCoreShare >= CLIENT_BOUND_SHARE && (!openLoop || isBehindRate());
    }

    /**
     * @return whether an open-loop run echoed clearly fewer messages than its rate: the server did not keep up, and
     *     its latency is that of the messages it did echo.
     */
    boolean isBehindRate()
    {
        return openLoop && isMeasured() && messagesPerSecond < BEHIND_SHARE * targetRate;
    }
}
