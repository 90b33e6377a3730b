package io.holdfast.engine;

import java.util.List;

/**
 * The one place that names every property of the engine, with its default and unit. The engine itself never reads
 * these names: {@link EngineConfig} takes typed values, and the launcher parses files and units into them. Defaults
 * carry their unit in their name ({@code _MS}, {@code _NS}); sizes are in bytes.
 */
public final class EngineConfiguration
{
    /**
     * Host name or IP address the server listens on.
     */
    public static final String LISTEN_ADDRESS_PROP_NAME = "holdfast.listen.address";

    /**
     * Default of {@link #LISTEN_ADDRESS_PROP_NAME}: every interface.
     */
    public static final String LISTEN_ADDRESS_DEFAULT = "0.0.0.0";

    /**
     * TCP port the server listens on; 0 picks a free port, which {@link Engine#port()} tells.
     */
    public static final String LISTEN_PORT_PROP_NAME = "holdfast.listen.port";

    /**
     * Default of {@link #LISTEN_PORT_PROP_NAME}.
     */
    public static final int LISTEN_PORT_DEFAULT = 8080;

    /**
     * Connections the kernel queues for each listener before the server accepts them.
     */
    public static final String LISTEN_BACKLOG_PROP_NAME = "holdfast.listen.backlog";

    /**
     * Default of {@link #LISTEN_BACKLOG_PROP_NAME}: enough for a burst of reconnecting clients.
     */
    public static final int LISTEN_BACKLOG_DEFAULT = 4096;

    /**
     * Request path that upgrades to a WebSocket; any other path gets 404.
     */
    public static final String PATH_PROP_NAME = "holdfast.path";

    /**
     * Default of {@link #PATH_PROP_NAME}.
     */
    public static final String PATH_DEFAULT = "/ws";

    /**
     * Number of worker threads, each owning its share of the connections for their whole life. Its default depends
     * on the host: see {@link #workersDefault()}.
     */
    public static final String WORKERS_PROP_NAME = "holdfast.workers";

    /**
     * What a worker does after a duty cycle that found no work: see {@link IdleStrategyType}.
     */
    public static final String IDLE_STRATEGY_PROP_NAME = "holdfast.idle.strategy";

    /**
     * Default of {@link #IDLE_STRATEGY_PROP_NAME}: spin briefly, then block in the selector, so a worker between
     * messages leaves the core to others (as Netty's event loops do) and socket events wake it at once.
     */
    public static final IdleStrategyType IDLE_STRATEGY_DEFAULT = IdleStrategyType.BLOCKING;

    /**
     * Largest message in bytes after reassembly of its frames; a larger one closes the connection with 1009.
     */
    public static final String MAX_MESSAGE_PROP_NAME = "holdfast.max.message";

    /**
     * Default of {@link #MAX_MESSAGE_PROP_NAME} in bytes.
     */
    public static final int MAX_MESSAGE_DEFAULT = 1 << 20;

    /**
     * Largest frame payload in bytes; a larger one closes the connection with 1009.
     */
    public static final String MAX_FRAME_PROP_NAME = "holdfast.max.frame";

    /**
     * Default of {@link #MAX_FRAME_PROP_NAME} in bytes.
     */
    public static final int MAX_FRAME_DEFAULT = 1 << 20;

    /**
     * Largest upgrade request head in bytes; a larger one gets 431.
     */
    public static final String MAX_HEADER_PROP_NAME = "holdfast.max.header";

    /**
     * Default of {@link #MAX_HEADER_PROP_NAME} in bytes: what common HTTP servers allow.
     */
    public static final int MAX_HEADER_DEFAULT = 8 << 10;

    /**
     * Connections the server holds at once, shared evenly by the workers; beyond it a handshake gets 503.
     */
    public static final String MAX_CONNECTIONS_PROP_NAME = "holdfast.max.connections";

    /**
     * Value of {@link #MAX_CONNECTIONS_PROP_NAME} that means: the process's open-file limit less
     * {@link #FILE_DESCRIPTOR_RESERVE}, read when the engine starts.
     */
    public static final int MAX_CONNECTIONS_AUTO = 0;

