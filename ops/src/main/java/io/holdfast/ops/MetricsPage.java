package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.CounterTypes;

/**
 * The {@code /metrics} page: the engine's counters summed over workers and the JVM's memory and collections, in
 * Prometheus text exposition format 0.0.4, each family with its {@code # HELP} and {@code # TYPE}. Whole-server
 * totals carry no labels; only closes ({@code reason}) and refused handshakes ({@code status}) are broken down.
 * Not thread safe: the admin endpoint renders on its one thread and reuses the text.
 */
final class MetricsPage
{
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String COUNTER = "counter";
    private static final String GAUGE = "gauge";
    private static final int NANOSECOND_DIGITS = 9;
    private static final int MILLISECOND_DIGITS = 3;

    private final StringBuilder text = new StringBuilder(8192);

    /**
     * @return the page for these totals; valid until the next call.
     */
    CharSequence render(final EngineTotals engine, final JvmTotals jvm)
    {
        text.setLength(0);
        gauge("holdfast_connections_active", "Open WebSocket connections.",
            engine.get(CounterTypes.CONNECTIONS_ACTIVE));
        counter("holdfast_connections_opened_total", "Connections that completed the WebSocket handshake.",
            engine.get(CounterTypes.CONNECTIONS_OPENED));
        closedByReason(engine);
        counter("holdfast_handshakes_accepted_total", "Upgrade requests answered with 101.",
            engine.get(CounterTypes.HANDSHAKES_ACCEPTED));
        rejectedByStatus(engine);
        counter("holdfast_handshake_timeouts_total", "Connections dropped for not completing the upgrade in time.",
            engine.get(CounterTypes.HANDSHAKE_TIMEOUTS));
        counter("holdfast_close_timeouts_total", "Closing connections dropped because the peer did not finish " +
            "the close handshake in time.", engine.get(CounterTypes.CLOSE_TIMEOUTS));
        counter("holdfast_messages_received_total", "Complete data messages received, heartbeats included.",
            engine.get(CounterTypes.MESSAGES_RECEIVED));
        counter("holdfast_messages_sent_total", "Data messages sent, heartbeat replies included.",
            engine.get(CounterTypes.MESSAGES_SENT));
        counter("holdfast_bytes_received_total", "Bytes read from client sockets: handshakes, frame headers and " +
            "payloads.", engine.get(CounterTypes.BYTES_RECEIVED));
        counter("holdfast_bytes_sent_total", "Bytes written to client sockets: handshake responses, frame headers " +
            "and payloads.", engine.get(CounterTypes.BYTES_SENT));
        counter("holdfast_pings_received_total", "Heartbeats {\"type\":\"ping\"} and ping frames received.",
            engine.get(CounterTypes.PINGS_RECEIVED));
        counter("holdfast_pongs_sent_total", "Replies to pings sent: {\"type\":\"pong\"} messages and pong frames.",
            engine.get(CounterTypes.PONGS_SENT));
        counter("holdfast_pings_sent_total", "Ping frames the server sent to silent connections.",
            engine.get(CounterTypes.PINGS_SENT));
        counter("holdfast_pongs_received_total", "Pong frames received.",
            engine.get(CounterTypes.PONGS_RECEIVED));
        gauge("holdfast_pending_output_bytes", "Output bytes waiting for slow sockets.",
            engine.get(CounterTypes.PENDING_BYTES));
        counter("holdfast_accept_failures_total", "Failed accepts, mostly for lack of file descriptors.",
            engine.get(CounterTypes.ACCEPT_FAILURES));
        family("holdfast_duty_cycle_max_seconds", GAUGE, "Longest duty cycle of any worker since start.");
        sampleName("holdfast_duty_cycle_max_seconds");
        decimal(engine.get(CounterTypes.DUTY_CYCLE_MAX_NS), NANOSECOND_DIGITS);
        counter("holdfast_duty_cycles_exceeded_total", "Duty cycles longer than the configured threshold.",
            engine.get(CounterTypes.DUTY_CYCLES_EXCEEDED));
        counter("holdfast_errors_total", "Errors recorded in the error log (holdfast errors lists them).",
            engine.get(CounterTypes.ERRORS));
        pubSub(engine);
        jvm(jvm);
        return text;
    }

