package io.holdfast.engine;

import io.holdfast.codec.close.ClosePayload;
import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.command.CloseCommandDecoder;
import io.holdfast.codec.command.MessageHeaderDecoder;
import io.holdfast.codec.command.MessageKind;
import io.holdfast.codec.command.PublishCommandDecoder;
import io.holdfast.codec.command.SendCommandDecoder;
import io.holdfast.codec.command.SubscribeCommandDecoder;
import io.holdfast.codec.command.UnsubscribeCommandDecoder;
import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.http.HandshakeResponses;
import io.holdfast.codec.http.HandshakeStatus;
import io.netty.buffer.ByteBuf;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.Agent;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * One worker: accepts connections on its own listener, owns them for their whole life and is the only thread that
 * touches their state. A duty cycle polls the selector without blocking (accept, read, write what was pending) and
 * then carries out the commands other threads queued on its ring buffer. With {@link IdleStrategyType#BLOCKING},
 * after a run of empty cycles it waits in the selector instead, until a socket is ready, another thread wakes it
 * ({@link #wakeIfBlocked()} after queueing a command, shutdown) or the next timer tick is due.
 */
final class WorkerAgent implements Agent
{
    /** Bytes read from a socket at once; a larger message arrives over several reads. */
    private static final int READ_CHUNK = 64 << 10;
    /** Connections accepted per duty cycle at most, so a connection storm cannot starve open connections. */
    private static final int ACCEPTS_PER_CYCLE = 64;
    private static final int COMMANDS_PER_CYCLE = 256;
    /** Pause after a failed accept (out of file descriptors): retrying at once would spin on the same error. */
    private static final long ACCEPT_BACKOFF_MS = 100;
    /**
     * Empty duty cycles in a row before a blocking worker waits in the selector. Each costs a selectNow system call
     * (about a microsecond), so this is a few microseconds of spinning: short enough that a worker between messages
     * at a moderate rate blocks, as Netty's event loop does, long enough that a busy one rarely does.
     */
    private static final int EMPTY_CYCLES_BEFORE_BLOCKING = 10;
    /** Longest wait in the selector; timers bound it further, to their next tick. */
    private static final long MAX_BLOCK_MS = 16;
    private static final byte[] NO_REASON = new byte[0];
    private static final byte[] SHUTDOWN_REASON = ClosePayload.asciiReason("server shutting down");

    private final String roleName;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final ManyToOneRingBuffer commands;
    private final ConnectionTable table;
    private final ConnectionWriter writer;
    private final TopicTable topics;
    private final ConnectionClaims claims = new ConnectionClaims();
    private final boolean topicPermissions;
    private final TopicFanOut fanOut;
    private final Connections connections;
    private final FrameProcessor frames;
    private final HandshakeProcessor handshakes;
    private final ConnectionTimers timers;
    private final CycleClock clock = new CycleClock();
    private final EngineCounters counters;
    private final ErrorHandler errorHandler;
    private final EngineEvents events;
    private final long dutyCycleThresholdNs;
    private final ByteBuffer receiveByteBuffer;
    private final UnsafeBuffer receiveBuffer;
    private final UnsafeBuffer tailView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer topicView = new UnsafeBuffer(0, 0);
    private final ByteBuffer unavailableResponse;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SendCommandDecoder sendDecoder = new SendCommandDecoder();
    private final CloseCommandDecoder closeDecoder = new CloseCommandDecoder();
    private final PublishCommandDecoder publishDecoder = new PublishCommandDecoder();
    private final SubscribeCommandDecoder subscribeDecoder = new SubscribeCommandDecoder();
    private final UnsubscribeCommandDecoder unsubscribeDecoder = new UnsubscribeCommandDecoder();
    private final Consumer<SelectionKey> onReadyKey = this::onReady;
    private final Consumer<SelectionKey> onReadyKeyAfterBlocking = this::onReadyAfterBlocking;
    private final MessageHandler onCommand = this::onCommand;
    private final SelectionKey listenerKey;
    private final boolean blockWhenIdle;
    private int emptyCycles;
    private boolean clockStale;
    private long acceptResumeMs = Long.MAX_VALUE;
    private boolean acceptFailing;
    private boolean shuttingDown;
    private volatile boolean shutdownRequested;
    private volatile boolean drained;
    private volatile Thread thread;
    /** Set while the worker may wait in the selector: threads that queue a command must then wake it. */
    private volatile boolean blocked;
    private volatile boolean stopping;

    WorkerAgent(
        final int index,
        final EngineConfig config,
        final ServerSocketChannel listener,
        final int maxConnections,
        final BufferPool pool,
        final CountersManager countersManager,
        final HandlerFactory handlerFactory,
        final Outbound outbound,
        final AddressLimits addressLimits,
        final ErrorHandler errorHandler) throws IOException
    {
        this.listener = listener;
        roleName = "holdfast-worker-" + index;
        this.errorHandler = errorHandler;
        events = config.events();
        dutyCycleThresholdNs = config.dutyCycleThresholdNs();
        blockWhenIdle = config.idleStrategy() == IdleStrategyType.BLOCKING;
        selector = Selector.open();
        listener.configureBlocking(false);
        listenerKey = listener.register(selector, SelectionKey.OP_ACCEPT);
        commands = new ManyToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(config.commandRingBytes(), 64)));

        counters = new EngineCounters(countersManager, index);
        table = new ConnectionTable(maxConnections, config.limitsInbound());
        writer = new ConnectionWriter(index, table, pool, counters, Math.max(config.maxMessage(), config.maxHeader()),
            config.maxPending(), config.maxPendingTotal() / config.workers(), config.slowConsumer(), events);
        topics = new TopicTable(config.maxTopics(), config.maxSubscriptionsPerConnection(), counters);
        fanOut = new TopicFanOut(topics, writer, counters, config.maxMessage());
        timers = new ConnectionTimers(table, clock.nowMs());
        connections = new Connections(index, table, writer, timers, clock, handlerFactory.newHandler(outbound), topics,
            addressLimits, counters, errorHandler, config);
        timers.handler(new ConnectionDeadlines(table, connections, writer, timers, counters, config));
        final MessageRouter router = new MessageRouter(connections, writer, counters, config.heartbeatReply());
        final InboundLimits limits = new InboundLimits(table, connections, clock, config);
        frames = new FrameProcessor(table, connections, writer, pool, router, limits, counters, config);
        topicPermissions = config.topicPermissions();
        handshakes = new HandshakeProcessor(
            table, connections, writer, pool, frames, counters, addressLimits, clock, claims, config);

        receiveByteBuffer = BufferUtil.allocateDirectAligned(
            BitUtil.align(config.maxHeader() + READ_CHUNK, 64), 64);
        receiveBuffer = new UnsafeBuffer(receiveByteBuffer);

        unavailableResponse = ByteBuffer.allocateDirect(HandshakeResponses.maxRejectionLength());
        final int length = new HandshakeResponses().writeRejection(
            new UnsafeBuffer(unavailableResponse), 0, HandshakeStatus.SERVICE_UNAVAILABLE);
        unavailableResponse.limit(length);
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return roleName;
    }

    /**
     * {@inheritDoc}
     */
    public void onStart()
    {
        thread = Thread.currentThread();
    }

    /**
     * {@inheritDoc}
     */
    public int doWork() throws IOException
    {
        long nowMs = clock.update();
        int workCount;
        if (blockWhenIdle && emptyCycles >= EMPTY_CYCLES_BEFORE_BLOCKING)
        {
            workCount = selectBlocking(nowMs);
            nowMs = clock.nowMs();
        }
        else
        {
            workCount = selector.selectNow(onReadyKey);
        }
        workCount += commands.read(onCommand, COMMANDS_PER_CYCLE);
        fanOut.flush();
        workCount += timers.poll(nowMs);
        closeBroken();
        if (nowMs >= acceptResumeMs)
        {
            resumeAccepting();
        }
        if (shutdownRequested)
        {
            continueShutdown();
        }
        counters.dutyCycle(clock.elapsedNs(), dutyCycleThresholdNs);
        if (workCount > 0)
        {
            emptyCycles = 0;
        }
        else if (emptyCycles < EMPTY_CYCLES_BEFORE_BLOCKING)
        {
            emptyCycles++;
        }
        return workCount;
    }

    /**
     * Ask the worker, from any thread, to stop accepting and close every connection with 1001; see
     * {@link #isDrained()}.
     */
    void requestShutdown()
    {
        shutdownRequested = true;
        selector.wakeup();
    }

    /**
     * Stop waiting in the selector, from any thread, so the agent runner can stop the worker without waiting for a
     * timer tick.
     */
    void stopBlocking()
    {
        stopping = true;
        selector.wakeup();
    }

    /**
     * After another thread committed a command to {@link #commands()}: wake the worker if it waits in the selector.
     * The common case, a busy worker, costs one volatile read.
     */
    void wakeIfBlocked()
    {
        if (blocked)
        {
            selector.wakeup();
        }
    }

    /**
     * @return true while the worker may be waiting in its selector; for tests.
     */
    boolean isBlocked()
    {
        return blocked;
    }

    /**
     * @return true once a requested shutdown has closed every connection.
     */
    boolean isDrained()
    {
        return drained;
    }

    /**
     * Close every connection (their handlers see 1001, going away), the listener and the selector.
     */
    public void onClose()
    {
        for (int slot = 0, capacity = table.capacity(); slot < capacity; slot++)
        {
            if (table.states[slot] != ConnectionTable.FREE)
            {
                table.closeReason(slot, CloseReason.SHUTDOWN);
                connections.closeSocket(slot, CloseCodes.GOING_AWAY);
            }
        }
        CloseHelper.quietCloseAll(listener, selector);
        counters.close();
    }

    boolean isOwnerThread()
    {
        return Thread.currentThread() == thread;
    }

    ManyToOneRingBuffer commands()
    {
        return commands;
    }

    int connectionTableSize()
    {
        return table.size();
    }

    EngineCounters counters()
    {
        return counters;
    }

    /**
     * Send now, on the owning worker's thread.
     */
    void send(final long connectionId, final DirectBuffer buffer, final int offset, final int length,
        final boolean isText)
    {
        final int slot = connections.slotOf(connectionId);
        if (slot >= 0)
        {
            if (writer.sendMessage(slot, isText ? Opcode.TEXT : Opcode.BINARY, buffer, offset, length))
            {
                counters.messageSent();
            }
        }
    }

    /**
     * On the owning worker's thread: see {@link Outbound#isTopicAllowed}.
     */
    boolean isTopicAllowed(final long connectionId, final DirectBuffer topic, final int offset, final int length)
    {
        final int slot = connections.slotOf(connectionId);
        return slot >= 0 && (!topicPermissions || claims.allowsTopic(slot, topic, offset, length));
    }

    /**
     * On the owning worker's thread: see {@link Outbound#subject}.
     */
    CharSequence subject(final long connectionId)
    {
        final int slot = connections.slotOf(connectionId);
        return slot >= 0 ? claims.subject(slot) : "";
    }

    /**
     * Subscribe now, on the owning worker's thread.
     */
    SubscriptionResult subscribe(
        final long connectionId, final DirectBuffer topic, final int offset, final int length, final boolean binary)
    {
        final int slot = connections.slotOf(connectionId);
        return slot < 0 ? SubscriptionResult.NOT_OPEN : topics.subscribe(slot, topic, offset, length, binary);
    }

    /**
     * Unsubscribe now, on the owning worker's thread.
     */
    SubscriptionResult unsubscribe(final long connectionId, final DirectBuffer topic, final int offset, final int length)
    {
        final int slot = connections.slotOf(connectionId);
        return slot < 0 ? SubscriptionResult.NOT_OPEN : topics.unsubscribe(slot, topic, offset, length);
    }

    /**
     * Deliver a publish to this worker's subscribers now, on its own thread.
     */
    void publish(
        final DirectBuffer topic,
        final int topicOffset,
        final int topicLength,
        final DirectBuffer data,
        final int dataOffset,
        final int dataLength,
        final boolean isJson)
    {
        fanOut.publish(topic, topicOffset, topicLength, data, dataOffset, dataLength, isJson);
    }

    /**
     * Start a close handshake now, on the owning worker's thread.
     */
    void close(final long connectionId, final int code)
    {
        final int slot = connections.slotOf(connectionId);
        if (slot >= 0)
        {
            connections.startClose(slot, code, NO_REASON, CloseReason.SERVER_CLOSE);
        }
    }

    /**
     * Wait in the selector for a socket, a wake-up or the next timer tick, unless a command is already queued.
     * <p>
     * No lost wake-up: {@link #blocked} is written before the ring's tail is read, and a producer claims its record
     * (a compare-and-set of the tail) before it reads {@link #blocked}; so either this worker sees the record and
     * does not wait, or the producer sees the flag and calls {@link Selector#wakeup()}, which also ends a select that
     * has not begun yet. Shutdown and stop wake the selector unconditionally.
     * <p>
     * The clock is read again on waking, before the first ready key is handled, so activity stamps are fresh and the
     * time spent waiting counts in no duty cycle.
     */
    private int selectBlocking(final long nowMs) throws IOException
    {
        long timeoutMs = Math.min(MAX_BLOCK_MS, timers.msUntilNextTick(nowMs));
        if (acceptResumeMs != Long.MAX_VALUE)
        {
            timeoutMs = Math.min(timeoutMs, acceptResumeMs - nowMs);
        }

        blocked = true;
        if (timeoutMs <= 0 || stopping || commands.producerPosition() != commands.consumerPosition())
        {
            blocked = false;
            return selector.selectNow(onReadyKey);
        }

        clockStale = true;
        final int count = selector.select(onReadyKeyAfterBlocking, timeoutMs);
        blocked = false;
        if (clockStale)
        {
            clockStale = false;
            clock.update();
        }
        return count;
    }

    private void onReadyAfterBlocking(final SelectionKey key)
    {
        if (clockStale)
        {
            clockStale = false;
            clock.update();
        }
        onReady(key);
    }

    private void onReady(final SelectionKey key)
    {
        if (key.channel() == listener)
        {
            acceptConnections();
            return;
        }

        final int slot = (Integer)key.attachment();
        final int readyOps = key.readyOps();
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && writer.flushPending(slot))
        {
            connections.onOutputFlushed(slot);
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && table.states[slot] != ConnectionTable.FREE)
        {
            writer.beginCoalescing(slot);
            onReadable(slot);
            if (writer.endCoalescing())
            {
                connections.onOutputFlushed(slot);
            }
        }
        closeBroken();
    }

    private void onReadable(final int slot)
    {
        int start = 0;
        final ByteBuf tail = table.tails[slot];
        if (tail != null)
        {
            start = tail.readableBytes();
            BufferPool.wrap(tailView, tail);
            receiveBuffer.putBytes(0, tailView, tail.readerIndex(), start);
            table.tails[slot] = BufferPool.release(tail);
        }

        receiveByteBuffer.limit(receiveByteBuffer.capacity()).position(start);
        final int read;
        try
        {
            read = table.channels[slot].read(receiveByteBuffer);
        }
        catch (final IOException ex)
        {
            connections.abort(slot);
            return;
        }

        if (read < 0)
        {
            connections.abort(slot);
            return;
        }
        counters.bytesReceived(read);
        table.lastActivityMs[slot] = clock.nowMs();
        if (table.states[slot] == ConnectionTable.HANDSHAKE)
        {
            handshakes.onBytes(slot, receiveBuffer, start + read);
        }
        else
        {
            frames.onBytes(slot, receiveBuffer, 0, start + read);
        }
    }

    /**
     * Close the connections a failed write or a pending-output bound marked broken.
     */
    private void closeBroken()
    {
        final IntArrayList brokenSlots = writer.brokenSlots();
        for (int i = 0, size = brokenSlots.size(); i < size; i++)
        {
            final int slot = brokenSlots.getInt(i);
            if (table.states[slot] == ConnectionTable.BROKEN)
            {
                connections.abort(slot);
            }
        }
        brokenSlots.clear();
    }

    private void acceptConnections()
    {
        for (int i = 0; i < ACCEPTS_PER_CYCLE; i++)
        {
            final SocketChannel channel;
            try
            {
                channel = listener.accept();
            }
            catch (final IOException ex)
            {
                pauseAccepting(ex);
                return;
            }
            if (channel == null)
            {
                return;
            }
            acceptFailing = false;
            register(channel);
        }
    }

    /**
     * Accept failed, typically for lack of file descriptors: stop watching the listener for a moment instead of
     * spinning on the same error; open connections are not affected.
     */
    private void pauseAccepting(final IOException ex)
    {
        counters.acceptFailure();
        if (!acceptFailing)
        {
            // Reported once per run of failures; the counter has them all.
            acceptFailing = true;
            errorHandler.onError(ex);
        }
        if (listenerKey.isValid())
        {
            listenerKey.interestOps(0);
        }
        acceptResumeMs = clock.nowMs() + ACCEPT_BACKOFF_MS;
    }

    private void resumeAccepting()
    {
        acceptResumeMs = Long.MAX_VALUE;
        if (listenerKey.isValid())
        {
            listenerKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    private void continueShutdown()
    {
        if (!shuttingDown)
        {
            shuttingDown = true;
            acceptResumeMs = Long.MAX_VALUE;
            listenerKey.cancel();
            CloseHelper.quietClose(listener);
            for (int slot = 0, capacity = table.capacity(); slot < capacity; slot++)
            {
                final int state = table.states[slot];
                if (state == ConnectionTable.OPEN)
                {
                    connections.startClose(slot, CloseCodes.GOING_AWAY, SHUTDOWN_REASON, CloseReason.SHUTDOWN);
                }
                else if (state == ConnectionTable.HANDSHAKE)
                {
                    connections.closeSocket(slot, CloseCodes.GOING_AWAY);
                }
            }
            closeBroken();
        }
        if (table.size() == 0)
        {
            drained = true;
        }
    }

    private void register(final SocketChannel channel)
    {
        try
        {
            if (connections.register(channel, selector) < 0)
            {
                counters.handshakeRejected(HandshakeRejection.SERVER_FULL);
                events.onHandshakeRejected(HandshakeRejection.SERVER_FULL);
                unavailableResponse.rewind();
                channel.write(unavailableResponse);
                channel.close();
            }
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(channel);
            errorHandler.onError(ex);
        }
    }

    private void onCommand(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        headerDecoder.wrap(buffer, index);
        final int bodyOffset = index + MessageHeaderDecoder.ENCODED_LENGTH;
        if (msgTypeId == PublishCommandDecoder.TEMPLATE_ID)
        {
            publishDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
            final boolean isJson = publishDecoder.kind() == MessageKind.TEXT;
            final int topicLength = publishDecoder.topicLength();
            publishDecoder.wrapTopic(topicView);
            final int dataLength = publishDecoder.payloadLength();
            publishDecoder.wrapPayload(payloadView);
            fanOut.add(topicView, 0, topicLength, payloadView, 0, dataLength, isJson);
            return;
        }

        // Whatever else a command does may change who subscribes: the publishes before it go out first.
        fanOut.flush();
        if (msgTypeId == SendCommandDecoder.TEMPLATE_ID)
        {
            sendDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
            final boolean isText = sendDecoder.kind() == MessageKind.TEXT;
            final int payloadLength = sendDecoder.payloadLength();
            sendDecoder.wrapPayload(payloadView);
            send(sendDecoder.connectionId(), payloadView, 0, payloadLength, isText);
        }
        else if (msgTypeId == SubscribeCommandDecoder.TEMPLATE_ID)
        {
            subscribeDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
            final long connectionId = subscribeDecoder.connectionId();
            final boolean binary = subscribeDecoder.kind() == MessageKind.BINARY;
            final int topicLength = subscribeDecoder.topicLength();
            subscribeDecoder.wrapTopic(topicView);
            subscribe(connectionId, topicView, 0, topicLength, binary);
        }
        else if (msgTypeId == UnsubscribeCommandDecoder.TEMPLATE_ID)
        {
            unsubscribeDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
            final long connectionId = unsubscribeDecoder.connectionId();
            final int topicLength = unsubscribeDecoder.topicLength();
            unsubscribeDecoder.wrapTopic(topicView);
            unsubscribe(connectionId, topicView, 0, topicLength);
        }
        else if (msgTypeId == CloseCommandDecoder.TEMPLATE_ID)
        {
            closeDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
            close(closeDecoder.connectionId(), closeDecoder.code());
        }
    }
}
