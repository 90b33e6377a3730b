package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.CounterTypes;

import java.util.Locale;

/**
 * The {@code /stats} page: the numbers of {@code /metrics} as one indented JSON object grouped for people
 * (connections, handshakes, messages, bytes, heartbeats, duty cycles per worker, pub/sub, JVM), with the server's
 * state. Durations keep the counters' own units, named in the keys. Written by hand: every key is a constant and
 * every value a number, so nothing needs escaping. Not thread safe: the admin endpoint renders on its one thread.
 */
final class StatsPage
{
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private static final String INDENT = "  ";

    private final StringBuilder json = new StringBuilder(4096);
    private int depth;
    private boolean first;

    /**
     * @return the page for these totals and state; valid until the next call.
     */
    CharSequence render(final EngineTotals engine, final JvmTotals jvm, final ServerHealth.State state)
    {
        json.setLength(0);
        depth = 0;
        beginObject();
        string("state", state.name().toLowerCase(Locale.ROOT));
        connections(engine);
        handshakes(engine);
        beginObject("messages");
        number("received", engine.get(CounterTypes.MESSAGES_RECEIVED));
        number("sent", engine.get(CounterTypes.MESSAGES_SENT));
        endObject();
        beginObject("bytes");
        number("received", engine.get(CounterTypes.BYTES_RECEIVED));
        number("sent", engine.get(CounterTypes.BYTES_SENT));
        number("pendingOutput", engine.get(CounterTypes.PENDING_BYTES));
        endObject();
        beginObject("heartbeats");
        number("pingsReceived", engine.get(CounterTypes.PINGS_RECEIVED));
        number("pongsSent", engine.get(CounterTypes.PONGS_SENT));
        number("pingsSent", engine.get(CounterTypes.PINGS_SENT));
        number("pongsReceived", engine.get(CounterTypes.PONGS_RECEIVED));
        endObject();
        number("acceptFailures", engine.get(CounterTypes.ACCEPT_FAILURES));
        dutyCycles(engine);
        number("errors", engine.get(CounterTypes.ERRORS));
        pubSub(engine);
        jvm(jvm);
        endObject();
        json.append('\n');
        return json;
    }

    private void connections(final EngineTotals engine)
    {
        beginObject("connections");
        number("active", engine.get(CounterTypes.CONNECTIONS_ACTIVE));
        number("opened", engine.get(CounterTypes.CONNECTIONS_OPENED));
        number("closed", engine.get(CounterTypes.CONNECTIONS_CLOSED));
        beginObject("closedByReason");
        for (final CloseReason reason : CloseReason.values())
        {
            number(CounterLabels.closeReason(reason), engine.closed(reason));
        }
        endObject();
        number("closeTimeouts", engine.get(CounterTypes.CLOSE_TIMEOUTS));
        endObject();
    }

    private void handshakes(final EngineTotals engine)
    {
        beginObject("handshakes");
        number("accepted", engine.get(CounterTypes.HANDSHAKES_ACCEPTED));
        number("rejected", engine.get(CounterTypes.HANDSHAKES_REJECTED));
        beginObject("rejectedByStatus");
        for (int i = 0; i < CounterLabels.rejectionStatusCount(); i++)
        {
            final int status = CounterLabels.rejectionStatus(i);
            number(Integer.toString(status), engine.rejected(status));
        }
        endObject();
        number("timeouts", engine.get(CounterTypes.HANDSHAKE_TIMEOUTS));
        endObject();
    }

    private void dutyCycles(final EngineTotals engine)
    {
        beginObject("dutyCycles");
        number("maxNs", engine.get(CounterTypes.DUTY_CYCLE_MAX_NS));
        number("exceeded", engine.get(CounterTypes.DUTY_CYCLES_EXCEEDED));
        key("workers").append('[');
        depth++;
        first = true;
        for (int worker = 0; worker < engine.workers(); worker++)
        {
            nextElement();
            json.append("{\"maxNs\": ").append(engine.dutyCycleMaxNs(worker))
                .append(", \"exceeded\": ").append(engine.dutyCyclesExceeded(worker)).append('}');
        }
        close(']');
        endObject();
    }

    private void pubSub(final EngineTotals engine)
    {
        beginObject("pubsub");
        number("topics", engine.get(CounterTypes.TOPICS_ACTIVE));
        number("subscriptions", engine.get(CounterTypes.SUBSCRIPTIONS_ACTIVE));
        number("publishes", engine.get(CounterTypes.PUBLISHES));
        number("publishesRefused", engine.get(CounterTypes.PUBLISHES_REFUSED));
        number("deliveries", engine.get(CounterTypes.DELIVERIES));
        number("messagesDropped", engine.get(CounterTypes.MESSAGES_DROPPED));
        endObject();
    }

    private void jvm(final JvmTotals jvm)
    {
        beginObject("jvm");
        number("heapUsedBytes", jvm.heapUsedBytes());
        number("heapCommittedBytes", jvm.heapCommittedBytes());
        number("directMemoryUsedBytes", jvm.directUsedBytes());
        number("gcCollections", jvm.gcCollections());
        number("gcTimeMs", jvm.gcTimeMs());
        endObject();
    }

    private void beginObject(final String name)
    {
        key(name);
        beginObject();
    }

    private void beginObject()
    {
        json.append('{');
        depth++;
        first = true;
    }

    private void endObject()
    {
        close('}');
    }

    private void number(final String name, final long value)
    {
        key(name).append(value);
    }

    private void string(final String name, final String value)
    {
        key(name).append('"').append(value).append('"');
    }

    private StringBuilder key(final String name)
    {
        nextElement();
        return json.append('"').append(name).append("\": ");
    }

    /** Separate from the element before, if any, and start a new indented line. */
    private void nextElement()
    {
        if (!first)
        {
            json.append(',');
        }
        first = false;
        newLine();
    }

    private void close(final char bracket)
    {
        depth--;
        if (!first)
        {
            newLine();
        }
        json.append(bracket);
        first = false;
    }

    private void newLine()
    {
        json.append('\n');
        for (int i = 0; i < depth; i++)
        {
            json.append(INDENT);
        }
    }
}
