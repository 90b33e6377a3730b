package io.holdfast.ops;

import io.holdfast.engine.CounterTypes;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The holdfast JFR events built from the counters: a duty-cycle event per worker whose count of long cycles grew
 * since the last poll, and nothing else (not even garbage) when none did; and the periodic statistics as the
 * counters add up.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class JfrStatisticsTest
{
    private static final long THRESHOLD_NS = 250_000;
    /** Ids in the order {@link #newCounters} allocates them. */
    private static final int EXCEEDED_WORKER_0 = 0;
    private static final int EXCEEDED_WORKER_1 = 1;
    private static final int POLLS = 20_000;

    @TempDir
    Path directory;

    @Test
    void commitsADutyCycleEventForEachWorkerWhoseLongCyclesGrewSinceTheLastPoll() throws Exception
    {
        final CountersManager counters = newCounters();
        final Path file = directory.resolve("rec.jfr");
        try (JfrStatistics statistics = new JfrStatistics(counters, THRESHOLD_NS);
            Recording recording = new Recording())
        {
            recording.enable(DutyCycleExceededEvent.class);
            recording.start();
            statistics.pollDutyCycles();
            counters.setCounterValue(EXCEEDED_WORKER_1, 7);
            statistics.pollDutyCycles();
            statistics.pollDutyCycles();
            counters.setCounterValue(EXCEEDED_WORKER_0, 3);
            counters.setCounterValue(EXCEEDED_WORKER_1, 9);
            statistics.pollDutyCycles();
            recording.stop();
            recording.dump(file);
        }

        final List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertEquals(3, events.size(), "events: " + events);
        assertDutyCycles(events.get(0), 1, 7, Duration.ofNanos(900_000));
        assertDutyCycles(events.get(1), 0, 3, Duration.ofMillis(2));
        assertDutyCycles(events.get(2), 1, 2, Duration.ofNanos(900_000));
    }

    @Test
    void pollingAllocatesNothingWhenNoWorkerRanALongCycle()
    {
        final CountersManager counters = newCounters();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (JfrStatistics statistics = new JfrStatistics(counters, THRESHOLD_NS);
            Recording recording = new Recording())
        {
            recording.enable(DutyCycleExceededEvent.class);
            recording.start();
            poll(statistics, POLLS);
            final long before = threads.getCurrentThreadAllocatedBytes();
            poll(statistics, POLLS);
            assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before);
        }
    }

    @Test
    void pollingAllocatesNothingWhileTheRecordingRunningHasTheEventOff()
    {
        final CountersManager counters = newCounters();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (JfrStatistics statistics = new JfrStatistics(counters, THRESHOLD_NS);
            Recording recording = new Recording())
        {
            recording.disable(DutyCycleExceededEvent.class);
            recording.start();
            growAndPoll(counters, statistics, POLLS);
            final long before = threads.getCurrentThreadAllocatedBytes();
            growAndPoll(counters, statistics, POLLS);
            assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before);
        }
    }

    @Test
    void statisticsEventCarriesTheCountersSummedOverWorkers() throws Exception
    {
        final CountersManager counters = newCounters();
        final CompletableFuture<RecordedEvent> statisticsEvent = new CompletableFuture<>();
        try (RecordingStream stream = new RecordingStream();
            JfrStatistics ignored = new JfrStatistics(counters, THRESHOLD_NS))
        {
            stream.enable(EngineStatisticsEvent.class).withPeriod(Duration.ofMillis(100));
            stream.onEvent("holdfast.EngineStatistics", statisticsEvent::complete);
            stream.startAsync();
            final RecordedEvent event = statisticsEvent.get(10, TimeUnit.SECONDS);
            assertEquals(2, event.getInt("workers"));
            assertEquals(3, event.getLong("connectionsActive"));
            assertEquals(12, event.getLong("connectionsOpened"));
            assertEquals(9, event.getLong("connectionsClosed"));
            assertEquals(12, event.getLong("handshakesAccepted"));
            assertEquals(5, event.getLong("handshakesRejected"));
            assertEquals(1_100, event.getLong("messagesReceived"));
            assertEquals(1_000, event.getLong("messagesSent"));
            assertEquals(22_000, event.getLong("bytesReceived"));
            assertEquals(20_000, event.getLong("bytesSent"));
            assertEquals(4_096, event.getLong("pendingBytes"));
            assertEquals(1, event.getLong("errors"));
            assertEquals(5, event.getLong("topics"));
            assertEquals(30, event.getLong("subscriptions"));
            assertEquals(80, event.getLong("publishes"));
            assertEquals(2, event.getLong("publishesRefused"));
            assertEquals(1_400, event.getLong("deliveries"));
            assertEquals(3, event.getLong("messagesDropped"));
            assertEquals(Duration.ofMillis(2), event.getDuration("longestDutyCycle"));
        }
    }

    /**
     * Two workers' counters with distinct values, the duty-cycle counts first and at zero.
     */
    private static CountersManager newCounters()
    {
        final CountersManager counters = TestCounters.newManager(2);
        TestCounters.add(counters, CounterTypes.DUTY_CYCLES_EXCEEDED, 0, 0, 0);
        TestCounters.add(counters, CounterTypes.DUTY_CYCLES_EXCEEDED, 1, 0, 0);
        TestCounters.add(counters, CounterTypes.DUTY_CYCLE_MAX_NS, 0, 0, 2_000_000);
        TestCounters.add(counters, CounterTypes.DUTY_CYCLE_MAX_NS, 1, 0, 900_000);
        for (int worker = 0; worker < 2; worker++)
        {
            TestCounters.add(counters, CounterTypes.CONNECTIONS_ACTIVE, worker, 0, 1 + worker);
            TestCounters.add(counters, CounterTypes.CONNECTIONS_OPENED, worker, 0, 6);
            TestCounters.add(counters, CounterTypes.CONNECTIONS_CLOSED, worker, 0, 5 - worker);
            TestCounters.add(counters, CounterTypes.HANDSHAKES_ACCEPTED, worker, 0, 6);
            TestCounters.add(counters, CounterTypes.MESSAGES_RECEIVED, worker, 0, 500 + 100 * worker);
            TestCounters.add(counters, CounterTypes.MESSAGES_SENT, worker, 0, 500);
            TestCounters.add(counters, CounterTypes.BYTES_RECEIVED, worker, 0, 11_000);
            TestCounters.add(counters, CounterTypes.BYTES_SENT, worker, 0, 10_000);
            TestCounters.add(counters, CounterTypes.PENDING_BYTES, worker, 0, 2_048);
            TestCounters.add(counters, CounterTypes.TOPICS_ACTIVE, worker, 0, 2 + worker);
            TestCounters.add(counters, CounterTypes.SUBSCRIPTIONS_ACTIVE, worker, 0, 10 * (worker + 1));
            TestCounters.add(counters, CounterTypes.DELIVERIES, worker, 0, 700);
            TestCounters.add(counters, CounterTypes.MESSAGES_DROPPED, worker, 0, 3 * worker);
        }
        TestCounters.add(counters, CounterTypes.HANDSHAKES_REJECTED, 0, 404, 4);
        TestCounters.add(counters, CounterTypes.HANDSHAKES_REJECTED, 1, 503, 1);
        TestCounters.add(counters, CounterTypes.ERRORS, -1, 0, 1);
        TestCounters.add(counters, CounterTypes.PUBLISHES, -1, 0, 80);
        TestCounters.add(counters, CounterTypes.PUBLISHES_REFUSED, -1, 0, 2);
        return counters;
    }

    private static void assertDutyCycles(
        final RecordedEvent event, final int worker, final long cycles, final Duration longest)
    {
        assertEquals("holdfast.DutyCycleExceeded", event.getEventType().getName());
        assertEquals(worker, event.getInt("worker"), "worker of " + event);
        assertEquals(cycles, event.getLong("cyclesExceeded"), "cycles of " + event);
        assertEquals(Duration.ofNanos(THRESHOLD_NS), event.getDuration("threshold"), "threshold of " + event);
        assertEquals(longest, event.getDuration("longestDutyCycle"), "longest cycle of " + event);
    }

    private static void poll(final JfrStatistics statistics, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            statistics.pollDutyCycles();
        }
    }

    /**
     * Poll after each long cycle of worker 0, written straight to the counter's value as a worker does: the
     * manager's own setter checks the id on a path that allocates once C2 has compiled it.
     */
    private static void growAndPoll(final CountersManager counters, final JfrStatistics statistics, final int times)
    {
        final AtomicBuffer values = counters.valuesBuffer();
        final int offset = CountersReader.counterOffset(EXCEEDED_WORKER_0);
        for (int i = 0; i < times; i++)
        {
            values.getAndAddLong(offset, 1);
            statistics.pollDutyCycles();
        }
    }
}
