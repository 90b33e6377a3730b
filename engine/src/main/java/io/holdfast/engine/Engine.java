package io.holdfast.engine;

import io.holdfast.codec.command.CloseCommandEncoder;
import io.holdfast.codec.command.MessageHeaderEncoder;
import io.holdfast.codec.command.MessageKind;
import io.holdfast.codec.command.PublishCommandEncoder;
import io.holdfast.codec.command.SendCommandEncoder;
import io.holdfast.codec.command.SubscribeCommandEncoder;
import io.holdfast.codec.command.UnsubscribeCommandEncoder;
import io.holdfast.codec.json.EnvelopeScanner;
import io.holdfast.codec.topic.TopicNames;
import io.holdfast.codec.utf8.Utf8Validator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

/**
 * A running holdfast server: its workers, each an Agrona agent on its own thread with its own listener on the
 * shared port ({@code SO_REUSEPORT}, so the kernel spreads new connections and no thread hands sockets to
 * another). Start one with {@link #start(EngineConfig, HandlerFactory)} and close it to stop.
 * <p>
 * Threading: each connection belongs to one worker; handler callbacks for it run only on that worker's thread.
 * {@link #send}, {@link #close(long, int)}, the subscription calls and {@link #publish} may be called from any
 * thread (see {@link Outbound}).
 */
public final class Engine implements Outbound, AutoCloseable
{
    private static final UnsafeBuffer NO_REASON = new UnsafeBuffer(new byte[0]);
    /** A claim slot of the worker that publishes itself, which delivers locally instead of through its ring. */
    private static final int NO_CLAIM = Integer.MIN_VALUE;
    private static final int MIN_TRACKED_ADDRESSES = 1024;

    private final WorkerAgent[] workers;
    private final AgentRunner[] runners;
    private final int port;
    private final int maxMessage;
    private final EngineConfig config;
    private final int maxConnections;
    private final long shutdownTimeoutMs;
    private final AtomicCounter errors;
    private final AtomicCounter publishes;
    private final AtomicCounter publishesRefused;
    private boolean closed;
    private final ThreadLocal<CommandEncoders> encoders = ThreadLocal.withInitial(CommandEncoders::new);

