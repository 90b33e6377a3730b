package io.holdfast.ops.load;

import org.agrona.collections.Int2IntCounterMap;

import java.util.Map;

/**
 * Failed connections counted by reason and detail, on one I/O thread. A new reason or detail grows the map once;
 * counting a known one allocates nothing.
 */
final class FailureCounts
{
    private static final int DETAIL_BITS = 16;
    private static final int DETAIL_MASK = (1 << DETAIL_BITS) - 1;

    private final Int2IntCounterMap counts = new Int2IntCounterMap(0);
    private long total;

    void increment(final FailureReason reason, final int detail)
    {
        counts.incrementAndGet((reason.ordinal() << DETAIL_BITS) | (detail & DETAIL_MASK));
        total++;
    }

    long total()
    {
        return total;
    }

    /**
     * Add these counts to a map from the report's label to count, merging the I/O threads' counts.
     */
    void addTo(final Map<String, Long> byLabel)
    {
        counts.forEach((key, count) -> byLabel.merge(
            FailureReason.ofOrdinal(key >>> DETAIL_BITS).label(key & DETAIL_MASK), (long)count, Long::sum));
    }
}