    /**
     * Default of {@link #MAX_CONNECTIONS_PROP_NAME}: {@link #MAX_CONNECTIONS_AUTO}.
     */
    public static final int MAX_CONNECTIONS_DEFAULT = MAX_CONNECTIONS_AUTO;

    /**
     * File descriptors {@link #MAX_CONNECTIONS_AUTO} keeps back from connections: listeners, selectors, the counters
     * file, the admin endpoint, jars.
     */
    public static final int FILE_DESCRIPTOR_RESERVE = 128;

    /**
     * What {@link #MAX_CONNECTIONS_AUTO} means where the open-file limit cannot be read (not a Unix JVM).
     */
    public static final int MAX_CONNECTIONS_WITHOUT_FILE_LIMIT = 100_000;

    /**
     * Output bytes kept for one connection that is not reading; beyond it the connection is closed with 1008 as a
     * slow consumer.
     */
    public static final String MAX_PENDING_PROP_NAME = "holdfast.max.pending";

    /**
     * Default of {@link #MAX_PENDING_PROP_NAME} in bytes.
     */
    public static final int MAX_PENDING_DEFAULT = 4 << 20;

    /**
     * Output bytes kept for all connections together, shared evenly by the workers; beyond it the connections with
     * the most pending output are closed first.
     */
    public static final String MAX_PENDING_TOTAL_PROP_NAME = "holdfast.max.pending.total";

    /**
     * Default of {@link #MAX_PENDING_TOTAL_PROP_NAME} in bytes.
     */
    public static final long MAX_PENDING_TOTAL_DEFAULT = 128L << 20;

    /**
     * What to do with a connection whose pending output goes over {@link #MAX_PENDING_PROP_NAME}: see
     * {@link SlowConsumerPolicy}.
     */
    public static final String SLOW_CONSUMER_PROP_NAME = "holdfast.slow.consumer";

    /**
     * Default of {@link #SLOW_CONSUMER_PROP_NAME}: close it, so no subscriber silently misses messages.
     */
    public static final SlowConsumerPolicy SLOW_CONSUMER_DEFAULT = SlowConsumerPolicy.CLOSE;

    /**
     * Topics with subscribers that one worker holds at once; a subscription to one more is refused.
     */
    public static final String MAX_TOPICS_PROP_NAME = "holdfast.max.topics";

    /**
     * Default of {@link #MAX_TOPICS_PROP_NAME}: a topic name takes 128 bytes of each worker's table once used.
     */
    public static final int MAX_TOPICS_DEFAULT = 65_536;

    /**
     * Topics one connection may subscribe to at once.
     */
    public static final String MAX_SUBSCRIPTIONS_PER_CONNECTION_PROP_NAME = "holdfast.max.subscriptions.per.connection";

    /**
     * Default of {@link #MAX_SUBSCRIPTIONS_PER_CONNECTION_PROP_NAME}.
     */
    public static final int MAX_SUBSCRIPTIONS_PER_CONNECTION_DEFAULT = 64;

    /**
     * Refused pub/sub requests (unknown type, bad topic, limits) a connection may make in its life before
     * {@link PubSubHandler} closes it with 1008; each one is answered with an error message until then.
     */
    public static final String MAX_REQUEST_ERRORS_PROP_NAME = "holdfast.max.request.errors";

    /**
     * Default of {@link #MAX_REQUEST_ERRORS_PROP_NAME}: room for a client's mistakes, not for a flood of them.
     */
    public static final int MAX_REQUEST_ERRORS_DEFAULT = 100;

    /**
     * A connection from which nothing arrived for this long is closed with 1001 "idle timeout"; 0 never.
     */
    public static final String IDLE_TIMEOUT_PROP_NAME = "holdfast.idle.timeout";

    /**
     * Default of {@link #IDLE_TIMEOUT_PROP_NAME}: twice the 30 s heartbeat clients commonly send.
     */
    public static final long IDLE_TIMEOUT_DEFAULT_MS = 60_000;

