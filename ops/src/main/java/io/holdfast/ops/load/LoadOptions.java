package io.holdfast.ops.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code holdfast load} run does: target, connections, pacing, mode, timing and where results go. Values
 * are checked by whoever parses them ({@code holdfast load}'s command line); {@link #validate()} checks how they fit
 * together.
 */
public final class LoadOptions
{
    /** The most connections one process opens, whatever is asked. */
    public static final int MAX_CONNECTIONS = 100_000;
    /** How long a connection may take to connect and complete its handshake (and a subscriber, to subscribe). */
    public static final long HANDSHAKE_TIMEOUT_MS = 10_000;
    /** The most publishes one broadcast run may make: each I/O thread books deliveries per publish. */
    public static final int MAX_PUBLISHES = 100_000;
    /** The topic of a broadcast run unless another is given. */
    public static final String DEFAULT_TOPIC = "bench";

    private URI url;
    private InetSocketAddress target;
    private int connections = 1_000;
    private int connectRate = 1_000;
    private List<InetAddress> sourceAddresses = List.of();
    private long pingIntervalMs = 30_000;
    private LoadMode mode = LoadMode.HOLD;
    private int messageSize;
    private boolean binary;
    private int messageRate;
    private long publishIntervalMs;
    private String topic = DEFAULT_TOPIC;
    private long warmupMs;
    private long durationMs = 30_000;
    private long maxFailures;
    private Path outputDirectory;
    private String name = "load";
    private int threads = 1;
    private String header;

    /**
     * @param url    the WebSocket address, {@code ws://host:port/path}, used for the Host header and request path.
     * @param target the address it resolved to, connected to.
     * @return this.
     */
    public LoadOptions target(final URI url, final InetSocketAddress target)
    {
        this.url = url;
        this.target = target;
        return this;
    }

    public URI url()
    {
        return url;
    }

    public InetSocketAddress target()
    {
        return target;
    }

    public LoadOptions connections(final int connections)
    {
        this.connections = connections;
        return this;
    }

    public int connections()
    {
        return connections;
    }

    /**
     * @param connectRate connection attempts per second, over all I/O threads.
     * @return this.
     */
    public LoadOptions connectRate(final int connectRate)
    {
        this.connectRate = connectRate;
        return this;
    }

    public int connectRate()
    {
        return connectRate;
    }

    /**
     * @param sourceAddresses local addresses bound before connecting, round-robin, so that each gets its own range
     *                        of ephemeral ports; empty to let the system choose.
     * @return this.
     */
    public LoadOptions sourceAddresses(final List<InetAddress> sourceAddresses)
    {
        this.sourceAddresses = List.copyOf(sourceAddresses);
        return this;
    }

    public List<InetAddress> sourceAddresses()
    {
        return sourceAddresses;
    }

    /**
     * @param pingIntervalMs how often each connection sends {@code {"type":"ping"}}, 0 for never.
     * @return this.
     */
    public LoadOptions pingIntervalMs(final long pingIntervalMs)
    {
        this.pingIntervalMs = pingIntervalMs;
        return this;
    }

    public long pingIntervalMs()
    {
        return pingIntervalMs;
    }

    /**
     * Hold the connections with heartbeats only.
     *
     * @return this.
     */
    public LoadOptions hold()
    {
        mode = LoadMode.HOLD;
        messageSize = 0;
        messageRate = 0;
        return this;
    }

    /**
     * Each connection sends a message of {@code size} bytes, waits for its echo and sends the next.
     *
     * @return this.
     */
    public LoadOptions closedLoop(final int size)
    {
        mode = LoadMode.CLOSED_LOOP;
        messageSize = size;
        messageRate = 0;
        return this;
    }

    /**
     * Messages of {@code size} bytes at {@code messagesPerSecond} in total, spread over the connections on a fixed
     * schedule; latency is measured from each message's scheduled time.
     *
     * @return this.
     */
    public LoadOptions openLoop(final int size, final int messagesPerSecond)
    {
        mode = LoadMode.OPEN_LOOP;
        messageSize = size;
        messageRate = messagesPerSecond;
        return this;
    }

    /**
     * Broadcast: {@code subscribers} connections subscribe to {@code topic}, and one more connection publishes to it
     * every {@code publishIntervalMs}, each publish such that every subscriber receives a text message of exactly
     * {@code size} bytes. The connections are the subscribers and the publisher.
     *
     * @return this.
     */
    public LoadOptions broadcast(final int size, final int subscribers, final long publishIntervalMs,
        final String topic)
    {
        mode = LoadMode.BROADCAST;
        messageSize = size;
        messageRate = 0;
        connections = subscribers + 1;
        this.publishIntervalMs = publishIntervalMs;
        this.topic = topic;
        return this;
    }

    public LoadMode mode()
    {
        return mode;
    }

    /**
     * @return the payload length of each echo message, or of each message a broadcast subscriber receives.
     */
    public int messageSize()
    {
        return messageSize;
    }

    /**
     * @return a broadcast run's subscribers: every connection but the publisher.
     */
    public int subscribers()
    {
        return mode == LoadMode.BROADCAST ? connections - 1 : 0;
    }

    public long publishIntervalMs()
    {
        return publishIntervalMs;
    }

    public String topic()
    {
        return topic;
    }

    /**
     * @return the most publishes a broadcast run can make: one per interval over the duration.
     */
    public int maxPublishes()
    {
        return publishIntervalMs > 0 ? (int)(durationMs / publishIntervalMs + 1) : 0;
    }

    public int messageRate()
    {
        return messageRate;
    }

    /**
     * @param binary send binary messages (bytes) instead of text (ASCII filler).
     * @return this.
     */
    public LoadOptions binary(final boolean binary)
    {
        this.binary = binary;
        return this;
    }

    public boolean binary()
    {
        return binary;
    }

    /**
     * @param warmupMs the first part of the run, whose echoes are not measured.
     * @return this.
     */
    public LoadOptions warmupMs(final long warmupMs)
    {
        this.warmupMs = warmupMs;
        return this;
    }

    public long warmupMs()
    {
        return warmupMs;
    }

    /**
     * @param durationMs how long the run lasts once every connection is up or failed, warm-up included.
     * @return this.
     */
    public LoadOptions durationMs(final long durationMs)
    {
        this.durationMs = durationMs;
        return this;
    }

    public long durationMs()
    {
        return durationMs;
    }

    /**
     * @param maxFailures failed connections tolerated before the run counts as failed.
     * @return this.
     */
    public LoadOptions maxFailures(final long maxFailures)
    {
        this.maxFailures = maxFailures;
        return this;
    }

    public long maxFailures()
    {
        return maxFailures;
    }

    /**
     * @param outputDirectory where NAME.hgrm is written and NAME.csv appended to, or null for no files.
     * @return this.
     */
    public LoadOptions outputDirectory(final Path outputDirectory)
    {
        this.outputDirectory = outputDirectory;
        return this;
    }

    public Path outputDirectory()
    {
        return outputDirectory;
    }

    /**
     * @param name the run's name in the CSV and its file names.
     * @return this.
     */
    public LoadOptions name(final String name)
    {
        this.name = name;
        return this;
    }

    public String name()
    {
        return name;
    }

    /**
     * @param threads I/O threads, each with its own selector and share of the connections and rates.
     * @return this.
     */
    public LoadOptions threads(final int threads)
    {
        this.threads = threads;
        return this;
    }

    public int threads()
    {
        return threads;
    }

    /**
     * @param header one more header line for every upgrade request, {@code NAME: VALUE} without CRLF, such as
     *               {@code Authorization: Bearer TOKEN}; null for none.
     * @return this.
     */
    public LoadOptions header(final String header)
    {
        this.header = header;
        return this;
    }

    public String header()
    {
        return header;
    }

    /**
     * Check that the options fit together.
     *
     * @throws IllegalArgumentException naming what does not.
     */
    public void validate()
    {
        require(url != null && target != null, "a target URL is required");
        require(connections >= 1 && connections <= MAX_CONNECTIONS,
            "connections must be from 1 to " + MAX_CONNECTIONS);
        require(threads >= 1 && threads <= connections, "threads must be from 1 to the number of connections");
        require(connectRate >= 1, "the connect rate must be at least 1/s");
        require(pingIntervalMs >= 0, "the ping interval must not be negative");
        require(durationMs >= 1, "the duration must be positive");
        require(warmupMs >= 0 && warmupMs < durationMs, "the warm-up must be shorter than the duration");
        require(!mode.isEcho() || messageSize >= 1, "the echo size must be at least 1 byte");
        require(mode != LoadMode.OPEN_LOOP || messageRate >= threads,
            "the message rate must be at least 1/s per thread");
        require(maxFailures >= 0, "max failures must not be negative");
        if (mode == LoadMode.BROADCAST)
        {
            validateBroadcast();
        }
    }

    private void validateBroadcast()
    {
        require(connections >= 2, "a broadcast needs at least 1 subscriber");
        require(!binary, "broadcast messages are JSON text, not binary");
        require(BroadcastFormat.isValidTopic(topic), "the topic must be 1 to " + BroadcastFormat.MAX_TOPIC_LENGTH +
            " letters, digits and . _ - / :");
        require(messageSize >= BroadcastFormat.minimumSize(topic), "the broadcast message size must be at least " +
            BroadcastFormat.minimumSize(topic) + " bytes on topic " + topic + " (the envelope and the stamp)");
        require(publishIntervalMs >= 1, "the publish interval must be at least 1 ms");
        require(durationMs / publishIntervalMs <= MAX_PUBLISHES, "at most " + MAX_PUBLISHES + " publishes per " +
            "run: lengthen the publish interval or shorten the duration");
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
