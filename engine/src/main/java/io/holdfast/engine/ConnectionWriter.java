package io.holdfast.engine;

import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.netty.buffer.ByteBuf;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * Writes frames and handshake responses for one worker's connections. Output is built in one scratch buffer and
 * written straight to the socket; only what the socket did not take is copied into a pooled buffer, and then
 * everything later for that connection queues behind it until {@code OP_WRITE} says the socket drained.
 * <p>
 * A failed write marks the connection {@link ConnectionTable#BROKEN}; the worker closes it once it is back in
 * control, so no buffer is released under a caller that is still reading it.
 */
final class ConnectionWriter
{
    private static final int MAX_HEADER_LENGTH = 14;

    private final ConnectionTable table;
    private final BufferPool pool;
    private final ByteBuffer scratchByteBuffer;
    private final UnsafeBuffer scratch;
    private final UnsafeBuffer pendingView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer closePayload = new UnsafeBuffer(new byte[125]);
    private final EngineCounters counters;

    ConnectionWriter(
        final ConnectionTable table, final BufferPool pool, final int maxPayload, final EngineCounters counters)
    {
        this.table = table;
        this.pool = pool;
        this.counters = counters;
        scratchByteBuffer = BufferUtil.allocateDirectAligned(
            BitUtil.align(maxPayload + MAX_HEADER_LENGTH, 64), 64);
        scratch = new UnsafeBuffer(scratchByteBuffer);
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
     * Send one unfragmented, unmasked frame.
     */
    void sendFrame(final int slot, final int opcode, final DirectBuffer payload, final int offset, final int length)
    {
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
            BufferPool.append(pending, scratch, 0, length, pendingView);
            return;
        }

        scratchByteBuffer.clear().limit(length);
        final int written = write(slot);
        counters.bytesSent(written);
        if (written >= 0 && written < length)
        {
            table.pendings[slot] = pool.copyOf(scratch, written, length - written, pendingView);
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

        while (pending.isReadable() && table.states[slot] != ConnectionTable.BROKEN)
        {
            final int chunk = Math.min(pending.readableBytes(), scratch.capacity());
            BufferPool.wrap(pendingView, pending);
            scratch.putBytes(0, pendingView, pending.readerIndex(), chunk);
            scratchByteBuffer.clear().limit(chunk);
            final int written = write(slot);
            if (written <= 0)
            {
                break;
            }
            counters.bytesSent(written);
            pending.skipBytes(written);
            if (written < chunk)
            {
                break;
            }
        }

        if (pending.isReadable() && table.states[slot] != ConnectionTable.BROKEN)
        {
            return false;
        }

        table.pendings[slot] = BufferPool.release(pending);
        final SelectionKey key = table.keys[slot];
        if (key.isValid())
        {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
        return true;
    }

    private int write(final int slot)
    {
        try
        {
            return table.channels[slot].write(scratchByteBuffer);
        }
        catch (final IOException ex)
        {
            table.states[slot] = ConnectionTable.BROKEN;
            return -1;
        }
    }
}
