package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.close.ClosePayload;
import io.holdfast.codec.frame.FrameError;
import io.holdfast.codec.frame.Opcode;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The life of one worker's connections: registration at accept, opening after the handshake, the close handshake
 * of RFC 6455 section 7 and the final release of the socket and buffers. Every handler callback goes through here,
 * so an exception from one closes only its connection.
 */
final class Connections
{
    private static final byte[] HANDLER_ERROR_REASON = ClosePayload.asciiReason("handler error");
    private static final long NEVER = Long.MAX_VALUE;

    private final int workerIndex;
    private final ConnectionTable table;
    private final ConnectionWriter writer;
    private final ConnectionTimers timers;
    private final CycleClock clock;
    private final WebSocketHandler handler;
    private final TopicTable topics;
    private final AddressLimits addressLimits;
    private final EngineCounters counters;
    private final EngineEvents events;
    private final ErrorHandler errorHandler;
    private final long handshakeTimeoutMs;
    private final long closeTimeoutMs;
    private final long firstActivityCheckMs;

    Connections(
        final int workerIndex,
        final ConnectionTable table,
        final ConnectionWriter writer,
        final ConnectionTimers timers,
        final CycleClock clock,
        final WebSocketHandler handler,
        final TopicTable topics,
        final AddressLimits addressLimits,
        final EngineCounters counters,
        final ErrorHandler errorHandler,
        final EngineConfig config)
    {
        this.workerIndex = workerIndex;
        this.table = table;
        this.writer = writer;
        this.timers = timers;
        this.clock = clock;
        this.handler = handler;
        this.topics = topics;
        this.addressLimits = addressLimits;
        this.counters = counters;
        events = config.events();
        this.errorHandler = errorHandler;
        handshakeTimeoutMs = config.handshakeTimeoutMs();
        closeTimeoutMs = config.closeTimeoutMs();
        firstActivityCheckMs = Math.min(
            config.idleTimeoutMs() > 0 ? config.idleTimeoutMs() : NEVER,
            config.serverPingIntervalMs() > 0 ? config.serverPingIntervalMs() : NEVER);
    }

