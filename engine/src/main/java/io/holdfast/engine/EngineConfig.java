package io.holdfast.engine;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.util.List;

/**
 * Everything an {@link Engine} is started with, as typed values: the engine never reads files or parses units.
 * Setters return this config so it reads as a builder; defaults are the {@code DEFAULT_} constants.
 */
public final class EngineConfig
{
    /** All interfaces. */
    public static final String DEFAULT_LISTEN_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_LISTEN_PORT = 8080;
    public static final int DEFAULT_LISTEN_BACKLOG = 4096;
    public static final String DEFAULT_PATH = "/ws";
    public static final IdleStrategyType DEFAULT_IDLE_STRATEGY = IdleStrategyType.BACKOFF;
    public static final int DEFAULT_MAX_MESSAGE = 1 << 20;
    public static final int DEFAULT_MAX_FRAME = 1 << 20;
    public static final int DEFAULT_MAX_HEADER = 8 << 10;
    /** Max connections meaning: the process's open-file limit less {@link #FILE_DESCRIPTOR_RESERVE}. */
    public static final int AUTO_MAX_CONNECTIONS = 0;
    /** Descriptors kept back from connections: listeners, selectors, the counters file, the admin endpoint, jars. */
    public static final int FILE_DESCRIPTOR_RESERVE = 128;
    /** Max connections where the open-file limit cannot be read (not a Unix JVM). */
    public static final int DEFAULT_MAX_CONNECTIONS_WITHOUT_LIMIT = 100_000;
    public static final int DEFAULT_MAX_CONNECTIONS = AUTO_MAX_CONNECTIONS;
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 60_000;
    /** Server pings are off by default: clients send the heartbeat. */
    public static final long DEFAULT_SERVER_PING_INTERVAL_MS = 0;
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_CLOSE_TIMEOUT_MS = 5_000;
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_MAX_PENDING = 4 << 20;
    public static final long DEFAULT_MAX_PENDING_TOTAL = 128L << 20;
    public static final HeartbeatReply DEFAULT_HEARTBEAT_REPLY = HeartbeatReply.TEXT;
    /** Bytes of commands (sends, closes) other threads may queue for one worker before {@link Outbound} says no. */
    public static final int DEFAULT_COMMAND_BUFFER = 1 << 20;
    /** A duty cycle longer than this is counted, and reported as a JFR event by tools that watch the counters. */
    public static final long DEFAULT_DUTY_CYCLE_THRESHOLD_NS = 1_000_000;

    private static final int MAX_FRAME_HEADER = 14;

    private String listenAddress = DEFAULT_LISTEN_ADDRESS;
    private int listenPort = DEFAULT_LISTEN_PORT;
    private int listenBacklog = DEFAULT_LISTEN_BACKLOG;
    private String path = DEFAULT_PATH;
    private int workers = Runtime.getRuntime().availableProcessors();
    private IdleStrategyType idleStrategy = DEFAULT_IDLE_STRATEGY;
    private int maxMessage = DEFAULT_MAX_MESSAGE;
    private int maxFrame = DEFAULT_MAX_FRAME;
    private int maxHeader = DEFAULT_MAX_HEADER;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private long idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
    private long serverPingIntervalMs = DEFAULT_SERVER_PING_INTERVAL_MS;
    private long handshakeTimeoutMs = DEFAULT_HANDSHAKE_TIMEOUT_MS;
    private long closeTimeoutMs = DEFAULT_CLOSE_TIMEOUT_MS;
    private long shutdownTimeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS;
    private int maxPending = DEFAULT_MAX_PENDING;
    private long maxPendingTotal = DEFAULT_MAX_PENDING_TOTAL;
    private List<String> subprotocols = List.of();
    private HeartbeatReply heartbeatReply = DEFAULT_HEARTBEAT_REPLY;
    private int commandBuffer = DEFAULT_COMMAND_BUFFER;
    private ErrorHandler errorHandler = (throwable) -> {};
    private EngineEvents events = EngineEvents.NONE;
    private long dutyCycleThresholdNs = DEFAULT_DUTY_CYCLE_THRESHOLD_NS;
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
     * 503; {@link #AUTO_MAX_CONNECTIONS} for the open-file limit less a reserve.
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
     * Check the values against each other before anything starts.
     *
     * @throws IllegalArgumentException naming the first value out of range.
     */
    public void validate()
    {
        requireRange("listen port", listenPort, 0, 65535);
        requireRange("listen backlog", listenBacklog, 1, Integer.MAX_VALUE);
        requireRange("workers", workers, 1, ConnectionId.MAX_WORKERS);
        requireRange("max frame", maxFrame, 125, Integer.MAX_VALUE - 64);
        requireRange("max message", maxMessage, maxFrame, Integer.MAX_VALUE - 64);
        requireRange("max header", maxHeader, 256, 1 << 20);
        if (maxConnections != AUTO_MAX_CONNECTIONS)
        {
            requireRange("max connections", maxConnections, workers, Integer.MAX_VALUE);
        }
        requireRange("idle timeout ms", idleTimeoutMs, 0, Long.MAX_VALUE / 4);
        requireRange("server ping interval ms", serverPingIntervalMs, 0, Long.MAX_VALUE / 4);
        requireRange("handshake timeout ms", handshakeTimeoutMs, 1, Long.MAX_VALUE / 4);
        requireRange("close timeout ms", closeTimeoutMs, 1, Long.MAX_VALUE / 4);
        requireRange("shutdown timeout ms", shutdownTimeoutMs, 0, Long.MAX_VALUE / 4);
        requireRange("duty cycle threshold ns", dutyCycleThresholdNs, 0, Long.MAX_VALUE);
        // A message of the maximum size the socket did not take at once must fit, or echoing it cuts the connection.
        requireRange("max pending", maxPending, maxMessage + MAX_FRAME_HEADER, Integer.MAX_VALUE);
        // Each worker gets an even share of the total, which must hold at least one connection's pending output.
        requireRange("max pending total", maxPendingTotal, (long)maxPending * workers, Long.MAX_VALUE);
        if (path.isEmpty() || path.charAt(0) != '/')
        {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        if (Integer.bitCount(commandBuffer) != 1 || commandBuffer < 1024)
        {
            throw new IllegalArgumentException("command buffer must be a power of two >= 1024: " + commandBuffer);
        }
    }

    int commandRingBytes()
    {
        return commandBuffer + RingBufferDescriptor.TRAILER_LENGTH;
    }

    private static void requireRange(final String name, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + value);
        }
    }
}
