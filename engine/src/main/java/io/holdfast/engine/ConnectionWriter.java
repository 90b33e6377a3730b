package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.netty.buffer.ByteBuf;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * Writes frames and handshake responses for one worker's connections. Output is built in one scratch buffer (or
 * comes framed already, as a broadcast does) and written straight to the socket; only what the socket did not take
 * is copied into a pooled buffer, and then everything later for that connection queues behind it until
 * {@code OP_WRITE} says the socket drained.
 * <p>
 * Output to the connection whose input the worker is handling is coalesced ({@link #beginCoalescing}): the first
 * write goes out at once, later ones queue in one pooled buffer and leave in one write when its input is done, so a
 * client that sends hundreds of messages in one read costs two writes, not hundreds. Only that one connection's
 * output is held, so coalescing never holds a pooled buffer per connection.
 * <p>
 * Pending output is bounded per connection and per worker. A connection over its bound is a slow consumer: with
 * {@link SlowConsumerPolicy#CLOSE} it is cut; with {@link SlowConsumerPolicy#DROP} data messages for it are dropped
 * and counted while it stays over, and control output (pongs, heartbeat replies, close frames) still queues up to
 * twice the bound. A cut connection, or one whose write failed, is marked {@link ConnectionTable#BROKEN} with its
 * pending output dropped, and the worker closes it once it is back in control ({@link #brokenSlots()}), so no
 * buffer is released under a caller that is still reading it.
 */
final class ConnectionWriter
{
    static final int MAX_HEADER_LENGTH = 14;
    private static final int NO_SLOT = -1;
    /** Output that holds no data message: pongs, heartbeat replies, close frames, handshake responses. */
    private static final int CONTROL = 0;

    private final int workerIndex;
    private final ConnectionTable table;
    private final EngineEvents events;
    private final BufferPool pool;
    private final EngineCounters counters;
    private final int maxPending;
    private final boolean dropWhenSlow;
    private final long maxPendingTotal;
    private final FrameScratch frameScratch;
    private final UnsafeBuffer scratch;
    private final UnsafeBuffer pendingView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer closePayload = new UnsafeBuffer(new byte[125]);
    private final IntArrayList brokenSlots = new IntArrayList();
    private long pendingTotal;
    private int coalescingSlot = NO_SLOT;
    private boolean coalescingWritten;

    ConnectionWriter(
        final int workerIndex,
        final ConnectionTable table,
        final BufferPool pool,
        final EngineCounters counters,
        final int maxPayload,
        final int maxPending,
        final long maxPendingTotal,
        final SlowConsumerPolicy slowConsumerPolicy,
        final EngineEvents events)
    {
        dropWhenSlow = slowConsumerPolicy == SlowConsumerPolicy.DROP;
        this.workerIndex = workerIndex;
        this.events = events;
        this.table = table;
        this.pool = pool;
        this.counters = counters;
        this.maxPending = maxPending;
        this.maxPendingTotal = maxPendingTotal;
        frameScratch = new FrameScratch(maxPayload + MAX_HEADER_LENGTH);
        scratch = frameScratch.buffer();
    }

    /**
     * @return where callers build output of their own (handshake responses) before {@link #send}.
     */
    UnsafeBuffer scratch()
    {
        return scratch;
    }

    /**
     * @return where callers build a close frame's payload before {@link #sendFrame}.
     */
    UnsafeBuffer closePayloadScratch()
    {
        return closePayload;
    }

    /**
     * @return slots marked broken since the worker last closed them; the worker empties the list.
     */
    IntArrayList brokenSlots()
    {
        return brokenSlots;
    }

    /**
     * @return output bytes pending across this worker's connections.
     */
    long pendingTotal()
    {
        return pendingTotal;
    }

    /**
     * Send one unfragmented, unmasked control frame or heartbeat reply: never dropped as a slow consumer's data is.
     */
    void sendFrame(final int slot, final int opcode, final DirectBuffer payload, final int offset, final int length)
    {
        write(slot, scratch, frameInScratch(opcode, payload, offset, length), CONTROL);
    }

    /**
     * Send one data message in an unfragmented, unmasked frame.
     *
     * @return false when it was dropped or cut the connection as a slow consumer's, or the connection is broken.
     */
    boolean sendMessage(
        final int slot, final int opcode, final DirectBuffer payload, final int offset, final int length)
    {
        return write(slot, scratch, frameInScratch(opcode, payload, offset, length), 1);
    }

    /**
     * Send data messages framed already, as a broadcast frames them once for every subscriber.
     *
     * @param frames   a view over the whole of a direct {@link ByteBuffer}, the frames from index 0.
     * @param messages how many messages the frames hold, to count them if they are dropped.
     * @return false when they were dropped or cut the connection as a slow consumer's, or the connection is broken.
     */
    boolean sendPrepared(final int slot, final UnsafeBuffer frames, final int length, final int messages)
    {
        return write(slot, frames, length, messages);
    }

    /**
     * Send the first {@code length} bytes of the scratch buffer: a handshake response.
     */
    void send(final int slot, final int length)
    {
        write(slot, scratch, length, CONTROL);
    }

    /**
     * Start handling a connection's input: its output after the first write is held until {@link #endCoalescing()}.
     */
    void beginCoalescing(final int slot)
    {
        coalescingSlot = slot;
        coalescingWritten = false;
    }

    /**
     * The connection's input is handled: write the output held since its first write, unless the socket is full and
     * {@code OP_WRITE} will.
     *
     * @return true when output was held and now nothing is pending: the caller takes the step a closing connection
     * waits for.
     */
    boolean endCoalescing()
    {
        final int slot = coalescingSlot;
        coalescingSlot = NO_SLOT;
        if (!coalescingWritten || table.pendings[slot] == null || table.states[slot] == ConnectionTable.FREE)
        {
            return false;
        }
        final SelectionKey key = table.keys[slot];
        return (key.interestOps() & SelectionKey.OP_WRITE) == 0 && flushPending(slot);
    }

    private int frameInScratch(final int opcode, final DirectBuffer payload, final int offset, final int length)
    {
        frameScratch.ensure(length + MAX_HEADER_LENGTH);
        final int headerLength = FrameHeaderEncoder.encode(scratch, 0, true, 0, opcode, length, false, 0);
        if (length > 0)
        {
            scratch.putBytes(headerLength, payload, offset, length);
        }
        return headerLength + length;
    }

    /**
     * @param messages data messages in the output, {@link #CONTROL} for output a slow consumer's policy never drops.
     */
    private boolean write(final int slot, final UnsafeBuffer source, final int length, final int messages)
    {
        if (table.states[slot] == ConnectionTable.BROKEN)
        {
            return false;
        }

        final ByteBuf pending = table.pendings[slot];
        if (pending != null)
        {
            final long total = (long)pending.readableBytes() + length;
            if (total > maxPending && !mayExceedBound(slot, total, messages))
            {
                return false;
            }
            table.pendings[slot] = pool.append(pending, source, 0, length);
            addPending(length);
            return true;
        }

        if (slot == coalescingSlot)
        {
            if (coalescingWritten)
            {
                table.pendings[slot] = pool.copyOf(source, 0, length);
                addPending(length);
                return true;
            }
            coalescingWritten = true;
        }

        final ByteBuffer sourceByteBuffer = source.byteBuffer();
        sourceByteBuffer.clear().limit(length);
        final int written = write(slot, sourceByteBuffer);
        // What one write leaves is at most one frame of the largest message, or one burst of a broadcast (64 KiB of
        // frames), so it is kept whatever the bound; only output queued behind it is held to the bound.
        if (written >= 0 && written < length)
        {
            table.pendings[slot] = pool.copyOf(source, written, length - written);
            addPending(length - written);
            final SelectionKey key = table.keys[slot];
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
        return written >= 0;
    }

    /**
     * A connection's pending output would go over its bound: decide by the slow-consumer policy.
     *
     * @return true to queue the output anyway.
     */
    private boolean mayExceedBound(final int slot, final long total, final int messages)
    {
        if (!dropWhenSlow || (messages == CONTROL && total > 2L * maxPending))
        {
            cutSlowConsumer(slot, total);
            return false;
        }
        if (messages == CONTROL)
        {
            return true;
        }
        counters.messagesDropped(messages);
        if (!table.dropping[slot])
        {
            // Reported once per run of drops; the counter has them all.
            table.dropping[slot] = true;
            events.onSlowConsumer(
                ConnectionId.of(workerIndex, slot, table.generations[slot]), total, SlowConsumerPolicy.DROP);
        }
        return false;
    }

    /**
     * The socket has room again: write as much pending output as it takes, and stop watching for room once all of
     * it is out.
     *
     * @return true when nothing is pending any more.
     */
    boolean flushPending(final int slot)
    {
        final ByteBuf pending = table.pendings[slot];
        if (pending == null)
        {
            return true;
        }

        while (pending.isReadable())
        {
            final int chunk = Math.min(pending.readableBytes(), scratch.capacity());
            BufferPool.wrap(pendingView, pending);
            scratch.putBytes(0, pendingView, pending.readerIndex(), chunk);
            final ByteBuffer scratchByteBuffer = scratch.byteBuffer();
            scratchByteBuffer.clear().limit(chunk);
            final int written = write(slot, scratchByteBuffer);
            if (written < 0)
            {
                return false;
            }
            pending.skipBytes(written);
            pendingTotal -= written;
            counters.pendingBytes(pendingTotal);
            if (written < chunk)
            {
                final SelectionKey key = table.keys[slot];
                if ((key.interestOps() & SelectionKey.OP_WRITE) == 0)
                {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                }
                return false;
            }
        }

        releasePending(slot);
        final SelectionKey key = table.keys[slot];
        if ((key.interestOps() & SelectionKey.OP_WRITE) != 0)
        {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
        return true;
    }

    /**
     * Drop whatever output is pending for a connection that is closing.
     */
    void releasePending(final int slot)
    {
        final ByteBuf pending = table.pendings[slot];
        if (pending != null)
        {
            pendingTotal -= pending.readableBytes();
            counters.pendingBytes(pendingTotal);
            table.pendings[slot] = BufferPool.release(pending);
        }
        table.dropping[slot] = false;
    }

    private void addPending(final int length)
    {
        pendingTotal += length;
        while (pendingTotal > maxPendingTotal)
        {
            if (!cutLargestPending())
            {
                break;
            }
        }
        counters.pendingBytes(pendingTotal);
    }

    /**
     * The worker's share of pending output is spent: close the connection holding the most of it. A scan, but one
     * that runs only when the bound is hit.
     *
     * @return false when no connection holds pending output.
     */
    private boolean cutLargestPending()
    {
        int largestSlot = -1;
        int largest = 0;
        for (int slot = 0, capacity = table.capacity(); slot < capacity; slot++)
        {
            final ByteBuf pending = table.pendings[slot];
            if (pending != null && pending.readableBytes() > largest)
            {
                largest = pending.readableBytes();
                largestSlot = slot;
            }
        }
        if (largestSlot < 0)
        {
            return false;
        }
        cutSlowConsumer(largestSlot, largest);
        return true;
    }

    private void cutSlowConsumer(final int slot, final long pendingBytes)
    {
        table.closeReason(slot, CloseReason.SLOW_CONSUMER);
        events.onSlowConsumer(
            ConnectionId.of(workerIndex, slot, table.generations[slot]), pendingBytes, SlowConsumerPolicy.CLOSE);
        markBroken(slot, CloseCodes.POLICY_VIOLATION);
    }

    private void markBroken(final int slot, final int closeCode)
    {
        releasePending(slot);
        if (table.states[slot] != ConnectionTable.BROKEN)
        {
            table.closeCodes[slot] = closeCode;
            table.states[slot] = ConnectionTable.BROKEN;
            brokenSlots.addInt(slot);
        }
    }

    private int write(final int slot, final ByteBuffer source)
    {
        try
        {
            final int written = table.channels[slot].write(source);
            counters.bytesSent(written);
            return written;
        }
        catch (final IOException ex)
        {
            markBroken(slot, CloseCodes.ABNORMAL_CLOSURE);
            return -1;
        }
    }
}
