package io.holdfast.engine;

import com.sun.management.UnixOperatingSystemMXBean;
import io.holdfast.codec.command.MessageHeaderEncoder;
import io.holdfast.codec.command.PublishCommandEncoder;
import io.holdfast.codec.jwt.JwtVerifier;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;

import static io.holdfast.engine.EngineConfiguration.AUTH_JWT_CLOCK_SKEW_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.AUTH_JWT_SECRET_FILE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.AUTH_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.AUTH_TOPICS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.CLOSE_TIMEOUT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.DUTY_CYCLE_THRESHOLD_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.HANDSHAKE_TIMEOUT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.IDLE_TIMEOUT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.LISTEN_BACKLOG_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.LISTEN_PORT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_CONNECTIONS_AUTO;
import static io.holdfast.engine.EngineConfiguration.HANDSHAKE_BURST_PER_ADDRESS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.HANDSHAKE_RATE_PER_ADDRESS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_CONNECTIONS_PER_ADDRESS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_CONNECTIONS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_FRAME_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_HEADER_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_BYTES_BURST_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_BYTES_RATE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_MESSAGES_BURST_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_MESSAGES_RATE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_PINGS_BURST_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_PINGS_RATE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_MESSAGE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_PENDING_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_PENDING_TOTAL_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_REQUEST_ERRORS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_SUBSCRIPTIONS_PER_CONNECTION_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_TOPICS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.PATH_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.SERVER_PING_INTERVAL_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.SHUTDOWN_TIMEOUT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.WORKERS_PROP_NAME;

/**
 * Everything an {@link Engine} is started with, as typed values: the engine never reads files or parses units.
 * Setters return this config so it reads as a builder; defaults, and the property each value is configured
 * with in the launcher, are in {@link EngineConfiguration}.
 */
public final class EngineConfig
{
    private static final int MAX_FRAME_HEADER = 14;
    private static final int MIN_FRAME_LIMIT = 125;
    private static final int MAX_SIZE = Integer.MAX_VALUE - 64;
    private static final int MIN_HEADER_LIMIT = 256;
    private static final int MAX_HEADER_LIMIT = 1 << 20;
    private static final int MIN_COMMAND_BUFFER = 1024;
    /** Each topic takes 128 bytes of name in each worker's table: a million is 128 MiB per worker at most. */
    private static final int MAX_TOPICS_LIMIT = 1 << 20;
    private static final int MAX_SUBSCRIPTIONS_LIMIT = 1 << 16;
    /** Most handshakes, messages or pings per second, and in a burst, a limit may allow. */
    private static final int MAX_RATE = 1_000_000;
    private static final int PUBLISH_COMMAND_OVERHEAD = MessageHeaderEncoder.ENCODED_LENGTH +
        PublishCommandEncoder.BLOCK_LENGTH + PublishCommandEncoder.topicHeaderLength() +
        PublishCommandEncoder.payloadHeaderLength();
    /** Far beyond any useful timeout, and small enough that adding it to a clock reading cannot overflow. */
    private static final long MAX_DURATION_MS = Long.MAX_VALUE / 4;

