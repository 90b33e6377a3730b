package io.holdfast.engine;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A direct buffer where a worker builds frames before writing them, growing to the most it has had to hold so far up
 * to a bound. Direct memory is zeroed, and so resident, as it is allocated, so it starts small; growth happens once
 * per new largest frame, never in steady state. The view stays the same object as the memory behind it grows.
 */
final class FrameScratch
{
    /** Bytes it starts with: enough for handshake responses and most frames. */
    private static final int INITIAL_LENGTH = 64 << 10;

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final int maxLength;

    /**
     * @param maxLength the largest frame it must hold.
     */
    FrameScratch(final int maxLength)
    {
        this.maxLength = BitUtil.align(maxLength, 64);
        grow(Math.min(INITIAL_LENGTH, this.maxLength));
    }

    /**
     * @return the view, over the whole of a direct {@link java.nio.ByteBuffer} (see {@link UnsafeBuffer#byteBuffer()}).
     */
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the most it grows to.
     */
    int maxLength()
    {
        return maxLength;
    }

    /**
     * Make room for this many bytes, at most the bound given at construction; what the buffer holds is kept.
     *
     * @return the view, grown if it had to.
     */
    UnsafeBuffer ensure(final int length)
    {
        if (length > buffer.capacity())
        {
            grow(Math.min(maxLength, Math.max(buffer.capacity() << 1, BitUtil.align(length, 64))));
        }
        return buffer;
    }

    private void grow(final int capacity)
    {
        final UnsafeBuffer grown = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, 64));
        grown.putBytes(0, buffer, 0, buffer.capacity());
        buffer.wrap(grown.byteBuffer());
    }
}