    /**
     * A connection silent for this long is sent a ping frame, to find half-open peers early; 0 never.
     */
    public static final String SERVER_PING_INTERVAL_PROP_NAME = "holdfast.server.ping.interval";

    /**
     * Default of {@link #SERVER_PING_INTERVAL_PROP_NAME}: off, since clients send the heartbeat.
     */
    public static final long SERVER_PING_INTERVAL_DEFAULT_MS = 0;

    /**
     * A connection that has not completed its upgrade request this long after accept is dropped, so slow or silent
     * clients cannot hold slots.
     */
    public static final String HANDSHAKE_TIMEOUT_PROP_NAME = "holdfast.handshake.timeout";

    /**
     * Default of {@link #HANDSHAKE_TIMEOUT_PROP_NAME}.
     */
    public static final long HANDSHAKE_TIMEOUT_DEFAULT_MS = 10_000;

    /**
     * After the server closes first, how long it waits for the peer's close frame or end of stream before dropping
     * the connection.
     */
    public static final String CLOSE_TIMEOUT_PROP_NAME = "holdfast.close.timeout";

    /**
     * Default of {@link #CLOSE_TIMEOUT_PROP_NAME}.
     */
    public static final long CLOSE_TIMEOUT_DEFAULT_MS = 5_000;

    /**
     * How long {@link Engine#close()} waits for close handshakes before closing the remaining connections.
     */
    public static final String SHUTDOWN_TIMEOUT_PROP_NAME = "holdfast.shutdown.timeout";

    /**
     * Default of {@link #SHUTDOWN_TIMEOUT_PROP_NAME}.
     */
    public static final long SHUTDOWN_TIMEOUT_DEFAULT_MS = 5_000;

    /**
     * Origins whose pages may open connections: exact origins ({@code https://app.example.com}), subdomain patterns
     * ({@code https://*.example.com}) or {@code *} for any. A handshake whose {@code Origin} is not allowed gets 403,
     * which stops other sites' pages from opening connections with their visitors' cookies (cross-site WebSocket
     * hijacking).
     */
    public static final String ALLOWED_ORIGINS_PROP_NAME = "holdfast.allowed.origins";

    /**
     * Default of {@link #ALLOWED_ORIGINS_PROP_NAME}: any, as a server without browser clients wants; a server that
     * browsers reach should list its own origins.
     */
    public static final List<String> ALLOWED_ORIGINS_DEFAULT = List.of("*");

    /**
     * Whether a handshake without an {@code Origin} header is refused with 403. Browsers always send one; other
     * clients (backends, command-line tools) usually do not.
     */
    public static final String REQUIRE_ORIGIN_PROP_NAME = "holdfast.require.origin";

    /**
     * Default of {@link #REQUIRE_ORIGIN_PROP_NAME}: clients without {@code Origin} are allowed.
     */
    public static final boolean REQUIRE_ORIGIN_DEFAULT = false;

    /**
     * Connections one remote address may hold at once, counted from accept to close over all workers; one more
     * gets 429. 0 is no limit.
     */
    public static final String MAX_CONNECTIONS_PER_ADDRESS_PROP_NAME = "holdfast.max.connections.per.address";

    /**
     * Default of {@link #MAX_CONNECTIONS_PER_ADDRESS_PROP_NAME}: no limit.
     */
    public static final int MAX_CONNECTIONS_PER_ADDRESS_DEFAULT = 0;

    /**
     * Handshakes per second one remote address may make, refilling a token bucket of
     * {@link #HANDSHAKE_BURST_PER_ADDRESS_PROP_NAME} tokens; a handshake finding it empty gets 429. 0 is no limit.
     */
    public static final String HANDSHAKE_RATE_PER_ADDRESS_PROP_NAME = "holdfast.handshake.rate.per.address";

    /**
     * Default of {@link #HANDSHAKE_RATE_PER_ADDRESS_PROP_NAME}: no limit.
     */
    public static final int HANDSHAKE_RATE_PER_ADDRESS_DEFAULT = 0;

