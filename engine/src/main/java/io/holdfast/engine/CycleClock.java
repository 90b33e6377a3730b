package io.holdfast.engine;

/**
 * A worker's time, read once per duty cycle: every deadline and activity stamp in that cycle uses the same value,
 * and reading it costs nothing. Monotonic, from an arbitrary origin.
 */
final class CycleClock
{
    private long nowNs = System.nanoTime();
    private long nowMs = nowNs / 1_000_000;

    /**
     * @return the time in milliseconds, now stored for the rest of the duty cycle.
     */
    long update()
    {
        nowNs = System.nanoTime();
        nowMs = nowNs / 1_000_000;
        return nowMs;
    }

    long nowMs()
    {
        return nowMs;
    }

    /**
     * @return nanoseconds since the start of the duty cycle.
     */
    long elapsedNs()
    {
        return System.nanoTime() - nowNs;
    }
}
