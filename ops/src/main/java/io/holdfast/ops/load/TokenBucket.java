package io.holdfast.ops.load;

/**
 * Paces connection attempts: tokens accrue at a fixed rate up to a small burst, and each attempt takes one. The
 * burst lets a loop that wakes late catch up a little without opening a flood of connections at once.
 */
final class TokenBucket
{
    private static final double NANOS_PER_SECOND = 1e9;

    private final double tokensPerNs;
    private final double burst;
    private double tokens;
    private long lastNs;

    /**
     * @param perSecond tokens added per second.
     * @param burst     most tokens held at once, at least 1.
     * @param nowNs     the current {@link System#nanoTime()}; the bucket starts with one token.
     */
    TokenBucket(final double perSecond, final double burst, final long nowNs)
    {
        tokensPerNs = perSecond / NANOS_PER_SECOND;
        this.burst = Math.max(1, burst);
        tokens = 1;
        lastNs = nowNs;
    }

    /**
     * Take up to {@code wanted} whole tokens.
     *
     * @return the number taken.
     */
    int take(final long nowNs, final int wanted)
    {
        refill(nowNs);
        final int taken = (int)Math.min(wanted, (long)tokens);
        tokens -= taken;
        return taken;
    }

    /**
     * @return nanoseconds until the next whole token, 0 when one is available.
     */
    long nanosUntilNext(final long nowNs)
    {
        refill(nowNs);
        return tokens >= 1 ? 0 : (long)Math.ceil((1 - tokens) / tokensPerNs);
    }

    private void refill(final long nowNs)
    {
        if (nowNs > lastNs)
        {
            tokens = Math.min(burst, tokens + (nowNs - lastNs) * tokensPerNs);
            lastNs = nowNs;
        }
    }
}