    private String listenAddress = EngineConfiguration.LISTEN_ADDRESS_DEFAULT;
    private int listenPort = EngineConfiguration.LISTEN_PORT_DEFAULT;
    private int listenBacklog = EngineConfiguration.LISTEN_BACKLOG_DEFAULT;
    private String path = EngineConfiguration.PATH_DEFAULT;
    private int workers = EngineConfiguration.workersDefault();
    private IdleStrategyType idleStrategy = EngineConfiguration.IDLE_STRATEGY_DEFAULT;
    private int maxMessage = EngineConfiguration.MAX_MESSAGE_DEFAULT;
    private int maxFrame = EngineConfiguration.MAX_FRAME_DEFAULT;
    private int maxHeader = EngineConfiguration.MAX_HEADER_DEFAULT;
    private int maxConnections = EngineConfiguration.MAX_CONNECTIONS_DEFAULT;
    private long idleTimeoutMs = EngineConfiguration.IDLE_TIMEOUT_DEFAULT_MS;
    private long serverPingIntervalMs = EngineConfiguration.SERVER_PING_INTERVAL_DEFAULT_MS;
    private long handshakeTimeoutMs = EngineConfiguration.HANDSHAKE_TIMEOUT_DEFAULT_MS;
    private long closeTimeoutMs = EngineConfiguration.CLOSE_TIMEOUT_DEFAULT_MS;
    private long shutdownTimeoutMs = EngineConfiguration.SHUTDOWN_TIMEOUT_DEFAULT_MS;
    private int maxPending = EngineConfiguration.MAX_PENDING_DEFAULT;
    private long maxPendingTotal = EngineConfiguration.MAX_PENDING_TOTAL_DEFAULT;
    private SlowConsumerPolicy slowConsumer = EngineConfiguration.SLOW_CONSUMER_DEFAULT;
    private int maxTopics = EngineConfiguration.MAX_TOPICS_DEFAULT;
    private int maxSubscriptionsPerConnection = EngineConfiguration.MAX_SUBSCRIPTIONS_PER_CONNECTION_DEFAULT;
    private int maxRequestErrors = EngineConfiguration.MAX_REQUEST_ERRORS_DEFAULT;
    private List<String> subprotocols = EngineConfiguration.SUBPROTOCOLS_DEFAULT;
    private List<String> allowedOrigins = EngineConfiguration.ALLOWED_ORIGINS_DEFAULT;
    private boolean requireOrigin = EngineConfiguration.REQUIRE_ORIGIN_DEFAULT;
    private AuthMode auth = EngineConfiguration.AUTH_DEFAULT;
    private byte[] jwtSecret;
    private long jwtClockSkewMs = EngineConfiguration.AUTH_JWT_CLOCK_SKEW_DEFAULT_MS;
    private boolean topicPermissions = EngineConfiguration.AUTH_TOPICS_DEFAULT;
    private int maxConnectionsPerAddress = EngineConfiguration.MAX_CONNECTIONS_PER_ADDRESS_DEFAULT;
    private int handshakeRatePerAddress = EngineConfiguration.HANDSHAKE_RATE_PER_ADDRESS_DEFAULT;
    private int handshakeBurstPerAddress = EngineConfiguration.HANDSHAKE_BURST_PER_ADDRESS_DEFAULT;
    private int maxInboundMessagesRate = EngineConfiguration.MAX_INBOUND_MESSAGES_RATE_DEFAULT;
    private int maxInboundMessagesBurst = EngineConfiguration.MAX_INBOUND_MESSAGES_BURST_DEFAULT;
    private int maxInboundBytesRate = EngineConfiguration.MAX_INBOUND_BYTES_RATE_DEFAULT;
    private int maxInboundBytesBurst = EngineConfiguration.MAX_INBOUND_BYTES_BURST_DEFAULT;
    private int maxInboundPingsRate = EngineConfiguration.MAX_INBOUND_PINGS_RATE_DEFAULT;
    private int maxInboundPingsBurst = EngineConfiguration.MAX_INBOUND_PINGS_BURST_DEFAULT;
    private HeartbeatReply heartbeatReply = EngineConfiguration.HEARTBEAT_REPLY_DEFAULT;
    private int commandBuffer = EngineConfiguration.COMMAND_BUFFER_DEFAULT;
    private ErrorHandler errorHandler = (throwable) -> {};
    private EngineEvents events = EngineEvents.NONE;
    private long dutyCycleThresholdNs = EngineConfiguration.DUTY_CYCLE_THRESHOLD_DEFAULT_NS;
    private CountersManager countersManager;

    public EngineConfig listenAddress(final String listenAddress)
    {
        this.listenAddress = listenAddress;
        return this;
    }

    /** @return host name or IP address to listen on; {@code 0.0.0.0} for every interface. */
    public String listenAddress()
    {
        return listenAddress;
    }

    public EngineConfig listenPort(final int listenPort)
    {
        this.listenPort = listenPort;
        return this;
    }

    /** @return TCP port to listen on; 0 picks a free port, see {@link Engine#port()}. */
    public int listenPort()
    {
        return listenPort;
    }

    public EngineConfig listenBacklog(final int listenBacklog)
    {
        this.listenBacklog = listenBacklog;
        return this;
    }

    /** @return length of each listener's queue of connections not yet accepted. */
    public int listenBacklog()
    {
        return listenBacklog;
    }

    public EngineConfig path(final String path)
    {
        this.path = path;
        return this;
    }

    /** @return request path that upgrades to a WebSocket; any other path gets 404. */
    public String path()
    {
        return path;
    }

    public EngineConfig workers(final int workers)
    {
        this.workers = workers;
        return this;
    }