    private Engine(final EngineConfig config, final HandlerFactory handlerFactory) throws IOException
    {
        config.validate();
        this.config = config;
        maxMessage = config.maxMessage();
        shutdownTimeoutMs = config.shutdownTimeoutMs();
        final int workerCount = config.workers();
        maxConnections = config.effectiveMaxConnections();
        final CountersManager countersManager = config.countersManager() != null ?
            config.countersManager() : inMemoryCounters(workerCount);
        errors = EngineCounters.newEngineCounter(countersManager, "errors", CounterTypes.ERRORS);
        publishes = EngineCounters.newEngineCounter(countersManager, "publishes", CounterTypes.PUBLISHES);
        publishesRefused = EngineCounters.newEngineCounter(
            countersManager, "publishes refused", CounterTypes.PUBLISHES_REFUSED);
        final ErrorHandler errorHandler = new CountedErrorHandler(errors, config.errorHandler());
        final PooledByteBufAllocator allocator = BufferPool.newAllocator(workerCount);
        final AddressLimits addressLimits = new AddressLimits(config.maxConnectionsPerAddress(),
            config.handshakeRatePerAddress(), config.handshakeBurstPerAddress(),
            Math.max(MIN_TRACKED_ADDRESSES, 2 * maxConnections));
        final ServerSocketChannel[] listeners = openListeners(config);
        port = ((InetSocketAddress)listeners[0].getLocalAddress()).getPort();

        workers = new WorkerAgent[workerCount];
        runners = new AgentRunner[workerCount];
        try
        {
            for (int i = 0; i < workerCount; i++)
            {
                workers[i] = new WorkerAgent(i, config, listeners[i], (maxConnections + workerCount - 1) / workerCount,
                    new BufferPool(allocator), countersManager, handlerFactory, this, addressLimits, errorHandler);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            for (final WorkerAgent worker : workers)
            {
                if (worker != null)
                {
                    worker.onClose();
                }
            }
            CloseHelper.quietCloseAll(listeners);
            CloseHelper.quietCloseAll(errors, publishes, publishesRefused);
            throw ex;
        }

        for (int i = 0; i < workerCount; i++)
        {
            runners[i] = new AgentRunner(config.idleStrategy().newIdleStrategy(), errorHandler, null, workers[i]);
        }
        for (final AgentRunner runner : runners)
        {
            // Netty's pooled allocator recycles its buffer objects only on its own thread type.
            AgentRunner.startOnThread(runner, FastThreadLocalThread::new);
        }
    }

    /**
     * Bind the listeners and start the workers.
     *
     * @param config         what to start with; checked first.
     * @param handlerFactory makes each worker's handler, e.g. {@code EchoHandler::new}.
     * @return the running engine.
     * @throws IOException              when the address cannot be bound.
     * @throws IllegalArgumentException when the config is invalid.
     */
    public static Engine start(final EngineConfig config, final HandlerFactory handlerFactory) throws IOException
    {
        return new Engine(config, handlerFactory);
    }

    /**
     * @return the port the workers listen on; the one the system picked when the config asked for port 0.
     */
    public int port()
    {
        return port;
    }

    /**
     * @return connections the server holds at once: the configured value, or the open-file limit less a reserve.
     */
    public int maxConnections()
    {
        return maxConnections;
    }

    /**
     * @return messages received across all workers, heartbeats included.
     */
    public long messagesReceived()
    {
        return sumOverWorkers(EngineCounters::messagesReceived);
    }

    /**
     * @return messages sent across all workers, heartbeat replies included.
     */
    public long messagesSent()
    {
        return sumOverWorkers(EngineCounters::messagesSent);
    }

    /**
     * @return output bytes waiting for sockets to drain, across all workers.
     */
    public long pendingBytes()
    {
        return sumOverWorkers(EngineCounters::pendingBytes);
    }

    /**
     * @return open connections across all workers, as the workers last published it.
     */
    public long connectionCount()
    {
        return sumOverWorkers(EngineCounters::connectionsActive);
    }

    /**
     * Slots in use across the workers' connection tables, read without synchronisation: for tests that check
     * nothing leaks once traffic has stopped.
     */
    int connectionTableSize()
    {
        int size = 0;
        for (final WorkerAgent worker : workers)
        {
            size += worker.connectionTableSize();
        }
        return size;
    }

    /**
     * Workers that may be waiting in their selector right now, read without synchronisation: for tests of wake-ups.
     */
    int blockedWorkerCount()
    {
        int count = 0;
        for (final WorkerAgent worker : workers)
        {
            count += worker.isBlocked() ? 1 : 0;
        }
        return count;
    }

    /**
     * {@inheritDoc}
     */
    public boolean send(
        final long connectionId, final DirectBuffer buffer, final int offset, final int length, final boolean isText)
    {
        if (length > maxMessage)
        {
            return false;
        }
        final WorkerAgent worker = workerOf(connectionId);
        if (worker == null)
        {
            return true;
        }
        if (worker.isOwnerThread())
        {
            worker.send(connectionId, buffer, offset, length, isText);
            return true;
        }

        final RingBuffer ring = worker.commands();
        final int index = ring.tryClaim(SendCommandEncoder.TEMPLATE_ID, MessageHeaderEncoder.ENCODED_LENGTH +
            SendCommandEncoder.BLOCK_LENGTH + SendCommandEncoder.payloadHeaderLength() + length);
        if (index < 0)
        {
            return false;
        }
        final CommandEncoders encoders = this.encoders.get();
        encoders.send
            .wrapAndApplyHeader(ring.buffer(), index, encoders.header)
            .connectionId(connectionId)
            .kind(isText ? MessageKind.TEXT : MessageKind.BINARY)
            .putPayload(buffer, offset, length);
        ring.commit(index);
        worker.wakeIfBlocked();
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean close(final long connectionId, final int code)
    {
        final WorkerAgent worker = workerOf(connectionId);
        if (worker == null)
        {
            return true;
        }
        if (worker.isOwnerThread())
        {
            worker.close(connectionId, code);
            return true;
        }

        final RingBuffer ring = worker.commands();
        final int index = ring.tryClaim(CloseCommandEncoder.TEMPLATE_ID, MessageHeaderEncoder.ENCODED_LENGTH +
            CloseCommandEncoder.BLOCK_LENGTH + CloseCommandEncoder.reasonHeaderLength());
        if (index < 0)
        {
            return false;
        }
        final CommandEncoders encoders = this.encoders.get();
        encoders.close
            .wrapAndApplyHeader(ring.buffer(), index, encoders.header)
            .connectionId(connectionId)
            .code(code)
            .putReason(NO_REASON, 0, 0);
        ring.commit(index);
        worker.wakeIfBlocked();
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public SubscriptionResult subscribe(
        final long connectionId, final DirectBuffer topic, final int offset, final int length, final boolean binary)
    {
        requireTopic(topic, offset, length);
        final WorkerAgent worker = workerOf(connectionId);
        if (worker == null)
        {
            return SubscriptionResult.NOT_OPEN;
        }
        if (worker.isOwnerThread())
        {
            return worker.subscribe(connectionId, topic, offset, length, binary);
        }

        final RingBuffer ring = worker.commands();
        final int index = ring.tryClaim(SubscribeCommandEncoder.TEMPLATE_ID, MessageHeaderEncoder.ENCODED_LENGTH +
            SubscribeCommandEncoder.BLOCK_LENGTH + SubscribeCommandEncoder.topicHeaderLength() + length);
        if (index < 0)
        {
            return SubscriptionResult.BUSY;
        }
        final CommandEncoders encoders = this.encoders.get();
        encoders.subscribe
            .wrapAndApplyHeader(ring.buffer(), index, encoders.header)
            .connectionId(connectionId)
            .kind(binary ? MessageKind.BINARY : MessageKind.TEXT)
            .putTopic(topic, offset, length);
        ring.commit(index);
        worker.wakeIfBlocked();
        return SubscriptionResult.QUEUED;
    }

    /**
     * {@inheritDoc}
     */
    public boolean isTopicAllowed(final long connectionId, final DirectBuffer topic, final int offset, final int length)
    {
        final WorkerAgent worker = ownedWorkerOf(connectionId);
        return worker != null && worker.isTopicAllowed(connectionId, topic, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public CharSequence subject(final long connectionId)
    {
        final WorkerAgent worker = ownedWorkerOf(connectionId);
        return worker != null ? worker.subject(connectionId) : "";
    }

    /**
     * {@inheritDoc}
     */
    public SubscriptionResult unsubscribe(
        final long connectionId, final DirectBuffer topic, final int offset, final int length)
    {
        requireTopic(topic, offset, length);
        final WorkerAgent worker = workerOf(connectionId);
        if (worker == null)
        {
            return SubscriptionResult.NOT_OPEN;
        }
        if (worker.isOwnerThread())
        {
            return worker.unsubscribe(connectionId, topic, offset, length);
        }

        final RingBuffer ring = worker.commands();
        final int index = ring.tryClaim(UnsubscribeCommandEncoder.TEMPLATE_ID, MessageHeaderEncoder.ENCODED_LENGTH +
            UnsubscribeCommandEncoder.BLOCK_LENGTH + UnsubscribeCommandEncoder.topicHeaderLength() + length);
        if (index < 0)
        {
            return SubscriptionResult.BUSY;
        }
        final CommandEncoders encoders = this.encoders.get();
        encoders.unsubscribe
            .wrapAndApplyHeader(ring.buffer(), index, encoders.header)
            .connectionId(connectionId)
            .putTopic(topic, offset, length);
        ring.commit(index);
        worker.wakeIfBlocked();
        return SubscriptionResult.QUEUED;
    }

    /**
     * {@inheritDoc}
     */
    public boolean publish(
        final DirectBuffer topic,
        final int topicOffset,
        final int topicLength,
        final DirectBuffer data,
        final int offset,
        final int length,
        final boolean isJson)
    {
        requireTopic(topic, topicOffset, topicLength);
        final CommandEncoders encoders = this.encoders.get();
        if (length > config.maxPublishLength(topicLength) || !claimPublish(encoders.claims, topicLength + length))
        {
            publishesRefused.increment();
            return false;
        }

        WorkerAgent local = null;
        for (int i = 0; i < workers.length; i++)
        {
            final int index = encoders.claims[i];
            if (index == NO_CLAIM)
            {
                local = workers[i];
                continue;
            }
            final RingBuffer ring = workers[i].commands();
            encoders.publish
                .wrapAndApplyHeader(ring.buffer(), index, encoders.header)
                .kind(isJson ? MessageKind.TEXT : MessageKind.BINARY)
                .putTopic(topic, topicOffset, topicLength)
                .putPayload(data, offset, length);
            ring.commit(index);
            workers[i].wakeIfBlocked();
        }
        if (local != null)
        {
            local.publish(topic, topicOffset, topicLength, data, offset, length, isJson);
        }
        publishes.increment();
        return true;
    }

    /**
     * Publish from any thread with a topic given as text, for applications and backends: data that is one JSON value
     * in UTF-8 reaches JSON subscribers in their envelope, any other data goes to every subscriber in the SBE form.
     * Allocates nothing once the calling thread has published before.
     *
     * @param topic  1 to 128 ASCII letters, digits and {@code . _ - / :}.
     * @param data   holds the message data, copied before this returns.
     * @param offset of the data in the buffer.
     * @param length of the data in bytes.
     * @return as {@link #publish(DirectBuffer, int, int, DirectBuffer, int, int, boolean)}.
     * @throws IllegalArgumentException when the topic is not a valid name.
     */
    public boolean publish(final CharSequence topic, final DirectBuffer data, final int offset, final int length)
    {
        final CommandEncoders encoders = this.encoders.get();
        final int topicLength = topic.length();
        if (topicLength > TopicNames.MAX_LENGTH)
        {
            throw invalidTopic();
        }
        for (int i = 0; i < topicLength; i++)
        {
            final char c = topic.charAt(i);
            encoders.topic.putByte(i, c < 0x80 ? (byte)c : 0);
        }
        final boolean isJson = encoders.json.isJsonValue(data, offset, length) &&
            encoders.utf8.validateWhole(data, offset, length);
        return publish(encoders.topic, 0, topicLength, data, offset, length, isJson);
    }

    /**
     * Shut down gracefully: the listeners close, every connection is sent close 1001 (going away), and the workers
     * wait up to the shutdown timeout for the close handshakes; then whatever is left is closed and the workers
     * stop. Returns when they have; later calls return at once. Call it from one thread.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final WorkerAgent worker : workers)
        {
            worker.requestShutdown();
        }
        final long deadlineNs = System.nanoTime() + shutdownTimeoutMs * 1_000_000;
        for (final WorkerAgent worker : workers)
        {
            while (!worker.isDrained() && System.nanoTime() - deadlineNs < 0)
            {
                LockSupport.parkNanos(1_000_000);
            }
        }
        for (final WorkerAgent worker : workers)
        {
            worker.stopBlocking();
        }
        CloseHelper.closeAll(runners);
        CloseHelper.closeAll(errors, publishes, publishesRefused);
    }

    private long sumOverWorkers(final ToLongFunction<EngineCounters> counter)
    {
        long sum = 0;
        for (final WorkerAgent worker : workers)
        {
            sum += counter.applyAsLong(worker.counters());
        }
        return sum;
    }

    /**
     * Claim a publish command on every worker's ring but the calling worker's own, all or none, so a refused publish
     * reached no one and may be retried.
     *
     * @param claims filled with each worker's claimed index, {@link #NO_CLAIM} for the calling worker.
     * @return false when some ring was full; then every claim was aborted.
     */
    private boolean claimPublish(final int[] claims, final int variableLength)
    {
        final int commandLength = MessageHeaderEncoder.ENCODED_LENGTH + PublishCommandEncoder.BLOCK_LENGTH +
            PublishCommandEncoder.topicHeaderLength() + PublishCommandEncoder.payloadHeaderLength() + variableLength;
        for (int i = 0; i < workers.length; i++)
        {
            final WorkerAgent worker = workers[i];
            final RingBuffer ring = worker.commands();
            claims[i] = worker.isOwnerThread() ? NO_CLAIM :
                ring.tryClaim(PublishCommandEncoder.TEMPLATE_ID, commandLength);
            if (claims[i] < 0 && claims[i] != NO_CLAIM)
            {
                for (int j = 0; j < i; j++)
                {
                    if (claims[j] != NO_CLAIM)
                    {
                        workers[j].commands().abort(claims[j]);
                    }
                }
                return false;
            }
        }
        return true;
    }

    private static void requireTopic(final DirectBuffer topic, final int offset, final int length)
    {
        if (TopicNames.check(topic, offset, length) != TopicNames.VALID)
        {
            throw invalidTopic();
        }
    }

    private static IllegalArgumentException invalidTopic()
    {
        return new IllegalArgumentException("a topic must be 1 to " + TopicNames.MAX_LENGTH +
            " bytes of ASCII letters, digits and . _ - / :");
    }

    private WorkerAgent workerOf(final long connectionId)
    {
        final int index = ConnectionId.workerIndex(connectionId);
        return index < workers.length ? workers[index] : null;
    }

    /**
     * @return the connection's worker, null for an id of no worker.
     * @throws IllegalStateException when the caller is not that worker's thread.
     */
    private WorkerAgent ownedWorkerOf(final long connectionId)
    {
        final WorkerAgent worker = workerOf(connectionId);
        if (worker != null && !worker.isOwnerThread())
        {
            throw new IllegalStateException("only the connection's worker may ask, from a handler callback");
        }
        return worker;
    }

    private static CountersManager inMemoryCounters(final int workers)
    {
        final int valuesLength = EngineConfig.counterValuesLength(workers);
        return new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(
                valuesLength * (CountersReader.METADATA_LENGTH / CountersReader.COUNTER_LENGTH))),
            new UnsafeBuffer(ByteBuffer.allocateDirect(valuesLength)));
    }

    private static ServerSocketChannel[] openListeners(final EngineConfig config) throws IOException
    {
        final ServerSocketChannel[] listeners = new ServerSocketChannel[config.workers()];
        try
        {
            InetSocketAddress address = new InetSocketAddress(config.listenAddress(), config.listenPort());
            for (int i = 0; i < listeners.length; i++)
            {
                final ServerSocketChannel listener = ServerSocketChannel.open();
                listeners[i] = listener;
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, Boolean.TRUE);
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, Boolean.TRUE);
                listener.bind(address, config.listenBacklog());
                // Port 0: the first listener's port is the one every other worker joins.
                address = (InetSocketAddress)listener.getLocalAddress();
            }
            return listeners;
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(listeners);
            throw ex;
        }
    }

    /** SBE encoders and scanners are not thread-safe: each thread that sends commands gets its own. */
    private final class CommandEncoders
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final SendCommandEncoder send = new SendCommandEncoder();
        final CloseCommandEncoder close = new CloseCommandEncoder();
        final PublishCommandEncoder publish = new PublishCommandEncoder();
        final SubscribeCommandEncoder subscribe = new SubscribeCommandEncoder();
        final UnsubscribeCommandEncoder unsubscribe = new UnsubscribeCommandEncoder();
        final int[] claims = new int[workers.length];
        final UnsafeBuffer topic = new UnsafeBuffer(new byte[TopicNames.MAX_LENGTH]);
        final EnvelopeScanner json = new EnvelopeScanner(MessageRouter.MAX_JSON_DEPTH);
        final Utf8Validator utf8 = new Utf8Validator();
    }
}