    /**
     * Take a slot for an accepted socket and watch it for input.
     *
     * @return the slot, or -1 when the table is full (the caller answers 503 and closes the socket).
     */
    int register(final SocketChannel channel, final Selector selector) throws IOException
    {
        final long nowMs = clock.nowMs();
        final int slot = table.allocate(channel, nowMs);
        if (slot >= 0)
        {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE);
            if (addressLimits.isEnabled())
            {
                final long key = AddressLimits.keyOf(((InetSocketAddress)channel.getRemoteAddress()).getAddress());
                table.addressKeys[slot] = key;
                addressLimits.opened(key);
            }
            table.keys[slot] = channel.register(selector, SelectionKey.OP_READ, slot);
            timers.schedule(slot, nowMs + handshakeTimeoutMs);
        }
        return slot;
    }

    long id(final int slot)
    {
        return ConnectionId.of(workerIndex, slot, table.generations[slot]);
    }

    /**
     * @return the slot of a connection that is still open for output, or -1 for a stale id.
     */
    int slotOf(final long connectionId)
    {
        final int slot = ConnectionId.slot(connectionId);
        final boolean open = table.isCurrent(slot, ConnectionId.generation(connectionId)) &&
            table.states[slot] == ConnectionTable.OPEN;
        return open ? slot : -1;
    }

    /**
     * Let the handler accept or refuse an upgrade request that passed the engine's checks.
     *
     * @return null to accept, else why the request is refused.
     */
    HandshakeRejection admit(final int slot, final UpgradeRequest request)
    {
        try
        {
            final int status = handler.onHandshake(id(slot), request);
            if (status == UpgradeRequest.ACCEPT)
            {
                return null;
            }
            final HandshakeRejection rejection = HandshakeRejection.byHandler(status);
            if (rejection == HandshakeRejection.HANDLER_ERROR)
            {
                errorHandler.onError(new IllegalStateException("onHandshake returned " + status +
                    "; a handler accepts with 0 or refuses with 400, 401, 403, 404, 429 or 503"));
            }
            return rejection;
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
            return HandshakeRejection.HANDLER_ERROR;
        }
    }

    void open(final int slot)
    {
        if (table.states[slot] != ConnectionTable.HANDSHAKE)
        {
            return;
        }
        table.states[slot] = ConnectionTable.OPEN;
        table.opened[slot] = true;
        table.openedAtMs[slot] = clock.nowMs();
        counters.connectionOpened();
        events.onConnectionOpened(id(slot));
        if (firstActivityCheckMs == NEVER)
        {
            timers.cancel(slot);
        }
        else
        {
            timers.schedule(slot, clock.nowMs() + firstActivityCheckMs);
        }
        try
        {
            handler.onOpen(id(slot));
        }
        catch (final Throwable ex)
        {
            onHandlerError(slot, ex);
        }
    }

    void onMessage(final int slot, final DirectBuffer buffer, final int offset, final int length, final boolean isText)
    {
        try
        {
            handler.onMessage(id(slot), buffer, offset, length, isText);
        }
        catch (final Throwable ex)
        {
            onHandlerError(slot, ex);
        }
    }

    /**
     * Fail the connection for a protocol violation (RFC 6455 section 7.1.7): send a close frame with the violation's
     * code and reason unless one was sent already, then read nothing more from it.
     */
    void fail(final int slot, final FrameError error)
    {
        final UnsafeBuffer payload = writer.closePayloadScratch();
        fail(slot, CloseReason.of(error), error.closeCode(), payload, ClosePayload.writePayload(payload, 0, error));
    }

    /**
     * Fail the connection for going over a limit of the server's policy, as for a protocol violation but with 1008.
     */
    void failPolicy(final int slot, final CloseReason why, final byte[] reason)
    {
        final UnsafeBuffer payload = writer.closePayloadScratch();
        final int code = CloseCodes.POLICY_VIOLATION;
        fail(slot, why, code, payload, ClosePayload.writePayload(payload, 0, code, reason));
    }

    /**
     * Stop reading from a connection whose last output was sent: shut down output once it is written, so the peer
     * sees end of stream after it, and close when the peer's end of stream arrives. Closing at once could reset the
     * connection and lose that output when the peer had sent more.
     */
    void drain(final int slot)
    {
        enterClosingState(slot, ConnectionTable.DRAINING);
        table.messages[slot] = BufferPool.release(table.messages[slot]);
        onOutputFlushed(slot);
    }

    /**
     * Take the step a closing connection waits for once nothing is pending: close, or shut down output.
     */
    void onOutputFlushed(final int slot)
    {
        if (table.pendings[slot] != null)
        {
            return;
        }
        final int state = table.states[slot];
        if (state == ConnectionTable.CLOSE_AFTER_FLUSH)
        {
            closeSocket(slot, table.closeCodes[slot]);
        }
        else if (state == ConnectionTable.DRAINING)
        {
            try
            {
                table.channels[slot].shutdownOutput();
            }
            catch (final IOException ex)
            {
                abort(slot);
            }
        }
    }

    /**
     * Begin the close handshake from this side; the socket closes when the peer's close frame arrives.
     */
    void startClose(final int slot, final int code, final byte[] reason, final CloseReason why)
    {
        if (table.states[slot] != ConnectionTable.OPEN)
        {
            return;
        }
        table.closeReason(slot, why);
        final UnsafeBuffer payload = writer.closePayloadScratch();
        sendClose(slot, code, payload, ClosePayload.writePayload(payload, 0, code, reason));
    }

    /**
     * The peer sent a valid close frame: answer it if this side had not closed yet, then close the socket once
     * the answer is written.
     */
    void onPeerClose(final int slot, final int code)
    {
        if (table.states[slot] == ConnectionTable.OPEN)
        {
            table.closeReason(slot, CloseReason.CLIENT_CLOSE);
            final UnsafeBuffer payload = writer.closePayloadScratch();
            final int length = code == CloseCodes.NO_STATUS_RECEIVED ? 0 : ClosePayload.writePayload(payload, 0, code);
            writer.sendFrame(slot, Opcode.CLOSE, payload, 0, length);
            table.closeCodes[slot] = code;
            enterClosingState(slot, ConnectionTable.CLOSE_AFTER_FLUSH);
            onOutputFlushed(slot);
        }
        else
        {
            closeSocket(slot, table.closeCodes[slot]);
        }
    }

    /**
     * The peer went away (end of stream, reset, failed write): close without a handshake.
     */
    void abort(final int slot)
    {
        final int code = table.states[slot] == ConnectionTable.OPEN || table.closeCodes[slot] == 0 ?
            CloseCodes.ABNORMAL_CLOSURE : table.closeCodes[slot];
        closeSocket(slot, code);
    }

    /**
     * Release everything a connection holds and tell the handler, if it was told of the open.
     */
    void closeSocket(final int slot, final int code)
    {
        if (table.states[slot] == ConnectionTable.FREE)
        {
            return;
        }

        final SelectionKey key = table.keys[slot];
        if (key != null)
        {
            key.cancel();
        }
        CloseHelper.quietClose(table.channels[slot]);
        timers.cancel(slot);
        table.tails[slot] = BufferPool.release(table.tails[slot]);
        table.messages[slot] = BufferPool.release(table.messages[slot]);
        writer.releasePending(slot);
        topics.unsubscribeAll(slot);
        if (addressLimits.isEnabled())
        {
            addressLimits.closed(table.addressKeys[slot]);
        }
        final long connectionId = id(slot);
        final boolean wasOpened = table.opened[slot];
        final CloseReason reason = table.closeReason(slot);
        final long lifetimeMs = clock.nowMs() - table.openedAtMs[slot];
        table.free(slot);

        if (wasOpened)
        {
            counters.connectionClosed(reason);
            events.onConnectionClosed(connectionId, reason, code, lifetimeMs);
            try
            {
                handler.onClose(connectionId, code);
            }
            catch (final Throwable ex)
            {
                errorHandler.onError(ex);
            }
        }
    }

    private void fail(
        final int slot, final CloseReason why, final int code, final UnsafeBuffer payload, final int length)
    {
        table.closeReason(slot, why);
        if (table.states[slot] == ConnectionTable.OPEN)
        {
            sendClose(slot, code, payload, length);
        }
        drain(slot);
    }

    private void sendClose(final int slot, final int code, final UnsafeBuffer payload, final int length)
    {
        writer.sendFrame(slot, Opcode.CLOSE, payload, 0, length);
        table.closeCodes[slot] = code;
        enterClosingState(slot, ConnectionTable.CLOSE_SENT);
    }

    /**
     * Move to a state that waits on the peer, for at most the close timeout.
     */
    private void enterClosingState(final int slot, final int state)
    {
        if (table.states[slot] != ConnectionTable.BROKEN)
        {
            table.states[slot] = state;
            timers.schedule(slot, clock.nowMs() + closeTimeoutMs);
        }
    }

    private void onHandlerError(final int slot, final Throwable ex)
    {
        errorHandler.onError(ex);
        startClose(slot, CloseCodes.INTERNAL_ERROR, HANDLER_ERROR_REASON, CloseReason.HANDLER_ERROR);
    }
}
