package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.HandshakeRejection;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code /metrics} and {@code /stats} pages rendered from counters of two workers and engine-wide ones with values
 * chosen here: every counter appears once, summed over workers (the duty cycle as the largest) and rejections over the
 * reasons that share a status (429), and the pages pass Prometheus' {@code promtool} and Python's JSON parser.
 */
@Timeout(value = 60, unit = SECONDS)
final class AdminPagesTest
{
    private static final int WORKER_0 = 0;
    private static final int WORKER_1 = 1;
    private static final int ENGINE = -1;

    private final CountersManager counters = TestCounters.newManager(2);
    private final EngineTotals engineTotals = new EngineTotals();
    private final JvmTotals jvmTotals = new JvmTotals();

    @BeforeEach
    void setUp()
    {
        both(CounterTypes.CONNECTIONS_ACTIVE, 2, 3);
        both(CounterTypes.CONNECTIONS_OPENED, 10, 20);
        both(CounterTypes.CONNECTIONS_CLOSED, 11, 14);
        for (final CloseReason reason : CloseReason.values())
        {
            final long[] perWorker = switch (reason)
            {
                case CLIENT_CLOSE -> new long[] {10, 10};
                case IDLE_TIMEOUT -> new long[] {1, 0};
                case PROTOCOL_ERROR_1002 -> new long[] {2, 2};
                default -> new long[] {0, 0};
            };
            both(CounterTypes.CONNECTIONS_CLOSED_BY_REASON, reason.ordinal(), perWorker[0], perWorker[1]);
        }
        both(CounterTypes.HANDSHAKES_ACCEPTED, 10, 20);
        for (final HandshakeRejection rejection : HandshakeRejection.values())
        {
            final long[] perWorker = switch (rejection)
            {
                case NOT_FOUND -> new long[] {3, 4};
                case SERVER_FULL -> new long[] {0, 1};
                case ADDRESS_CONNECTION_LIMIT -> new long[] {1, 0};
                case ADDRESS_HANDSHAKE_RATE -> new long[] {0, 2};
                default -> new long[] {0, 0};
            };
            both(CounterTypes.HANDSHAKES_REJECTED, rejection.status(), perWorker[0], perWorker[1]);
        }
        both(CounterTypes.HANDSHAKE_TIMEOUTS, 1, 1);
        both(CounterTypes.CLOSE_TIMEOUTS, 0, 2);
        both(CounterTypes.MESSAGES_RECEIVED, 1_000, 2_000);
        both(CounterTypes.MESSAGES_SENT, 999, 2_001);
        both(CounterTypes.BYTES_RECEIVED, 64_000, 128_000);
        both(CounterTypes.BYTES_SENT, 70_000, 130_000);
        both(CounterTypes.PINGS_RECEIVED, 5, 6);
        both(CounterTypes.PONGS_SENT, 5, 6);
        both(CounterTypes.PINGS_SENT, 7, 8);
        both(CounterTypes.PONGS_RECEIVED, 7, 7);
        both(CounterTypes.PENDING_BYTES, 0, 4_096);
        both(CounterTypes.ACCEPT_FAILURES, 0, 1);
        both(CounterTypes.DUTY_CYCLE_MAX_NS, 1_500_000, 250_000_000);
        both(CounterTypes.DUTY_CYCLES_EXCEEDED, 2, 3);
        TestCounters.add(counters, CounterTypes.ERRORS, ENGINE, 0, 9);
        both(CounterTypes.TOPICS_ACTIVE, 3, 4);
        both(CounterTypes.SUBSCRIPTIONS_ACTIVE, 30, 12);
        TestCounters.add(counters, CounterTypes.PUBLISHES, ENGINE, 0, 500);
        TestCounters.add(counters, CounterTypes.PUBLISHES_REFUSED, ENGINE, 0, 6);
        both(CounterTypes.DELIVERIES, 4_000, 2_500);
        both(CounterTypes.MESSAGES_DROPPED, 0, 17);
    }

