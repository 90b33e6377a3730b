package io.holdfast.ops;

import io.holdfast.engine.CounterTypes;
import jdk.jfr.FlightRecorder;
import org.agrona.concurrent.status.CountersReader;

import java.util.Arrays;

/**
 * The JFR events built from the engine's counters rather than committed by the workers: the periodic
 * {@code holdfast.EngineStatistics}, which JFR asks for on its own thread, and {@code holdfast.DutyCycleExceeded},
 * which the server's monitor thread checks for every second. Reading the counters allocates nothing; an event object
 * is made only when a recording has its event on and, for duty cycles, only when a worker ran long ones. Nothing is
 * registered with JFR until it runs (see {@link JfrEventTypes}): from {@code serve --jfr} or the JVM option at once,
 * from {@code jcmd PID JFR.start} at the next poll.
 */
final class JfrStatistics implements AutoCloseable
{
    private final CountersReader counters;
    private final long dutyCycleThresholdNs;
    /** Read only by JFR's periodic thread: one reader per thread, since {@link EngineTotals} is reused. */
    private final EngineTotals statisticsTotals = new EngineTotals();
    /** Read only by the thread that polls duty cycles. */
    private final EngineTotals dutyCycleTotals = new EngineTotals();
    private final Runnable statisticsHook = this::commitStatistics;
    /** Per worker, cycles over the threshold at the last poll; grown once when the workers' counters appear. */
    private long[] exceededAtLastPoll = new long[0];
    /** Touched only by the thread that constructs, polls and closes. */
    private boolean hookAdded;
    /** Guarded by this: once set, the hook no longer reads counters that may be unmapped. */
    private boolean closed;

    /**
     * Report the engine's counters to JFR, registering the periodic statistics event now if JFR already runs.
     *
     * @param counters             the engine's counters.
     * @param dutyCycleThresholdNs the threshold the engine counts long duty cycles against, reported with them.
     */
    JfrStatistics(final CountersReader counters, final long dutyCycleThresholdNs)
    {
        this.counters = counters;
        this.dutyCycleThresholdNs = dutyCycleThresholdNs;
        addHookOnceJfrRuns();
    }

    /**
     * Commit a {@code holdfast.DutyCycleExceeded} event for each worker whose count of duty cycles over the threshold
     * grew since the last poll. Called every second by one thread; allocates nothing when no worker ran a long cycle
     * or no recording has the event on.
     */
    void pollDutyCycles()
    {
        addHookOnceJfrRuns();
        final EngineTotals totals = dutyCycleTotals.read(counters);
        final int workers = totals.workers();
        if (workers > exceededAtLastPoll.length)
        {
            exceededAtLastPoll = Arrays.copyOf(exceededAtLastPoll, workers);
        }
        for (int worker = 0; worker < workers; worker++)
        {
            final long exceeded = totals.dutyCyclesExceeded(worker);
            final long exceededSinceLastPoll = exceeded - exceededAtLastPoll[worker];
            exceededAtLastPoll[worker] = exceeded;
            if (exceededSinceLastPoll > 0 && FlightRecorder.isInitialized() &&
                JfrEventTypes.DUTY_CYCLE_EXCEEDED.isEnabled())
            {
                final DutyCycleExceededEvent event = new DutyCycleExceededEvent();
                event.worker = worker;
                event.cyclesExceeded = exceededSinceLastPoll;
                event.threshold = dutyCycleThresholdNs;
                event.longestDutyCycle = totals.dutyCycleMaxNs(worker);
                event.commit();
            }
        }
    }

    /**
     * Unregister the periodic event and wait for a run of it in progress, so the counters may be unmapped after.
     */
    public void close()
    {
        if (hookAdded)
        {
            FlightRecorder.removePeriodicEvent(statisticsHook);
        }
        synchronized (this)
        {
            closed = true;
        }
    }

    /**
     * Register the periodic event with JFR, which then asks for it whenever a recording has it on; not before JFR
     * runs, since that would set JFR up in a server that never records.
     */
    private void addHookOnceJfrRuns()
    {
        if (!hookAdded && FlightRecorder.isInitialized())
        {
            FlightRecorder.addPeriodicEvent(EngineStatisticsEvent.class, statisticsHook);
            hookAdded = true;
        }
    }

    private synchronized void commitStatistics()
    {
        if (closed)
        {
            return;
        }
        final EngineTotals totals = statisticsTotals.read(counters);
        final EngineStatisticsEvent event = new EngineStatisticsEvent();
        event.workers = totals.workers();
        event.connectionsActive = totals.get(CounterTypes.CONNECTIONS_ACTIVE);
        event.connectionsOpened = totals.get(CounterTypes.CONNECTIONS_OPENED);
        event.connectionsClosed = totals.get(CounterTypes.CONNECTIONS_CLOSED);
        event.handshakesAccepted = totals.get(CounterTypes.HANDSHAKES_ACCEPTED);
        event.handshakesRejected = totals.get(CounterTypes.HANDSHAKES_REJECTED);
        event.messagesReceived = totals.get(CounterTypes.MESSAGES_RECEIVED);
        event.messagesSent = totals.get(CounterTypes.MESSAGES_SENT);
        event.bytesReceived = totals.get(CounterTypes.BYTES_RECEIVED);
        event.bytesSent = totals.get(CounterTypes.BYTES_SENT);
        event.pendingBytes = totals.get(CounterTypes.PENDING_BYTES);
        event.errors = totals.get(CounterTypes.ERRORS);
        event.topics = totals.get(CounterTypes.TOPICS_ACTIVE);
        event.subscriptions = totals.get(CounterTypes.SUBSCRIPTIONS_ACTIVE);
        event.publishes = totals.get(CounterTypes.PUBLISHES);
        event.publishesRefused = totals.get(CounterTypes.PUBLISHES_REFUSED);
        event.deliveries = totals.get(CounterTypes.DELIVERIES);
        event.messagesDropped = totals.get(CounterTypes.MESSAGES_DROPPED);
        event.longestDutyCycle = totals.get(CounterTypes.DUTY_CYCLE_MAX_NS);
        event.commit();
    }
}
