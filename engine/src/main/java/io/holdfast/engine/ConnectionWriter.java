package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.netty.buffer.ByteBuf;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * Writes frames and handshake responses for one worker's connections. Output is built in one scratch buffer and
 * written straight to the socket; only what the socket did not take is copied into a pooled buffer, and then
 * everything later for that connection queues behind it until {@code OP_WRITE} says the socket drained.
 * <p>
 * Pending output is bounded per connection and per worker. A connection over its bound is a slow consumer; one
 * whose write failed is gone. Either is marked {@link ConnectionTable#BROKEN} with its pending output dropped, and
 * the worker closes it once it is back in control ({@link #brokenSlots()}), so no buffer is released under a
 * caller that is still reading it.
 */
final class ConnectionWriter
{
    private static final int MAX_HEADER_LENGTH = 14;
    /**
     * Scratch bytes a worker starts with: enough for handshake responses and most frames. Direct memory is zeroed,
     * and so resident, as it is allocated, so the scratch grows to the largest frame only when one is sent.
     */
    private static final int INITIAL_SCRATCH_LENGTH = 64 << 10;

    private final int workerIndex;
    private final ConnectionTable table;
    private final EngineEvents events;
    private final BufferPool pool;
    private final EngineCounters counters;
    private final int maxPending;
    private final long maxPendingTotal;
    private final int maxScratchLength;
    private ByteBuffer scratchByteBuffer;
    private final UnsafeBuffer scratch = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer pendingView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer closePayload = new UnsafeBuffer(new byte[125]);
    private final IntArrayList brokenSlots = new IntArrayList();
    private long pendingTotal;

    ConnectionWriter(
        final int workerIndex,
        final ConnectionTable table,
        final BufferPool pool,
        final EngineCounters counters,
        final int maxPayload,
        final int maxPending,
        final long maxPendingTotal,
        final EngineEvents events)
    {
        this.workerIndex = workerIndex;
        this.events = events;
        this.table = table;
        this.pool = pool;
        this.counters = counters;
        this.maxPending = maxPending;
        this.maxPendingTotal = maxPendingTotal;
        maxScratchLength = BitUtil.align(maxPayload + MAX_HEADER_LENGTH, 64);
        growScratch(Math.min(INITIAL_SCRATCH_LENGTH, maxScratchLength));
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
     * Send one unfragmented, unmasked frame.
     */
    void sendFrame(final int slot, final int opcode, final DirectBuffer payload, final int offset, final int length)
    {
        if (length + MAX_HEADER_LENGTH > scratch.capacity())
        {
            growScratch(Math.min(maxScratchLength,
                Math.max(scratch.capacity() << 1, BitUtil.align(length + MAX_HEADER_LENGTH, 64))));
        }
        final int headerLength = FrameHeaderEncoder.encode(scratch, 0, true, 0, opcode, length, false, 0);
        if (length > 0)
        {
            scratch.putBytes(headerLength, payload, offset, length);
        }
        send(slot, headerLength + length);
    }

    /**
     * Send the first {@code length} bytes of the scratch buffer.
     */
    void send(final int slot, final int length)
    {
        if (table.states[slot] == ConnectionTable.BROKEN)
        {
            return;
        }

        final ByteBuf pending = table.pendings[slot];
        if (pending != null)
        {
            if (pending.readableBytes() > maxPending - length)
            {
                cutSlowConsumer(slot, (long)pending.readableBytes() + length);
                return;
            }
            table.pendings[slot] = pool.append(pending, scratch, 0, length);
            addPending(length);
            return;
        }

        scratchByteBuffer.clear().limit(length);
        final int written = write(slot);
        // What one send leaves is at most a frame of the largest message, which the config bounds by maxPending.
        if (written >= 0 && written < length)
        {
            table.pendings[slot] = pool.copyOf(scratch, written, length - written);
            addPending(length - written);
            final SelectionKey key = table.keys[slot];
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
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
            scratchByteBuffer.clear().limit(chunk);
            final int written = write(slot);
            if (written < 0)
            {
                return false;
            }
            pending.skipBytes(written);
            pendingTotal -= written;
            counters.pendingBytes(pendingTotal);
            if (written < chunk)
            {
                return false;
            }
        }

        releasePending(slot);
        final SelectionKey key = table.keys[slot];
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
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
        events.onSlowConsumer(ConnectionId.of(workerIndex, slot, table.generations[slot]), pendingBytes);
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

    /**
     * Replace the scratch buffer with a larger one: once per new largest frame, never in steady state.
     */
    private void growScratch(final int capacity)
    {
        scratchByteBuffer = BufferUtil.allocateDirectAligned(capacity, 64);
        scratch.wrap(scratchByteBuffer);
    }

    private int write(final int slot)
    {
        try
        {
            final int written = table.channels[slot].write(scratchByteBuffer);
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
