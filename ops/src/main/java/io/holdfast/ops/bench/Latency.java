package io.holdfast.ops.bench;

/**
 * Echo latency percentiles of one run, in microseconds, as the load generator's histogram gives them.
 */
record Latency(double p50Us, double p90Us, double p99Us, double p999Us, double maxUs)
{
    static final Latency NONE = new Latency(-1, -1, -1, -1, -1);
}
