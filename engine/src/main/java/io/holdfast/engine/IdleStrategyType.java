package io.holdfast.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * What a worker does when a duty cycle found no work: the trade between latency and the CPU an idle server burns.
 */
public enum IdleStrategyType
{
    /** Spin, then yield, then park for up to a millisecond: low latency under load, little CPU when idle. */
    BACKOFF,
    /** Never give up the core: lowest latency, one full core per worker. */
    BUSY_SPIN,
    /** Yield the core after each empty cycle. */
    YIELDING,
    /** Sleep a millisecond after each empty cycle: little CPU, for density over latency. */
    SLEEPING,
    /**
     * Spin briefly, then block in the selector until a socket is ready, a command arrives or the next timer tick is
     * due: the least CPU with no added latency for socket events.
     */
    BLOCKING;

    /**
     * @return a new idle strategy of this type; each worker needs its own.
     */
    public IdleStrategy newIdleStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
            case BLOCKING: // the worker blocks in its selector itself; between its cycles it only spins
                return new BusySpinIdleStrategy();
            case YIELDING:
                return new YieldingIdleStrategy();
            case SLEEPING:
                return new SleepingMillisIdleStrategy(1);
            default:
                return new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
        }
    }
}