    @Test
    void metricsShouldListEveryCounterOnceSummedOverWorkers()
    {
        final Map<String, String> samples = AdminPages.parseMetrics(metrics());
        final Map<String, String> engineSamples = new TreeMap<>(samples);
        engineSamples.keySet().removeIf((name) -> name.startsWith("holdfast_jvm_"));
        assertEquals(new TreeMap<>(Map.ofEntries(
            entry("holdfast_connections_active", "5"),
            entry("holdfast_connections_opened_total", "30"),
            entry("holdfast_connections_closed_total{reason=\"client_close\"}", "20"),
            entry("holdfast_connections_closed_total{reason=\"server_close\"}", "0"),
            entry("holdfast_connections_closed_total{reason=\"idle_timeout\"}", "1"),
            entry("holdfast_connections_closed_total{reason=\"protocol_error_1002\"}", "4"),
            entry("holdfast_connections_closed_total{reason=\"protocol_error_1007\"}", "0"),
            entry("holdfast_connections_closed_total{reason=\"protocol_error_1009\"}", "0"),
            entry("holdfast_connections_closed_total{reason=\"slow_consumer\"}", "0"),
            entry("holdfast_connections_closed_total{reason=\"shutdown\"}", "0"),
            entry("holdfast_connections_closed_total{reason=\"handler_error\"}", "0"),
            entry("holdfast_connections_closed_total{reason=\"connection_lost\"}", "0"),
            entry("holdfast_connections_closed_total{reason=\"inbound_message_rate\"}", "0"),
            entry("holdfast_connections_closed_total{reason=\"inbound_byte_rate\"}", "0"),
            entry("holdfast_connections_closed_total{reason=\"ping_flood\"}", "0"),
            entry("holdfast_handshakes_accepted_total", "30"),
            entry("holdfast_handshakes_rejected_total{status=\"400\"}", "0"),
            entry("holdfast_handshakes_rejected_total{status=\"401\"}", "0"),
            entry("holdfast_handshakes_rejected_total{status=\"403\"}", "0"),
            entry("holdfast_handshakes_rejected_total{status=\"404\"}", "7"),
            entry("holdfast_handshakes_rejected_total{status=\"405\"}", "0"),
            entry("holdfast_handshakes_rejected_total{status=\"426\"}", "0"),
            entry("holdfast_handshakes_rejected_total{status=\"429\"}", "3"),
            entry("holdfast_handshakes_rejected_total{status=\"431\"}", "0"),
            entry("holdfast_handshakes_rejected_total{status=\"500\"}", "0"),
            entry("holdfast_handshakes_rejected_total{status=\"503\"}", "1"),
            entry("holdfast_handshake_timeouts_total", "2"),
            entry("holdfast_close_timeouts_total", "2"),
            entry("holdfast_messages_received_total", "3000"),
            entry("holdfast_messages_sent_total", "3000"),
            entry("holdfast_bytes_received_total", "192000"),
            entry("holdfast_bytes_sent_total", "200000"),
            entry("holdfast_pings_received_total", "11"),
            entry("holdfast_pongs_sent_total", "11"),
            entry("holdfast_pings_sent_total", "15"),
            entry("holdfast_pongs_received_total", "14"),
            entry("holdfast_pending_output_bytes", "4096"),
            entry("holdfast_accept_failures_total", "1"),
            entry("holdfast_duty_cycle_max_seconds", "0.250000000"),
            entry("holdfast_duty_cycles_exceeded_total", "5"),
            entry("holdfast_errors_total", "9"),
            entry("holdfast_topics", "7"),
            entry("holdfast_subscriptions", "42"),
            entry("holdfast_publishes_total", "500"),
            entry("holdfast_publishes_refused_total", "6"),
            entry("holdfast_deliveries_total", "6500"),
            entry("holdfast_messages_dropped_total", "17"))), engineSamples);
    }

    @Test
    void metricsShouldIncludeJvmMemoryAndCollections()
    {
        final Map<String, String> samples = AdminPages.parseMetrics(metrics());
        assertTrue(Long.parseLong(samples.get("holdfast_jvm_heap_used_bytes")) > 0, samples.toString());
        assertTrue(Long.parseLong(samples.get("holdfast_jvm_heap_committed_bytes")) >=
            Long.parseLong(samples.get("holdfast_jvm_heap_used_bytes")), samples.toString());
        assertTrue(Long.parseLong(samples.get("holdfast_jvm_direct_memory_used_bytes")) > 0, samples.toString());
        assertTrue(Long.parseLong(samples.get("holdfast_jvm_gc_collections_total")) >= 0, samples.toString());
        assertTrue(samples.get("holdfast_jvm_gc_collection_seconds_total").matches("\\d+\\.\\d{3}"),
            samples.toString());
    }

    @Test
    void metricsShouldPassPromtoolWithValuesAndWithoutCounters() throws Exception
    {
        AdminPages.assertPromtoolAccepts(metrics());
        AdminPages.assertPromtoolAccepts(
            new MetricsPage().render(engineTotals.read(TestCounters.newManager(1)), jvmTotals.read()).toString());
    }

    @Test
    void durationsShouldBeExactDecimalSeconds()
    {
        final CountersManager manager = TestCounters.newManager(1);
        TestCounters.add(manager, CounterTypes.DUTY_CYCLE_MAX_NS, WORKER_0, 0, 12_000_000_123L);
        final Map<String, String> samples = AdminPages.parseMetrics(
            new MetricsPage().render(engineTotals.read(manager), jvmTotals.read()).toString());
        assertEquals("12.000000123", samples.get("holdfast_duty_cycle_max_seconds"));
    }

