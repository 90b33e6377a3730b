package io.holdfast.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Direct buffers a connection holds only while it needs them: an incomplete frame, a message being reassembled,
 * output the socket did not take. Backed by netty's pooled allocator, whose per-thread caches make acquire and
 * release on a worker thread allocate nothing once warm. Buffers are read and written through Agrona views over
 * their memory address.
 */
final class BufferPool
{
    private static final int PAGE_SIZE = 8192;
    /** Chunks of PAGE_SIZE << 9 = 4 MiB. */
    private static final int MAX_ORDER = 9;
    private static final int SMALL_CACHE_SIZE = 256;
    private static final int NORMAL_CACHE_SIZE = 64;

    private final PooledByteBufAllocator allocator;

    BufferPool(final int arenas)
    {
        allocator = new PooledByteBufAllocator(
            true, 0, arenas, PAGE_SIZE, MAX_ORDER, SMALL_CACHE_SIZE, NORMAL_CACHE_SIZE, true);
    }

    /**
     * @param capacity bytes needed now; the buffer may grow later with {@link #ensureCapacity}.
     * @return an empty buffer (reader and writer index 0).
     */
    ByteBuf acquire(final int capacity)
    {
        return allocator.directBuffer(capacity);
    }

    /**
     * Copy bytes into a new pooled buffer.
     */
    ByteBuf copyOf(final UnsafeBuffer source, final int offset, final int length, final UnsafeBuffer view)
    {
        final ByteBuf buffer = acquire(length);
        append(buffer, source, offset, length, view);
        return buffer;
    }

    /**
     * Append bytes at the buffer's writer index, growing it if needed.
     */
    static void append(
        final ByteBuf buffer, final UnsafeBuffer source, final int offset, final int length, final UnsafeBuffer view)
    {
        final int writerIndex = buffer.writerIndex();
        buffer.ensureWritable(length);
        wrap(view, buffer);
        view.putBytes(writerIndex, source, offset, length);
        buffer.writerIndex(writerIndex + length);
    }

    /**
     * Point an Agrona view at the whole capacity of a pooled buffer; valid until the buffer grows or is released.
     */
    static UnsafeBuffer wrap(final UnsafeBuffer view, final ByteBuf buffer)
    {
        view.wrap(buffer.memoryAddress(), buffer.capacity());
        return view;
    }

    /**
     * Give a buffer back to the pool.
     *
     * @return null, to clear the caller's reference in one statement.
     */
    static ByteBuf release(final ByteBuf buffer)
    {
        if (buffer != null)
        {
            buffer.release();
        }
        return null;
    }
}
