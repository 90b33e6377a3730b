package io.holdfast.engine;

import org.agrona.collections.IntArrayList;

import java.util.Arrays;

/**
 * At most one deadline per connection on a hashed timer wheel: the handshake timeout, the next idle or ping check,
 * or the close timeout, whichever the connection's state calls for. Each wheel tick holds a doubly linked list
 * threaded through the connection table's slots, so scheduling, cancelling and expiring are O(1), nothing is
 * allocated, and memory is one int per tick plus a few words per slot however the deadlines cluster (a wheel that
 * stores timers per tick grows every tick to the busiest one's size: a reconnect storm would cost megabytes).
 * <p>
 * Inbound traffic does not touch the wheel: it only stamps the connection's last activity, and an expired idle
 * check that finds recent activity schedules itself again.
 */
final class ConnectionTimers
{
    /** Milliseconds per tick: deadlines expire up to one tick late. */
    private static final long TICK_MS = 16;
    /** 4096 ticks of 16 ms span 65 s, so the default idle timeout expires on its first pass. */
    private static final int TICKS = 4096;
    private static final int TICK_MASK = TICKS - 1;
    private static final int NONE = -1;
    /** Unlinked as due, its handler not yet run: a cancel or schedule from another handler still takes effect. */
    private static final long EXPIRING = Long.MIN_VALUE + 1;

    /** Told when a connection's deadline passes. */
    @FunctionalInterface
    interface ExpiryHandler
    {
        void onDeadline(int slot, long nowMs);
    }

    private final ConnectionTable table;
    private final int[] heads = new int[TICKS];
    private final IntArrayList due = new IntArrayList();
    private long nextTick;
    private ExpiryHandler handler;

    ConnectionTimers(final ConnectionTable table, final long nowMs)
    {
        this.table = table;
        Arrays.fill(heads, NONE);
        nextTick = nowMs / TICK_MS;
    }

    void handler(final ExpiryHandler handler)
    {
        this.handler = handler;
    }

    /**
     * Replace the connection's deadline.
     */
    void schedule(final int slot, final long deadlineMs)
    {
        cancel(slot);
        final int tick = (int)(Math.max(deadlineMs / TICK_MS, nextTick) & TICK_MASK);
        final int head = heads[tick];
        table.timerNext[slot] = head;
        table.timerPrev[slot] = NONE;
        if (head != NONE)
        {
            table.timerPrev[head] = slot;
        }
        heads[tick] = slot;
        table.timerTicks[slot] = tick;
        table.timerDeadlines[slot] = deadlineMs;
    }

    void cancel(final int slot)
    {
        final long deadline = table.timerDeadlines[slot];
        if (deadline != ConnectionTable.NO_DEADLINE && deadline != EXPIRING)
        {
            unlink(slot);
        }
        table.timerDeadlines[slot] = ConnectionTable.NO_DEADLINE;
    }

    private void unlink(final int slot)
    {
        final int next = table.timerNext[slot];
        final int prev = table.timerPrev[slot];
        if (prev == NONE)
        {
            heads[table.timerTicks[slot]] = next;
        }
        else
        {
            table.timerNext[prev] = next;
        }
        if (next != NONE)
        {
            table.timerPrev[next] = prev;
        }
    }

    /**
     * Expire the deadlines of every tick that has passed completely.
     *
     * @return the number expired.
     */
    int poll(final long nowMs)
    {
        final long nowTick = nowMs / TICK_MS;
        final long lastTick = Math.min(nowTick, nextTick + TICKS);
        int expired = 0;
        while (nextTick < lastTick)
        {
            expired += expireTick((int)(nextTick & TICK_MASK), nowMs);
            nextTick++;
        }
        nextTick = Math.max(nextTick, nowTick);
        return expired;
    }

    /**
     * @return milliseconds from {@code nowMs} until the tick {@link #poll} last reached has passed completely, so the
     *         next poll may expire deadlines; 0 or less when it already has.
     */
    long msUntilNextTick(final long nowMs)
    {
        return (nextTick + 1) * TICK_MS - nowMs;
    }

    /**
     * Unlink the tick's due connections first and only then tell the handler, which may schedule or cancel any
     * connection, including ones later in this tick's list.
     */
    private int expireTick(final int tick, final long nowMs)
    {
        for (int slot = heads[tick]; slot != NONE; slot = table.timerNext[slot])
        {
            if (table.timerDeadlines[slot] <= nowMs)
            {
                due.addInt(slot);
            }
        }
        final int count = due.size();
        for (int i = 0; i < count; i++)
        {
            final int slot = due.getInt(i);
            unlink(slot);
            table.timerDeadlines[slot] = EXPIRING;
        }
        for (int i = 0; i < count; i++)
        {
            final int slot = due.getInt(i);
            if (table.timerDeadlines[slot] == EXPIRING)
            {
                table.timerDeadlines[slot] = ConnectionTable.NO_DEADLINE;
                handler.onDeadline(slot, nowMs);
            }
        }
        due.clear();
        return count;
    }
}
