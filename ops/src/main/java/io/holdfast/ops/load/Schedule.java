package io.holdfast.ops.load;

/**
 * A fixed schedule of numbered slots, evenly spaced from a start time: slot {@code n} is due at
 * {@code start + n * spacing}. Heartbeats use one (slot n pings connection n mod N, so each connection pings once
 * per interval and the pings of all connections are spread evenly over it), and so does the open loop (slot n sends
 * on open connection n mod N at the total message rate). Due times are computed, never stored, so a late loop can
 * tell exactly when each message should have gone.
 */
final class Schedule
{
    private final long startNs;
    private final double spacingNs;
    private long next;

    /**
     * @param startNs   when slot 0 is due, in {@link System#nanoTime()} terms.
     * @param spacingNs time between slots, possibly fractional.
     */
    Schedule(final long startNs, final double spacingNs)
    {
        this.startNs = startNs;
        this.spacingNs = spacingNs;
    }

    /**
     * @return when a slot is due.
     */
    long dueNs(final long slot)
    {
        return startNs + (long)(slot * spacingNs);
    }

    /**
     * @return when the next slot not yet taken is due.
     */
    long nextDueNs()
    {
        return dueNs(next);
    }

    /**
     * @return the next slot, now taken.
     */
    long take()
    {
        return next++;
    }
}
