package io.holdfast.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Direct buffers a connection holds only while it needs them: an incomplete frame, a message being reassembled,
 * output the socket did not take. Backed by netty's pooled allocator, whose per-thread caches make acquire and
 * release on a worker thread allocate nothing once warm. Buffers are read and written through Agrona views over
 * their memory address. One pool per worker: its views make it single-threaded; the allocator behind it is
 * shared.
 */
final class BufferPool
{
    private static final int PAGE_SIZE = 8192;
    /** Chunks of PAGE_SIZE << 9 = 4 MiB. */
    private static final int MAX_ORDER = 9;
    private static final int SMALL_CACHE_SIZE = 256;
    private static final int NORMAL_CACHE_SIZE = 64;

    private final PooledByteBufAllocator allocator;
    private final UnsafeBuffer sourceView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer targetView = new UnsafeBuffer(0, 0);

    BufferPool(final PooledByteBufAllocator allocator)
    {
        this.allocator = allocator;
    }

    /**
     * The allocator the workers' pools share: direct buffers only, an arena per worker, a cache per thread.
     */
    static PooledByteBufAllocator newAllocator(final int arenas)
    {
        return new PooledByteBufAllocator(
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
    ByteBuf copyOf(final UnsafeBuffer source, final int offset, final int length)
    {
        return append(acquire(length), source, offset, length);
    }

    /**
     * Append bytes at the buffer's writer index. A buffer too small is replaced by one twice the size (or more)
     * and released: growing here, with Agrona's copy, rather than with netty's {@code ensureWritable}, whose copy
     * duplicates a {@code ByteBuffer} per growth on JDKs where netty does without {@code sun.misc.Unsafe} (24+).
     *
     * @return the buffer now holding the bytes, the same one unless it had to grow.
     */
    ByteBuf append(final ByteBuf buffer, final UnsafeBuffer source, final int offset, final int length)
    {
        ByteBuf target = buffer;
        final int writerIndex = buffer.writerIndex();
        if (buffer.capacity() - writerIndex < length)
        {
            target = acquire(Math.max(writerIndex + length, buffer.capacity() << 1));
            wrap(sourceView, buffer);
            wrap(targetView, target).putBytes(0, sourceView, buffer.readerIndex(), buffer.readableBytes());
            target.writerIndex(buffer.readableBytes());
            buffer.release();
        }
        final int start = target.writerIndex();
        wrap(targetView, target).putBytes(start, source, offset, length);
        target.writerIndex(start + length);
        return target;
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
