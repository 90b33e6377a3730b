package io.holdfast.engine;

import org.agrona.collections.IntArrayList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The per-worker timer wheel on its own: deadlines expire once, no earlier than due and at most a tick late, in any
 * order of scheduling, across revolutions of the wheel, and while handlers reschedule or cancel connections.
 */
final class ConnectionTimersTest
{
    private static final long START_MS = 1_000_000;
    private static final long TICK_MS = 16;

    private final ConnectionTable table = new ConnectionTable(1024, false);
    private final ConnectionTimers timers = new ConnectionTimers(table, START_MS);
    private final IntArrayList expired = new IntArrayList();

    @Test
    void expiresEachDeadlineOnceAndNotBeforeItIsDue()
    {
        timers.handler((slot, nowMs) -> expired.addInt(slot));
        final int early = slot();
        final int late = slot();
        timers.schedule(late, START_MS + 500);
        timers.schedule(early, START_MS + 100);

        timers.poll(START_MS + 99);
        assertEquals(0, expired.size());
        timers.poll(START_MS + 100 + TICK_MS);
        assertEquals(1, expired.size());
        assertEquals(early, expired.getInt(0));
        timers.poll(START_MS + 10_000);
        assertEquals(2, expired.size());
        assertEquals(late, expired.getInt(1));
        timers.poll(START_MS + 100_000);
        assertEquals(2, expired.size());
    }

    @Test
    void cancelledDeadlinesNeverExpireAndRescheduleReplaces()
    {
        timers.handler((slot, nowMs) -> expired.addInt(slot));
        final int cancelled = slot();
        final int moved = slot();
        timers.schedule(cancelled, START_MS + 100);
        timers.schedule(moved, START_MS + 100);
        timers.cancel(cancelled);
        timers.schedule(moved, START_MS + 5_000);

        timers.poll(START_MS + 1_000);
        assertEquals(0, expired.size());
        timers.poll(START_MS + 6_000);
        assertEquals(1, expired.size());
        assertEquals(moved, expired.getInt(0));
    }

    @Test
    void deadlinesBeyondOneRevolutionWaitForTheirTime()
    {
        timers.handler((slot, nowMs) -> expired.addInt(slot));
        final int slot = slot();
        timers.schedule(slot, START_MS + 200_000);
        for (long now = START_MS; now < START_MS + 200_000; now += 1_000)
        {
            timers.poll(now);
        }
        assertEquals(0, expired.size());
        timers.poll(START_MS + 200_000 + TICK_MS);
        assertEquals(1, expired.size());
    }

    @Test
    void handlerMayRescheduleItselfAndCancelAnotherDueConnection()
    {
        final int first = slot();
        final int second = slot();
        timers.handler((slot, nowMs) ->
        {
            expired.addInt(slot);
            timers.cancel(slot == first ? second : first);
            timers.schedule(slot, nowMs + 1_000);
        });
        timers.schedule(first, START_MS + 100);
        timers.schedule(second, START_MS + 100);

        timers.poll(START_MS + 200);
        assertEquals(1, expired.size());
        timers.poll(START_MS + 1_300);
        assertEquals(2, expired.size());
        assertEquals(expired.getInt(0), expired.getInt(1));
    }

    @Test
    void manyDeadlinesInOneTickAllExpire()
    {
        timers.handler((slot, nowMs) -> expired.addInt(slot));
        for (int i = 0; i < 1_000; i++)
        {
            timers.schedule(slot(), START_MS + 50);
        }
        timers.poll(START_MS + 100);
        assertEquals(1_000, expired.size());
    }

    private int slot()
    {
        return table.allocate(null, START_MS);
    }
}
