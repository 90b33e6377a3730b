package io.holdfast.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TokenBucketTest
{
    /** Any origin works: the engine's clock is nanoTime in milliseconds, which may be negative. */
    private static final long START_MS = -5_000;
    private static final int ENTRY = 1;

    private final long[] owed = new long[2];
    private final long[] refilledAtMs = new long[2];

    @Test
    void takesEverythingWithoutStateWhenOff()
    {
        final TokenBucket off = new TokenBucket(0, 0);
        assertFalse(off.isEnabled());
        assertTrue(off.take(new long[0], new long[0], ENTRY, Long.MAX_VALUE / TokenBucket.UNITS_PER_TOKEN, START_MS));
        assertTrue(off.isFull(new long[0], new long[0], ENTRY, START_MS));
    }

    @Test
    void aClearedEntryIsFullAndRefillsAtExactlyTheRate()
    {
        final TokenBucket bucket = new TokenBucket(3, 6);
        assertTrue(bucket.isEnabled());
        assertTrue(bucket.isFull(owed, refilledAtMs, ENTRY, START_MS));
        assertEquals(6, takesUntilRefused(bucket, START_MS));
        assertFalse(bucket.isFull(owed, refilledAtMs, ENTRY, START_MS));

        // 3/s is a token per 333.3 ms: no fraction is lost however often the clock is read in between.
        for (long ms = START_MS + 1; ms < START_MS + 334; ms++)
        {
            assertEquals(0, takesUntilRefused(bucket, ms), "at +" + (ms - START_MS) + " ms");
        }
        assertEquals(1, takesUntilRefused(bucket, START_MS + 334));
        assertEquals(2, takesUntilRefused(bucket, START_MS + 1_000));
        assertEquals(0, takesUntilRefused(bucket, START_MS + 500), "a clock behind the last refill refills nothing");
    }

    @Test
    void holdsItsBurstAtMostAfterAnyGap()
    {
        final TokenBucket bucket = new TokenBucket(Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertTrue(bucket.take(owed, refilledAtMs, ENTRY, Integer.MAX_VALUE, START_MS));
        assertFalse(bucket.take(owed, refilledAtMs, ENTRY, 1, START_MS));
        assertTrue(bucket.isFull(owed, refilledAtMs, ENTRY, Long.MAX_VALUE / 2), "a huge gap overflows nothing");
        assertFalse(bucket.take(owed, refilledAtMs, ENTRY, Integer.MAX_VALUE + 1L, Long.MAX_VALUE / 2));
        assertTrue(bucket.take(owed, refilledAtMs, ENTRY, Integer.MAX_VALUE, Long.MAX_VALUE / 2));
    }

    @Test
    void burstDefaultsToOneSecondOfTheRateAndARefusedTakeTakesNothing()
    {
        final TokenBucket bucket = new TokenBucket(10, 0);
        assertFalse(bucket.take(owed, refilledAtMs, ENTRY, 11, START_MS), "more than the bucket holds");
        assertTrue(bucket.take(owed, refilledAtMs, ENTRY, 10, START_MS));
        assertFalse(bucket.take(owed, refilledAtMs, ENTRY, 2, START_MS + 100));
        assertTrue(bucket.take(owed, refilledAtMs, ENTRY, 1, START_MS + 100), "the refused take left its token");
        assertEquals(0, owed[0], "other entries are untouched");
    }

    private int takesUntilRefused(final TokenBucket bucket, final long nowMs)
    {
        int taken = 0;
        while (bucket.take(owed, refilledAtMs, ENTRY, 1, nowMs))
        {
            taken++;
        }
        return taken;
    }
}
