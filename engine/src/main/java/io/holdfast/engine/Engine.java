package io.holdfast.engine;

import io.holdfast.codec.command.CloseCommandEncoder;
import io.holdfast.codec.command.MessageHeaderEncoder;
import io.holdfast.codec.command.MessageKind;
import io.holdfast.codec.command.SendCommandEncoder;
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
 * {@link #send} and {@link #close(long, int)} may be called from any thread (see {@link Outbound}).
 */
public final class Engine implements Outbound, AutoCloseable
{
    private static final UnsafeBuffer NO_REASON = new UnsafeBuffer(new byte[0]);

    private final WorkerAgent[] workers;
    private final AgentRunner[] runners;
    private final int port;
    private final int maxMessage;
    private final int maxConnections;
    private final long shutdownTimeoutMs;
    private final AtomicCounter errors;
    private boolean closed;
    private final ThreadLocal<CommandEncoders> encoders = ThreadLocal.withInitial(CommandEncoders::new);

    private Engine(final EngineConfig config, final HandlerFactory handlerFactory) throws IOException
    {
        config.validate();
        maxMessage = config.maxMessage();
        shutdownTimeoutMs = config.shutdownTimeoutMs();
        final int workerCount = config.workers();
        maxConnections = config.effectiveMaxConnections();
        final CountersManager countersManager = config.countersManager() != null ?
            config.countersManager() : inMemoryCounters(workerCount);
        errors = EngineCounters.newErrorCounter(countersManager);
        final ErrorHandler errorHandler = new CountedErrorHandler(errors, config.errorHandler());
        final PooledByteBufAllocator allocator = BufferPool.newAllocator(workerCount);
        final ServerSocketChannel[] listeners = openListeners(config);
        port = ((InetSocketAddress)listeners[0].getLocalAddress()).getPort();

        workers = new WorkerAgent[workerCount];
        runners = new AgentRunner[workerCount];
        try
        {
            for (int i = 0; i < workerCount; i++)
            {
                workers[i] = new WorkerAgent(i, config, listeners[i], (maxConnections + workerCount - 1) / workerCount,
                    new BufferPool(allocator), countersManager, handlerFactory, this, errorHandler);
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
            CloseHelper.quietClose(errors);
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
        errors.close();
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

    private WorkerAgent workerOf(final long connectionId)
    {
        final int index = ConnectionId.workerIndex(connectionId);
        return index < workers.length ? workers[index] : null;
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

    /** SBE encoders are not thread-safe: each thread that sends commands gets its own. */
    private static final class CommandEncoders
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final SendCommandEncoder send = new SendCommandEncoder();
        final CloseCommandEncoder close = new CloseCommandEncoder();
    }
}