    /**
     * Handshakes one remote address may make at once before {@link #HANDSHAKE_RATE_PER_ADDRESS_PROP_NAME} applies.
     */
    public static final String HANDSHAKE_BURST_PER_ADDRESS_PROP_NAME = "holdfast.handshake.burst.per.address";

    /**
     * Default of {@link #HANDSHAKE_BURST_PER_ADDRESS_PROP_NAME}: 0, which means the rate, one second's worth.
     */
    public static final int HANDSHAKE_BURST_PER_ADDRESS_DEFAULT = 0;

    /**
     * How a handshake proves who connects: {@code none}, or {@code jwt} for a JSON Web Token signed with HS256 (see
     * {@link AuthMode}).
     */
    public static final String AUTH_PROP_NAME = "holdfast.auth";

    /**
     * Default of {@link #AUTH_PROP_NAME}: no authentication.
     */
    public static final AuthMode AUTH_DEFAULT = AuthMode.NONE;

    /**
     * The file holding the HS256 secret, its bytes as they are with one trailing newline removed; at least 32 bytes.
     * The secret itself is never a property, so it shows in no config file or process listing.
     */
    public static final String AUTH_JWT_SECRET_FILE_PROP_NAME = "holdfast.auth.jwt.secret.file";

    /**
     * How far a token's {@code exp} and {@code nbf} may be off this host's clock.
     */
    public static final String AUTH_JWT_CLOCK_SKEW_PROP_NAME = "holdfast.auth.jwt.clock.skew";

    /**
     * Default of {@link #AUTH_JWT_CLOCK_SKEW_PROP_NAME}: 30 seconds.
     */
    public static final long AUTH_JWT_CLOCK_SKEW_DEFAULT_MS = 30_000;

    /**
     * Whether pub/sub subscribes and publishes must name a topic starting with one of the prefixes in the token's
     * {@code topics} claim; a token without one may use no topic. Needs {@link #AUTH_PROP_NAME} {@code jwt}.
     */
    public static final String AUTH_TOPICS_PROP_NAME = "holdfast.auth.topics";

    /**
     * Default of {@link #AUTH_TOPICS_PROP_NAME}: any topic.
     */
    public static final boolean AUTH_TOPICS_DEFAULT = false;

    /**
     * Complete data messages per second one connection may send, heartbeats included, refilling a token bucket of
     * {@link #MAX_INBOUND_MESSAGES_BURST_PROP_NAME} tokens; the message finding it empty is not handled and the
     * connection is closed with 1008. 0 is no limit.
     */
    public static final String MAX_INBOUND_MESSAGES_RATE_PROP_NAME = "holdfast.max.inbound.messages.rate";

    /**
     * Default of {@link #MAX_INBOUND_MESSAGES_RATE_PROP_NAME}: no limit.
     */
    public static final int MAX_INBOUND_MESSAGES_RATE_DEFAULT = 0;

    /**
     * Messages one connection may send at once before {@link #MAX_INBOUND_MESSAGES_RATE_PROP_NAME} applies.
     */
    public static final String MAX_INBOUND_MESSAGES_BURST_PROP_NAME = "holdfast.max.inbound.messages.burst";

    /**
     * Default of {@link #MAX_INBOUND_MESSAGES_BURST_PROP_NAME}: 0, which means the rate, one second's worth.
     */
    public static final int MAX_INBOUND_MESSAGES_BURST_DEFAULT = 0;

    /**
     * Frame bytes per second one connection may send (every frame's header, control frames whole, data payload counted
     * as it arrives, so a message in many fragments counts as it grows and a flood of empty frames counts too),
     * refilling a token bucket of {@link #MAX_INBOUND_BYTES_BURST_PROP_NAME} bytes; the bytes finding it short are
     * not handled and the connection is closed with 1008. 0 is no limit.
     */
    public static final String MAX_INBOUND_BYTES_RATE_PROP_NAME = "holdfast.max.inbound.bytes.rate";

    /**
     * Default of {@link #MAX_INBOUND_BYTES_RATE_PROP_NAME}: no limit.
     */
    public static final int MAX_INBOUND_BYTES_RATE_DEFAULT = 0;

