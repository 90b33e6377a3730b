package io.holdfast.engine;

/**
 * Type ids and key layout of the engine's counters, for readers that add them up across workers, in this process
 * or from outside it through a counters file. Each worker has its own counter of each type; the key of every counter
 * holds the worker's index and, for the types broken down by reason or status, which one it counts.
 */
public final class CounterTypes
{
    /** Offset in a counter's key of the worker index, an int; -1 for a counter of the whole engine. */
    public static final int KEY_WORKER_OFFSET = 0;
    /** Offset in a counter's key of the detail, an int: a {@link CloseReason} ordinal or an HTTP status. */
    public static final int KEY_DETAIL_OFFSET = 4;
    /** Bytes of key the engine writes. */
    public static final int KEY_LENGTH = 8;

    /** Open connections (a gauge). */
    public static final int CONNECTIONS_ACTIVE = 1;
    /** Connections that completed the handshake. */
    public static final int CONNECTIONS_OPENED = 2;
    /** Open connections that ended, for any reason. */
    public static final int CONNECTIONS_CLOSED = 3;
    /** Open connections that ended, one counter per {@link CloseReason}: the key's detail is the ordinal. */
    public static final int CONNECTIONS_CLOSED_BY_REASON = 4;
    /** Handshakes answered with 101. */
    public static final int HANDSHAKES_ACCEPTED = 5;
    /** Handshakes refused, one counter per {@link HandshakeRejection}: the key's detail is the HTTP status. */
    public static final int HANDSHAKES_REJECTED = 6;
    /** Connections dropped for not completing the upgrade request in time. */
    public static final int HANDSHAKE_TIMEOUTS = 7;
    /** Closing connections dropped because the peer did not finish the close handshake in time. */
    public static final int CLOSE_TIMEOUTS = 8;
    /** Complete data messages received, heartbeats included. */
    public static final int MESSAGES_RECEIVED = 9;
    /** Data messages sent, heartbeat replies included. */
    public static final int MESSAGES_SENT = 10;
    /** Bytes read from client sockets: handshakes, frame headers and payloads. */
    public static final int BYTES_RECEIVED = 11;
    /** Bytes written to client sockets: handshake responses, frame headers and payloads. */
    public static final int BYTES_SENT = 12;
    /** Heartbeats {@code {"type":"ping"}} and ping frames received. */
    public static final int PINGS_RECEIVED = 13;
    /** Replies to pings sent: {@code {"type":"pong"}} messages and pong frames. */
    public static final int PONGS_SENT = 14;
    /** Ping frames the server sent to silent connections. */
    public static final int PINGS_SENT = 15;
    /** Pong frames received. */
    public static final int PONGS_RECEIVED = 16;
    /** Output bytes waiting for slow sockets (a gauge). */
    public static final int PENDING_BYTES = 17;
    /** Failed accepts, mostly for lack of file descriptors. */
    public static final int ACCEPT_FAILURES = 18;
    /** Longest duty cycle of the worker since start, in nanoseconds (a high-water mark). */
    public static final int DUTY_CYCLE_MAX_NS = 19;
    /** Duty cycles of the worker longer than the configured threshold. */
    public static final int DUTY_CYCLES_EXCEEDED = 20;
    /** Errors reported to the engine's error handler: handler exceptions, I/O failures, worker failures. */
    public static final int ERRORS = 21;
    /** Topics with at least one subscriber on the worker (a gauge: a topic subscribed on two workers counts twice). */
    public static final int TOPICS_ACTIVE = 22;
    /** Subscriptions of the worker's connections (a gauge). */
    public static final int SUBSCRIPTIONS_ACTIVE = 23;
    /** Publishes accepted, from clients and applications alike (one counter for the whole engine). */
    public static final int PUBLISHES = 24;
    /**
     * Publishes refused because a worker's command buffer was full or the message too large (one counter for the
     * whole engine).
     */
    public static final int PUBLISHES_REFUSED = 25;
    /** Published messages sent or queued to subscribers: one per subscriber per publish. */
    public static final int DELIVERIES = 26;
    /** Data messages dropped for slow consumers under {@link SlowConsumerPolicy#DROP}. */
    public static final int MESSAGES_DROPPED = 27;

    /** Counters each worker allocates, with room for the breakdowns to grow. */
    static final int PER_WORKER = 64;

    private CounterTypes()
    {
    }
}
