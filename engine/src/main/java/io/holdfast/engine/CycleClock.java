package io.holdfast.engine;

/**
 * A worker's time, read once per duty cycle: every deadline and activity stamp in that cycle uses the same value,
 * and reading it costs nothing. Monotonic milliseconds from an arbitrary origin.
 */
final class CycleClock
{
    private long nowMs = System.nanoTime() / 1_000_000;

    /**
     * @return the time, now stored for the rest of the duty cycle.
     */
    long update()
    {
        nowMs = System.nanoTime() / 1_000_000;
        return nowMs;
    }

    long nowMs()
    {
        return nowMs;
    }
}