    @Test
    void statsShouldBeJsonWithTheSameNumbersGrouped() throws Exception
    {
        final Map<String, String> leaves = AdminPages.parseJson(
            new StatsPage().render(engineTotals.read(counters), jvmTotals.read(), ServerHealth.State.SERVING)
                .toString());
        final Map<String, String> engineLeaves = new TreeMap<>(leaves);
        engineLeaves.keySet().removeIf((name) -> name.startsWith("jvm."));
        assertEquals(new TreeMap<>(Map.ofEntries(
            entry("state", "\"serving\""),
            entry("connections.active", "5"),
            entry("connections.opened", "30"),
            entry("connections.closed", "25"),
            entry("connections.closedByReason.client_close", "20"),
            entry("connections.closedByReason.server_close", "0"),
            entry("connections.closedByReason.idle_timeout", "1"),
            entry("connections.closedByReason.protocol_error_1002", "4"),
            entry("connections.closedByReason.protocol_error_1007", "0"),
            entry("connections.closedByReason.protocol_error_1009", "0"),
            entry("connections.closedByReason.slow_consumer", "0"),
            entry("connections.closedByReason.shutdown", "0"),
            entry("connections.closedByReason.handler_error", "0"),
            entry("connections.closedByReason.connection_lost", "0"),
            entry("connections.closedByReason.inbound_message_rate", "0"),
            entry("connections.closedByReason.inbound_byte_rate", "0"),
            entry("connections.closedByReason.ping_flood", "0"),
            entry("connections.closeTimeouts", "2"),
            entry("handshakes.accepted", "30"),
            entry("handshakes.rejected", "11"),
            entry("handshakes.rejectedByStatus.400", "0"),
            entry("handshakes.rejectedByStatus.401", "0"),
            entry("handshakes.rejectedByStatus.403", "0"),
            entry("handshakes.rejectedByStatus.404", "7"),
            entry("handshakes.rejectedByStatus.405", "0"),
            entry("handshakes.rejectedByStatus.426", "0"),
            entry("handshakes.rejectedByStatus.429", "3"),
            entry("handshakes.rejectedByStatus.431", "0"),
            entry("handshakes.rejectedByStatus.500", "0"),
            entry("handshakes.rejectedByStatus.503", "1"),
            entry("handshakes.timeouts", "2"),
            entry("messages.received", "3000"),
            entry("messages.sent", "3000"),
            entry("bytes.received", "192000"),
            entry("bytes.sent", "200000"),
            entry("bytes.pendingOutput", "4096"),
            entry("heartbeats.pingsReceived", "11"),
            entry("heartbeats.pongsSent", "11"),
            entry("heartbeats.pingsSent", "15"),
            entry("heartbeats.pongsReceived", "14"),
            entry("acceptFailures", "1"),
            entry("dutyCycles.maxNs", "250000000"),
            entry("dutyCycles.exceeded", "5"),
            entry("dutyCycles.workers.0.maxNs", "1500000"),
            entry("dutyCycles.workers.0.exceeded", "2"),
            entry("dutyCycles.workers.1.maxNs", "250000000"),
            entry("dutyCycles.workers.1.exceeded", "3"),
            entry("errors", "9"),
            entry("pubsub.topics", "7"),
            entry("pubsub.subscriptions", "42"),
            entry("pubsub.publishes", "500"),
            entry("pubsub.publishesRefused", "6"),
            entry("pubsub.deliveries", "6500"),
            entry("pubsub.messagesDropped", "17"))), engineLeaves);
        assertEquals(
            Set.of("jvm.heapUsedBytes", "jvm.heapCommittedBytes", "jvm.directMemoryUsedBytes", "jvm.gcCollections",
                "jvm.gcTimeMs"),
            leaves.keySet().stream().filter((name) -> name.startsWith("jvm.")).collect(Collectors.toSet()));
    }

    @Test
    void statsShouldStayJsonWithoutCountersOrWorkers() throws Exception
    {
        final Map<String, String> leaves = AdminPages.parseJson(new StatsPage()
            .render(engineTotals.read(TestCounters.newManager(1)), jvmTotals.read(), ServerHealth.State.STOPPING)
            .toString());
        assertEquals("\"stopping\"", leaves.get("state"));
        assertEquals("0", leaves.get("connections.active"));
        assertTrue(leaves.keySet().stream().noneMatch((name) -> name.startsWith("dutyCycles.workers")),
            leaves::toString);
    }

    private String metrics()
    {
        return new MetricsPage().render(engineTotals.read(counters), jvmTotals.read()).toString();
    }

    private void both(final int typeId, final long worker0, final long worker1)
    {
        both(typeId, 0, worker0, worker1);
    }

    private void both(final int typeId, final int detail, final long worker0, final long worker1)
    {
        TestCounters.add(counters, typeId, WORKER_0, detail, worker0);
        TestCounters.add(counters, typeId, WORKER_1, detail, worker1);
    }
}
