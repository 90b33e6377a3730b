package io.holdfast.engine;

/**
 * The arithmetic of token buckets whose state the caller keeps in flat arrays, one entry per address or connection:
 * how many units an entry's bucket is short of full, and when it was last refilled. An entry of zeros is a full
 * bucket, so a new or reused entry needs no setup beyond clearing.
 * <p>
 * A token is {@link #UNITS_PER_TOKEN} units, so a rate of R per second refills exactly R units per millisecond:
 * integer arithmetic on a millisecond clock loses no fraction however often it refills.
 */
final class TokenBucket
{
    /** Bucket units per token. */
    static final long UNITS_PER_TOKEN = 1000;

    private final long refillPerMs;
    private final long size;
    /** How long an empty bucket takes to fill: a longer gap refills no more, which keeps the product from overflow. */
    private final long fillMs;

    /**
     * @param perSecond tokens a bucket gains per second, at least 0; 0 for no limit, when every take succeeds.
     * @param burst     tokens a full bucket holds, at least 0; 0 for one second's worth of the rate.
     */
    TokenBucket(final int perSecond, final int burst)
    {
        refillPerMs = perSecond;
        size = (burst > 0 ? burst : perSecond) * UNITS_PER_TOKEN;
        fillMs = perSecond > 0 ? (size + perSecond - 1) / perSecond : 0;
    }

    /**
     * @return false for no limit: the caller then needs no state for the bucket.
     */
    boolean isEnabled()
    {
        return refillPerMs > 0;
    }

    /**
     * Refill an entry's bucket for the time since its last refill, then take the tokens if it holds them all.
     *
     * @param owed         units each entry's bucket is short of full.
     * @param refilledAtMs when each entry's bucket was last refilled; a clock behind it refills nothing.
     * @param tokens       how many to take; more than a full bucket holds are never there.
     * @return whether they were taken; true for no limit.
     */
    boolean take(final long[] owed, final long[] refilledAtMs, final int entry, final long tokens, final long nowMs)
    {
        if (refillPerMs == 0)
        {
            return true;
        }
        refill(owed, refilledAtMs, entry, nowMs);
        final long owedAfter = owed[entry] + tokens * UNITS_PER_TOKEN;
        if (owedAfter > size)
        {
            return false;
        }
        owed[entry] = owedAfter;
        return true;
    }

    /**
     * Refill an entry's bucket for the time since its last refill.
     *
     * @return whether it is full; true for no limit.
     */
    boolean isFull(final long[] owed, final long[] refilledAtMs, final int entry, final long nowMs)
    {
        if (refillPerMs == 0)
        {
            return true;
        }
        refill(owed, refilledAtMs, entry, nowMs);
        return owed[entry] == 0;
    }

    private void refill(final long[] owed, final long[] refilledAtMs, final int entry, final long nowMs)
    {
        if (owed[entry] == 0)
        {
            // A full bucket's age means nothing; stamping it now is what lets the next refill count from a token.
            refilledAtMs[entry] = nowMs;
        }
        else if (nowMs > refilledAtMs[entry])
        {
            // Both stamps are real clock readings here, so the difference cannot overflow.
            final long elapsedMs = Math.min(nowMs - refilledAtMs[entry], fillMs);
            owed[entry] = Math.max(0, owed[entry] - elapsedMs * refillPerMs);
            refilledAtMs[entry] = nowMs;
        }
    }
}