    private void closedByReason(final EngineTotals engine)
    {
        final String name = "holdfast_connections_closed_total";
        family(name, COUNTER, "Open connections that ended, by reason.");
        for (final CloseReason reason : CloseReason.values())
        {
            labelledSampleName(name, "reason", CounterLabels.closeReason(reason));
            text.append(engine.closed(reason)).append('\n');
        }
    }

    private void rejectedByStatus(final EngineTotals engine)
    {
        final String name = "holdfast_handshakes_rejected_total";
        family(name, COUNTER, "Upgrade requests refused, by HTTP status.");
        for (int i = 0; i < CounterLabels.rejectionStatusCount(); i++)
        {
            final int status = CounterLabels.rejectionStatus(i);
            labelledSampleName(name, "status", Integer.toString(status));
            text.append(engine.rejected(status)).append('\n');
        }
    }

    private void pubSub(final EngineTotals engine)
    {
        gauge("holdfast_topics", "Topics with subscribers, counted once on each worker that has subscribers to it.",
            engine.get(CounterTypes.TOPICS_ACTIVE));
        gauge("holdfast_subscriptions", "Subscriptions of open connections to topics.",
            engine.get(CounterTypes.SUBSCRIPTIONS_ACTIVE));
        counter("holdfast_publishes_total", "Publishes accepted, from clients, the admin endpoint and the " +
            "application alike.", engine.get(CounterTypes.PUBLISHES));
        counter("holdfast_publishes_refused_total", "Publishes refused because a worker's command buffer was full " +
            "or the message too large.", engine.get(CounterTypes.PUBLISHES_REFUSED));
        counter("holdfast_deliveries_total", "Published messages sent or queued to subscribers: one per subscriber " +
            "per publish.", engine.get(CounterTypes.DELIVERIES));
        counter("holdfast_messages_dropped_total", "Messages dropped for slow consumers under " +
            "holdfast.slow.consumer=drop.", engine.get(CounterTypes.MESSAGES_DROPPED));
    }

    private void jvm(final JvmTotals jvm)
    {
        gauge("holdfast_jvm_heap_used_bytes", "Java heap in use.", jvm.heapUsedBytes());
        gauge("holdfast_jvm_heap_committed_bytes", "Java heap committed by the JVM.", jvm.heapCommittedBytes());
        gauge("holdfast_jvm_direct_memory_used_bytes", "Memory of direct byte buffers: worker buffers and pooled " +
            "output.", jvm.directUsedBytes());
        counter("holdfast_jvm_gc_collections_total", "Garbage collections, all collectors.", jvm.gcCollections());
        family("holdfast_jvm_gc_collection_seconds_total", COUNTER, "Time spent in garbage collection, all " +
            "collectors.");
        sampleName("holdfast_jvm_gc_collection_seconds_total");
        decimal(jvm.gcTimeMs(), MILLISECOND_DIGITS);
    }

    private void counter(final String name, final String help, final long value)
    {
        family(name, COUNTER, help);
        sampleName(name);
        text.append(value).append('\n');
    }

    private void gauge(final String name, final String help, final long value)
    {
        family(name, GAUGE, help);
        sampleName(name);
        text.append(value).append('\n');
    }

    private void family(final String name, final String type, final String help)
    {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sampleName(final String name)
    {
        text.append(name).append(' ');
    }

    private void labelledSampleName(final String name, final String label, final String value)
    {
        text.append(name).append('{').append(label).append("=\"").append(value).append("\"} ");
    }

    /**
     * Append {@code value / 10^digits} as an exact decimal, never in exponent form, then end the line.
     */
    private void decimal(final long value, final int digits)
    {
        long divisor = 1;
        for (int i = 0; i < digits; i++)
        {
            divisor *= 10;
        }
        text.append(value / divisor).append('.');
        // Adding the divisor pads the fraction with leading zeros behind a '1' that is then dropped.
        final int one = text.length();
        text.append(value % divisor + divisor).deleteCharAt(one).append('\n');
    }
}
