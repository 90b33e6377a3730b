package io.holdfast.engine;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2LongHashMap;

import java.util.concurrent.TimeUnit;

/**
 * At most one deadline per connection on one worker's timer wheel: the handshake timeout, the next idle or ping
 * check, or the close timeout, whichever the connection's state calls for. Scheduling and expiry are O(1) and
 * allocate nothing once the wheel and the id map have grown to the connection count.
 * <p>
 * Inbound traffic does not touch the wheel: it only stamps the connection's last activity, and an expired idle
 * check that finds recent activity schedules itself again.
 */
final class ConnectionTimers
{
    /** Milliseconds per wheel tick: a power of two, fine enough for timeouts of a quarter second and up. */
    private static final long TICK_MS = 16;
    private static final int TICKS_PER_WHEEL = 4096;
    private static final int EXPIRIES_PER_POLL = 1024;
    private static final long NO_SLOT = -1;

    /** Told when a connection's deadline passes. */
    @FunctionalInterface
    interface ExpiryHandler
    {
        void onDeadline(int slot, long nowMs);
    }

    private final ConnectionTable table;
    private final DeadlineTimerWheel wheel;
    private final Long2LongHashMap slotByTimerId = new Long2LongHashMap(NO_SLOT);
    private final DeadlineTimerWheel.TimerHandler onExpiry = this::onExpiry;
    private ExpiryHandler handler;

    ConnectionTimers(final ConnectionTable table, final long nowMs)
    {
        this.table = table;
        wheel = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, nowMs, TICK_MS, TICKS_PER_WHEEL);
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
        final long timerId = wheel.scheduleTimer(deadlineMs);
        table.timerIds[slot] = timerId;
        slotByTimerId.put(timerId, slot);
    }

    void cancel(final int slot)
    {
        final long timerId = table.timerIds[slot];
        if (timerId != ConnectionTable.NO_TIMER)
        {
            wheel.cancelTimer(timerId);
            slotByTimerId.remove(timerId);
            table.timerIds[slot] = ConnectionTable.NO_TIMER;
        }
    }

    /**
     * Expire the deadlines that have passed.
     *
     * @return the number expired.
     */
    int poll(final long nowMs)
    {
        return wheel.poll(nowMs, onExpiry, EXPIRIES_PER_POLL);
    }

    private boolean onExpiry(final TimeUnit timeUnit, final long nowMs, final long timerId)
    {
        final int slot = (int)slotByTimerId.remove(timerId);
        if (slot != NO_SLOT && table.timerIds[slot] == timerId)
        {
            table.timerIds[slot] = ConnectionTable.NO_TIMER;
            handler.onDeadline(slot, nowMs);
        }
        return true;
    }
}