    /** @return number of worker threads, each owning its share of the connections. */
    public int workers()
    {
        return workers;
    }

    public EngineConfig idleStrategy(final IdleStrategyType idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /** @return what a worker does in a duty cycle that found no work. */
    public IdleStrategyType idleStrategy()
    {
        return idleStrategy;
    }

    public EngineConfig maxMessage(final int maxMessage)
    {
        this.maxMessage = maxMessage;
        return this;
    }

    /** @return largest message in bytes, after reassembly; a larger one closes the connection with 1009. */
    public int maxMessage()
    {
        return maxMessage;
    }

    public EngineConfig maxFrame(final int maxFrame)
    {
        this.maxFrame = maxFrame;
        return this;
    }

    /** @return largest frame payload in bytes; a larger one closes the connection with 1009. */
    public int maxFrame()
    {
        return maxFrame;
    }

    public EngineConfig maxHeader(final int maxHeader)
    {
        this.maxHeader = maxHeader;
        return this;
    }

    /** @return largest upgrade request head in bytes; a larger one gets 431. */
    public int maxHeader()
    {
        return maxHeader;
    }

    public EngineConfig maxConnections(final int maxConnections)
    {
        this.maxConnections = maxConnections;
        return this;
    }

    /**
     * @return connections the server holds at once, shared evenly by the workers, beyond which a handshake gets
     * 503; {@link EngineConfiguration#MAX_CONNECTIONS_AUTO} for the open-file limit less a reserve.
     */
    public int maxConnections()
    {
        return maxConnections;
    }

    public EngineConfig idleTimeoutMs(final long idleTimeoutMs)
    {
        this.idleTimeoutMs = idleTimeoutMs;
        return this;
    }

    /** @return a connection from which nothing arrived for this long is closed with 1001; 0 never. */
    public long idleTimeoutMs()
    {
        return idleTimeoutMs;
    }

    public EngineConfig serverPingIntervalMs(final long serverPingIntervalMs)
    {
        this.serverPingIntervalMs = serverPingIntervalMs;
        return this;
    }

    /** @return a connection silent for this long is sent a ping frame, to find half-open peers early; 0 never. */
    public long serverPingIntervalMs()
    {
        return serverPingIntervalMs;
    }

    public EngineConfig handshakeTimeoutMs(final long handshakeTimeoutMs)
    {
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        return this;
    }

    /** @return a connection that has not completed its upgrade request this long after accept is dropped. */
    public long handshakeTimeoutMs()
    {
        return handshakeTimeoutMs;
    }

    public EngineConfig closeTimeoutMs(final long closeTimeoutMs)
    {
        this.closeTimeoutMs = closeTimeoutMs;
        return this;
    }

    /** @return how long the server waits for the peer's close frame or end of stream after closing first. */
    public long closeTimeoutMs()
    {
        return closeTimeoutMs;
    }

    public EngineConfig shutdownTimeoutMs(final long shutdownTimeoutMs)
    {
        this.shutdownTimeoutMs = shutdownTimeoutMs;
        return this;
    }

    /** @return how long {@link Engine#close()} waits for close handshakes before closing the rest. */
    public long shutdownTimeoutMs()
    {
        return shutdownTimeoutMs;
    }

    public EngineConfig maxPending(final int maxPending)
    {
        this.maxPending = maxPending;
        return this;
    }

    /** @return output bytes kept for a connection that is not reading; beyond it the connection is closed, 1008. */
    public int maxPending()
    {
        return maxPending;
    }

    public EngineConfig maxPendingTotal(final long maxPendingTotal)
    {
        this.maxPendingTotal = maxPendingTotal;
        return this;
    }

    /**
     * @return output bytes kept for all connections together, shared evenly by the workers; beyond it the
     * connections with the most pending output are closed first.
     */
    public long maxPendingTotal()
    {
        return maxPendingTotal;
    }

    public EngineConfig slowConsumer(final SlowConsumerPolicy slowConsumer)
    {
        this.slowConsumer = slowConsumer;
        return this;
    }

    /** @return what happens to a connection whose pending output goes over {@link #maxPending()}. */
    public SlowConsumerPolicy slowConsumer()
    {
        return slowConsumer;
    }

    public EngineConfig maxTopics(final int maxTopics)
    {
        this.maxTopics = maxTopics;
        return this;
    }

    /** @return topics with subscribers one worker holds at once. */
    public int maxTopics()
    {
        return maxTopics;
    }

    public EngineConfig maxSubscriptionsPerConnection(final int maxSubscriptionsPerConnection)
    {
        this.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection;
        return this;
    }

    /** @return topics one connection may subscribe to at once. */
    public int maxSubscriptionsPerConnection()
    {
        return maxSubscriptionsPerConnection;
    }

    public EngineConfig maxRequestErrors(final int maxRequestErrors)
    {
        this.maxRequestErrors = maxRequestErrors;
        return this;
    }

    /** @return refused pub/sub requests a connection may make before {@link PubSubHandler} closes it. */
    public int maxRequestErrors()
    {
        return maxRequestErrors;
    }

    public EngineConfig allowedOrigins(final List<String> allowedOrigins)
    {
        this.allowedOrigins = List.copyOf(allowedOrigins);
        return this;
    }

    /** @return origins whose pages may connect: exact origins, {@code scheme://*.domain} patterns or {@code *}. */
    public List<String> allowedOrigins()
    {
        return allowedOrigins;
    }

    public EngineConfig auth(final AuthMode auth)
    {
        this.auth = auth;
        return this;
    }

    /** @return how a handshake proves who connects. */
    public AuthMode auth()
    {
        return auth;
    }

    /**
     * @param jwtSecret the HS256 secret for {@link AuthMode#JWT}, at least 32 bytes; copied.
     */
    public EngineConfig jwtSecret(final byte[] jwtSecret)
    {
        this.jwtSecret = jwtSecret.clone();
        return this;
    }

    /** @return the HS256 secret, null when none was given. */
    byte[] jwtSecret()
    {
        return jwtSecret;
    }

    public EngineConfig jwtClockSkewMs(final long jwtClockSkewMs)
    {
        this.jwtClockSkewMs = jwtClockSkewMs;
        return this;
    }

    /** @return how far a token's {@code exp} and {@code nbf} may be off this host's clock. */
    public long jwtClockSkewMs()
    {
        return jwtClockSkewMs;
    }

    public EngineConfig topicPermissions(final boolean topicPermissions)
    {
        this.topicPermissions = topicPermissions;
        return this;
    }

    /** @return whether topics are limited to the prefixes in each connection's token. */
    public boolean topicPermissions()
    {
        return topicPermissions;
    }

    public EngineConfig requireOrigin(final boolean requireOrigin)
    {
        this.requireOrigin = requireOrigin;
        return this;
    }

    /** @return whether a handshake without an {@code Origin} header is refused. */
    public boolean requireOrigin()
    {
        return requireOrigin;
    }

    public EngineConfig maxConnectionsPerAddress(final int maxConnectionsPerAddress)
    {
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        return this;
    }

    /** @return connections one remote address may hold at once; 0 for no limit. */
    public int maxConnectionsPerAddress()
    {
        return maxConnectionsPerAddress;
    }

    public EngineConfig handshakeRatePerAddress(final int handshakesPerSecond)
    {
        this.handshakeRatePerAddress = handshakesPerSecond;
        return this;
    }

    /** @return handshakes per second one remote address may make; 0 for no limit. */
    public int handshakeRatePerAddress()
    {
        return handshakeRatePerAddress;
    }

    public EngineConfig handshakeBurstPerAddress(final int handshakeBurstPerAddress)
    {
        this.handshakeBurstPerAddress = handshakeBurstPerAddress;
        return this;
    }

    /** @return handshakes one remote address may make at once; 0 for the rate, one second's worth. */
    public int handshakeBurstPerAddress()
    {
        return handshakeBurstPerAddress;
    }

    public EngineConfig maxInboundMessagesRate(final int messagesPerSecond)
    {
        this.maxInboundMessagesRate = messagesPerSecond;
        return this;
    }

    /** @return complete data messages per second one connection may send; 0 for no limit. */
    public int maxInboundMessagesRate()
    {
        return maxInboundMessagesRate;
    }

    public EngineConfig maxInboundMessagesBurst(final int maxInboundMessagesBurst)
    {
        this.maxInboundMessagesBurst = maxInboundMessagesBurst;
        return this;
    }

    /** @return messages one connection may send at once; 0 for the rate, one second's worth. */
    public int maxInboundMessagesBurst()
    {
        return maxInboundMessagesBurst;
    }

    public EngineConfig maxInboundBytesRate(final int bytesPerSecond)
    {
        this.maxInboundBytesRate = bytesPerSecond;
        return this;
    }

    /** @return data payload bytes per second one connection may send; 0 for no limit. */
    public int maxInboundBytesRate()
    {
        return maxInboundBytesRate;
    }

    public EngineConfig maxInboundBytesBurst(final int maxInboundBytesBurst)
    {
        this.maxInboundBytesBurst = maxInboundBytesBurst;
        return this;
    }

    /** @return payload bytes one connection may send at once; 0 for the rate, one second's worth. */
    public int maxInboundBytesBurst()
    {
        return maxInboundBytesBurst;
    }

    public EngineConfig maxInboundPingsRate(final int pingsPerSecond)
    {
        this.maxInboundPingsRate = pingsPerSecond;
        return this;
    }

    /** @return ping frames per second one connection may send; 0 for no limit. */
    public int maxInboundPingsRate()
    {
        return maxInboundPingsRate;
    }

    public EngineConfig maxInboundPingsBurst(final int maxInboundPingsBurst)
    {
        this.maxInboundPingsBurst = maxInboundPingsBurst;
        return this;
    }

    /** @return ping frames one connection may send at once; 0 for the rate, one second's worth. */
    public int maxInboundPingsBurst()
    {
        return maxInboundPingsBurst;
    }

    public EngineConfig subprotocols(final List<String> subprotocols)
    {
        this.subprotocols = List.copyOf(subprotocols);
        return this;
    }

    /** @return subprotocols the server may select, in order of preference; empty selects none. */
    public List<String> subprotocols()
    {
        return subprotocols;
    }

    public EngineConfig heartbeatReply(final HeartbeatReply heartbeatReply)
    {
        this.heartbeatReply = heartbeatReply;
        return this;
    }

    /** @return how the text heartbeat {@code {"type":"ping"}} is answered. */
    public HeartbeatReply heartbeatReply()
    {
        return heartbeatReply;
    }

    public EngineConfig commandBuffer(final int commandBuffer)
    {
        this.commandBuffer = commandBuffer;
        return this;
    }

    /** @return bytes of each worker's command ring buffer, a power of two. */
    public int commandBuffer()
    {
        return commandBuffer;
    }

    public EngineConfig errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /** @return told of every error a worker caught: handler exceptions and I/O failures. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    public EngineConfig events(final EngineEvents events)
    {
        this.events = events;
        return this;
    }

    /** @return told of connections opening and closing, rejected handshakes and slow consumers. */
    public EngineEvents events()
    {
        return events;
    }

    public EngineConfig dutyCycleThresholdNs(final long dutyCycleThresholdNs)
    {
        this.dutyCycleThresholdNs = dutyCycleThresholdNs;
        return this;
    }

    /** @return a worker's duty cycle longer than this is counted as exceeding it. */
    public long dutyCycleThresholdNs()
    {
        return dutyCycleThresholdNs;
    }

    public EngineConfig countersManager(final CountersManager countersManager)
    {
        this.countersManager = countersManager;
        return this;
    }

    /**
     * @return where the engine allocates its counters, such as one over a memory-mapped file that other processes
     * read; null for counters in this process's memory only. Its values buffer needs
     * {@link #counterValuesLength(int)} bytes free.
     */
    public CountersManager countersManager()
    {
        return countersManager;
    }

    /**
     * @param workers worker threads.
     * @return bytes of counter values an engine with that many workers allocates; metadata takes
     * {@code CountersReader.METADATA_LENGTH / CountersReader.COUNTER_LENGTH} times as much.
     */
    public static int counterValuesLength(final int workers)
    {
        return (workers + 1) * CounterTypes.PER_WORKER * CountersReader.COUNTER_LENGTH;
    }

    /**
     * @return {@link #maxConnections()}, or for {@link EngineConfiguration#MAX_CONNECTIONS_AUTO} the process's
     * open-file limit less {@link EngineConfiguration#FILE_DESCRIPTOR_RESERVE}, at least one per worker.
     */
    public int effectiveMaxConnections()
    {
        if (maxConnections != MAX_CONNECTIONS_AUTO)
        {
            return maxConnections;
        }
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        final long openFileLimit = os instanceof UnixOperatingSystemMXBean ?
            ((UnixOperatingSystemMXBean)os).getMaxFileDescriptorCount() :
            EngineConfiguration.MAX_CONNECTIONS_WITHOUT_FILE_LIMIT;
        return (int)Math.max(workers,
            Math.min(Integer.MAX_VALUE, openFileLimit - EngineConfiguration.FILE_DESCRIPTOR_RESERVE));
    }

    /**
     * The most data one publish to a topic with a name of this length may carry: {@link #maxMessage()}, or less
     * where the command that carries it to the other workers would not fit an eighth of their command buffer, the
     * most one ring buffer record may hold.
     *
     * @param topicLength bytes of the topic name.
     * @return bytes.
     */
    public int maxPublishLength(final int topicLength)
    {
        return Math.min(maxMessage, commandBuffer / 8 - PUBLISH_COMMAND_OVERHEAD - topicLength);
    }

    /**
     * Check each value, and the values against each other, before anything starts. The messages name the
     * {@link EngineConfiguration} property of each value, as operators know it, and the form it must take.
     *
     * @throws IllegalArgumentException naming the first value out of range.
     */
    public void validate()
    {
        requireRange(LISTEN_PORT_PROP_NAME, listenPort, 0, 65535, "");
        requireRange(LISTEN_BACKLOG_PROP_NAME, listenBacklog, 1, Integer.MAX_VALUE, "");
        requireRange(WORKERS_PROP_NAME, workers, 1, ConnectionId.MAX_WORKERS, "");
        requireRange(MAX_FRAME_PROP_NAME, maxFrame, MIN_FRAME_LIMIT, MAX_SIZE, " bytes");
        require(maxMessage >= maxFrame && maxMessage <= MAX_SIZE, MAX_MESSAGE_PROP_NAME,
            "from " + MAX_FRAME_PROP_NAME + " (" + maxFrame + ") to " + MAX_SIZE + " bytes", maxMessage);
        requireRange(MAX_HEADER_PROP_NAME, maxHeader, MIN_HEADER_LIMIT, MAX_HEADER_LIMIT, " bytes");
        require(maxConnections == MAX_CONNECTIONS_AUTO || maxConnections >= workers, MAX_CONNECTIONS_PROP_NAME,
            "auto or at least " + WORKERS_PROP_NAME + " (" + workers + ")", maxConnections);
        requireRange(IDLE_TIMEOUT_PROP_NAME, idleTimeoutMs, 0, MAX_DURATION_MS, " ms");
        requireRange(SERVER_PING_INTERVAL_PROP_NAME, serverPingIntervalMs, 0, MAX_DURATION_MS, " ms");
        requireRange(HANDSHAKE_TIMEOUT_PROP_NAME, handshakeTimeoutMs, 1, MAX_DURATION_MS, " ms");
        requireRange(CLOSE_TIMEOUT_PROP_NAME, closeTimeoutMs, 1, MAX_DURATION_MS, " ms");
        requireRange(SHUTDOWN_TIMEOUT_PROP_NAME, shutdownTimeoutMs, 0, MAX_DURATION_MS, " ms");
        requireRange(DUTY_CYCLE_THRESHOLD_PROP_NAME, dutyCycleThresholdNs, 0, Long.MAX_VALUE, " ns");
        requireRange(MAX_TOPICS_PROP_NAME, maxTopics, 1, MAX_TOPICS_LIMIT, "");
        requireRange(MAX_SUBSCRIPTIONS_PER_CONNECTION_PROP_NAME, maxSubscriptionsPerConnection, 1,
            MAX_SUBSCRIPTIONS_LIMIT, "");
        requireRange(MAX_REQUEST_ERRORS_PROP_NAME, maxRequestErrors, 0, Integer.MAX_VALUE, "");
        requireRange(MAX_CONNECTIONS_PER_ADDRESS_PROP_NAME, maxConnectionsPerAddress, 0, Integer.MAX_VALUE, "");
        requireRange(HANDSHAKE_RATE_PER_ADDRESS_PROP_NAME, handshakeRatePerAddress, 0, MAX_RATE, "/s");
        requireRange(HANDSHAKE_BURST_PER_ADDRESS_PROP_NAME, handshakeBurstPerAddress, 0, MAX_RATE, "");
        requireRange(MAX_INBOUND_MESSAGES_RATE_PROP_NAME, maxInboundMessagesRate, 0, MAX_RATE, "/s");
        requireRange(MAX_INBOUND_MESSAGES_BURST_PROP_NAME, maxInboundMessagesBurst, 0, MAX_RATE, "");
        requireRange(MAX_INBOUND_BYTES_RATE_PROP_NAME, maxInboundBytesRate, 0, MAX_SIZE, " bytes/s");
        requireRange(MAX_INBOUND_BYTES_BURST_PROP_NAME, maxInboundBytesBurst, 0, MAX_SIZE, " bytes");
        requireRange(MAX_INBOUND_PINGS_RATE_PROP_NAME, maxInboundPingsRate, 0, MAX_RATE, "/s");
        requireRange(MAX_INBOUND_PINGS_BURST_PROP_NAME, maxInboundPingsBurst, 0, MAX_RATE, "");
        // A message of the maximum size sent at once, in one frame, must fit the byte bucket, or no client could send
        // one.
        final int bytesBurst = maxInboundBytesBurst > 0 ? maxInboundBytesBurst : maxInboundBytesRate;
        final long largestFrame = (long)maxMessage + MAX_FRAME_HEADER;
        require(maxInboundBytesRate == 0 || bytesBurst >= largestFrame, MAX_INBOUND_BYTES_BURST_PROP_NAME,
            "at least " + MAX_MESSAGE_PROP_NAME + " + " + MAX_FRAME_HEADER + " bytes (" + largestFrame +
            "), or 0 with " + MAX_INBOUND_BYTES_RATE_PROP_NAME + " at least that", maxInboundBytesBurst);
        OriginAllowlist.validate(allowedOrigins);
        requireRange(AUTH_JWT_CLOCK_SKEW_PROP_NAME, jwtClockSkewMs, 0, MAX_DURATION_MS, " ms");
        if (auth == AuthMode.JWT && (jwtSecret == null || jwtSecret.length < JwtVerifier.MIN_SECRET_LENGTH))
        {
            throw new IllegalArgumentException(AUTH_PROP_NAME + "=jwt needs an HS256 secret of at least " +
                JwtVerifier.MIN_SECRET_LENGTH + " bytes in " + AUTH_JWT_SECRET_FILE_PROP_NAME +
                (jwtSecret == null ? "" : ", which holds " + jwtSecret.length));
        }
        if (topicPermissions && auth != AuthMode.JWT)
        {
            throw new IllegalArgumentException(AUTH_TOPICS_PROP_NAME + "=true needs " + AUTH_PROP_NAME +
                "=jwt: topic prefixes come from each connection's token");
        }
        // A message of the maximum size the socket did not take at once must fit, or echoing it cuts the connection.
        final long minPending = (long)maxMessage + MAX_FRAME_HEADER;
        require(maxPending >= minPending, MAX_PENDING_PROP_NAME,
            "at least " + MAX_MESSAGE_PROP_NAME + " + " + MAX_FRAME_HEADER + " bytes (" + minPending + ")", maxPending);
        // Each worker gets an even share of the total, which must hold at least one connection's pending output.
        final long minPendingTotal = (long)maxPending * workers;
        require(maxPendingTotal >= minPendingTotal, MAX_PENDING_TOTAL_PROP_NAME, "at least " + MAX_PENDING_PROP_NAME +
            " x " + WORKERS_PROP_NAME + " (" + minPendingTotal + " bytes)", maxPendingTotal);
        if (path.isEmpty() || path.charAt(0) != '/')
        {
            throw new IllegalArgumentException(PATH_PROP_NAME + " must start with '/': " + path);
        }
        require(Integer.bitCount(commandBuffer) == 1 && commandBuffer >= MIN_COMMAND_BUFFER, "command buffer",
            "a power of two of at least " + MIN_COMMAND_BUFFER + " bytes", commandBuffer);
    }

    /**
     * @return whether any per-connection inbound limit is on, so connections need the state of its buckets.
     */
    boolean limitsInbound()
    {
        return maxInboundMessagesRate > 0 || maxInboundBytesRate > 0 || maxInboundPingsRate > 0;
    }

    int commandRingBytes()
    {
        return commandBuffer + RingBufferDescriptor.TRAILER_LENGTH;
    }

    private static void requireRange(
        final String name, final long value, final long min, final long max, final String unit)
    {
        require(value >= min && value <= max, name, "from " + min + " to " + max + unit, value);
    }

    private static void require(final boolean valid, final String name, final String expected, final long value)
    {
        if (!valid)
        {
            throw new IllegalArgumentException(name + " must be " + expected + ": " + value);
        }
    }
}