    /**
     * Frame bytes one connection may send at once before {@link #MAX_INBOUND_BYTES_RATE_PROP_NAME} applies; at least
     * {@link #MAX_MESSAGE_PROP_NAME} plus the largest frame header, 14 bytes, so a message of the largest size can
     * arrive at once.
     */
    public static final String MAX_INBOUND_BYTES_BURST_PROP_NAME = "holdfast.max.inbound.bytes.burst";

    /**
     * Default of {@link #MAX_INBOUND_BYTES_BURST_PROP_NAME}: 0, which means the rate, one second's worth.
     */
    public static final int MAX_INBOUND_BYTES_BURST_DEFAULT = 0;

    /**
     * Ping frames per second one connection may send, refilling a token bucket of
     * {@link #MAX_INBOUND_PINGS_BURST_PROP_NAME} tokens; the ping finding it empty is not answered and the connection
     * is closed with 1008. Each ping costs the server a pong, so a flood of them costs it as much output as input.
     * 0 is no limit.
     */
    public static final String MAX_INBOUND_PINGS_RATE_PROP_NAME = "holdfast.max.inbound.pings.rate";

    /**
     * Default of {@link #MAX_INBOUND_PINGS_RATE_PROP_NAME}: no limit.
     */
    public static final int MAX_INBOUND_PINGS_RATE_DEFAULT = 0;

    /**
     * Ping frames one connection may send at once before {@link #MAX_INBOUND_PINGS_RATE_PROP_NAME} applies.
     */
    public static final String MAX_INBOUND_PINGS_BURST_PROP_NAME = "holdfast.max.inbound.pings.burst";

    /**
     * Default of {@link #MAX_INBOUND_PINGS_BURST_PROP_NAME}: 0, which means the rate, one second's worth.
     */
    public static final int MAX_INBOUND_PINGS_BURST_DEFAULT = 0;

    /**
     * Subprotocols the server may select, in order of preference.
     */
    public static final String SUBPROTOCOLS_PROP_NAME = "holdfast.subprotocols";

    /**
     * Default of {@link #SUBPROTOCOLS_PROP_NAME}: none, so no subprotocol is selected.
     */
    public static final List<String> SUBPROTOCOLS_DEFAULT = List.of();

    /**
     * How the text heartbeat {@code {"type":"ping"}} is answered: see {@link HeartbeatReply}.
     */
    public static final String HEARTBEAT_REPLY_PROP_NAME = "holdfast.heartbeat.reply";

    /**
     * Default of {@link #HEARTBEAT_REPLY_PROP_NAME}: the text {@code {"type":"pong"}} clients commonly expect.
     */
    public static final HeartbeatReply HEARTBEAT_REPLY_DEFAULT = HeartbeatReply.TEXT;

    /**
     * A worker's duty cycle longer than this is counted, and becomes a JFR {@code holdfast.DutyCycleExceeded}
     * event where a monitor watches the counters.
     */
    public static final String DUTY_CYCLE_THRESHOLD_PROP_NAME = "holdfast.duty.cycle.threshold";

    /**
     * Default of {@link #DUTY_CYCLE_THRESHOLD_PROP_NAME}: far longer than a cycle that only moves messages.
     */
    public static final long DUTY_CYCLE_THRESHOLD_DEFAULT_NS = 1_000_000;

    /**
     * Bytes of commands (sends, closes) other threads may queue for one worker before {@link Outbound} says no; a
     * power of two. Set through {@link EngineConfig#commandBuffer(int)} only: no property names it.
     */
    public static final int COMMAND_BUFFER_DEFAULT = 1 << 20;

    private EngineConfiguration()
    {
    }

    /**
     * Default of {@link #WORKERS_PROP_NAME}: one worker per processor this JVM may use, so every core runs a
     * selector loop.
     *
     * @return the processors available to this JVM.
     */
    public static int workersDefault()
    {
        return Runtime.getRuntime().availableProcessors();
    }
}
