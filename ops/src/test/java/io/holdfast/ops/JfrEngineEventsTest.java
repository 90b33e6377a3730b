package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.HandshakeRejection;
import io.holdfast.engine.SlowConsumerPolicy;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's lifecycle callbacks become holdfast JFR events with their fields, and cost nothing while no
 * recording has them on: the workers call them, and a worker must make no garbage.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class JfrEngineEventsTest
{
    /** Worker 3, generation 1, slot 9. */
    private static final long CONNECTION_ID = (3L << 48) | (1L << 32) | 9;
    /** Worker 0, generation 2, slot 4. */
    private static final long OTHER_CONNECTION_ID = (2L << 32) | 4;
    private static final int CALLS = 20_000;

    private final JfrEngineEvents events = new JfrEngineEvents();

    @TempDir
    Path directory;

    @Test
    void commitsEachLifecycleEventWithItsFields() throws Exception
    {
        final Path file = directory.resolve("rec.jfr");
        try (Recording recording = new Recording())
        {
            recording.enable(ConnectionOpenedEvent.class);
            recording.enable(ConnectionClosedEvent.class);
            recording.enable(HandshakeRejectedEvent.class);
            recording.enable(SlowConsumerEvent.class);
            recording.start();
            events.onConnectionOpened(CONNECTION_ID);
            events.onSlowConsumer(CONNECTION_ID, 5_000_000, SlowConsumerPolicy.CLOSE);
            events.onSlowConsumer(OTHER_CONNECTION_ID, 4_200_000, SlowConsumerPolicy.DROP);
            events.onConnectionClosed(CONNECTION_ID, CloseReason.SLOW_CONSUMER, 1008, 1_234);
            events.onHandshakeRejected(HandshakeRejection.HEADERS_TOO_LARGE);
            recording.stop();
            recording.dump(file);
        }

        final List<RecordedEvent> recorded = RecordingFile.readAllEvents(file);
        assertEquals(5, recorded.size(), "events: " + recorded);
        final RecordedEvent opened = only(recorded, "holdfast.ConnectionOpened");
        assertEquals(CONNECTION_ID, opened.getLong("connectionId"));
        assertEquals(3, opened.getInt("worker"));
        final RecordedEvent slow = only(recorded, "holdfast.SlowConsumer", CONNECTION_ID);
        assertEquals(3, slow.getInt("worker"));
        assertEquals(5_000_000, slow.getLong("pendingBytes"));
        assertEquals("close", slow.getString("action"));
        final RecordedEvent dropping = only(recorded, "holdfast.SlowConsumer", OTHER_CONNECTION_ID);
        assertEquals(0, dropping.getInt("worker"));
        assertEquals(4_200_000, dropping.getLong("pendingBytes"));
        assertEquals("drop", dropping.getString("action"));
        final RecordedEvent closed = only(recorded, "holdfast.ConnectionClosed");
        assertEquals(CONNECTION_ID, closed.getLong("connectionId"));
        assertEquals(3, closed.getInt("worker"));
        assertEquals("slow consumer", closed.getString("reason"));
        assertEquals(1008, closed.getInt("closeCode"));
        assertEquals(Duration.ofMillis(1_234), closed.getDuration("lifetime"));
        final RecordedEvent rejected = only(recorded, "holdfast.HandshakeRejected");
        assertEquals(431, rejected.getInt("status"));
        assertEquals("request head too large", rejected.getString("reason"));
    }

    @Test
    void allocatesNothingWhileTheRecordingRunningHasTheEventsOff()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Recording recording = new Recording())
        {
            recording.disable(ConnectionOpenedEvent.class);
            recording.disable(ConnectionClosedEvent.class);
            recording.disable(HandshakeRejectedEvent.class);
            recording.disable(SlowConsumerEvent.class);
            recording.start();
            callEach(CALLS);
            final long before = threads.getCurrentThreadAllocatedBytes();
            callEach(CALLS);
            assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before);
        }
    }

    private void callEach(final int times)
    {
        for (int i = 0; i < times; i++)
        {
            events.onConnectionOpened(CONNECTION_ID);
            events.onConnectionClosed(CONNECTION_ID, CloseReason.CLIENT_CLOSE, 1000, i);
            events.onHandshakeRejected(HandshakeRejection.NOT_FOUND);
            events.onSlowConsumer(CONNECTION_ID, i, SlowConsumerPolicy.DROP);
        }
    }

    private static RecordedEvent only(final List<RecordedEvent> events, final String name, final long connectionId)
    {
        final List<RecordedEvent> named = events.stream()
            .filter(event -> event.getEventType().getName().equals(name))
            .filter(event -> event.getLong("connectionId") == connectionId)
            .toList();
        assertEquals(1, named.size(), name + " of " + connectionId + " in " + events);
        return named.get(0);
    }

    private static RecordedEvent only(final List<RecordedEvent> events, final String name)
    {
        final List<RecordedEvent> named =
            events.stream().filter(event -> event.getEventType().getName().equals(name)).toList();
        assertEquals(1, named.size(), name + " in " + events);
        return named.get(0);
    }
}
