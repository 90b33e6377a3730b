package io.holdfast.ops.load;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Fixed-size blocks of one heap array, lent to connections that must keep a few bytes between reads: the start of a
 * handshake response, frame header or control frame that a read cut short, or a ping's payload waiting to be
 * answered. That is rare and brief, so the pool stays small; it doubles when every block is lent, which allocates
 * only while a new high of simultaneous borrowers is reached.
 */
final class ByteStash
{
    /** No block: the value a connection's block index holds while it borrows none. */
    static final int NONE = -1;

    private static final int INITIAL_BLOCKS = 16;

    private final int blockSize;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private byte[] store = new byte[0];
    private int[] freeBlocks = new int[0];
    private int freeCount;
    private int blocks;

    /**
     * @param blockSize the most bytes one block holds.
     */
    ByteStash(final int blockSize)
    {
        this.blockSize = blockSize;
        grow(INITIAL_BLOCKS);
    }

    int blockSize()
    {
        return blockSize;
    }

    /**
     * Copy bytes into a block, taking a new one when {@code block} is {@link #NONE}.
     *
     * @return the block holding them.
     */
    int put(final int block, final DirectBuffer source, final int offset, final int length)
    {
        final int target = block == NONE ? acquire() : block;
        view.putBytes(target * blockSize, source, offset, length);
        return target;
    }

    /**
     * Copy a block's first {@code length} bytes out.
     */
    void get(final int block, final int length, final MutableDirectBuffer target, final int offset)
    {
        target.putBytes(offset, view, block * blockSize, length);
    }

    /**
     * Return a block to the pool.
     *
     * @return {@link #NONE}, for the caller's block index.
     */
    int release(final int block)
    {
        if (block != NONE)
        {
            freeBlocks[freeCount++] = block;
        }
        return NONE;
    }

    private int acquire()
    {
        if (freeCount == 0)
        {
            grow(blocks * 2);
        }
        return freeBlocks[--freeCount];
    }

    private void grow(final int newBlocks)
    {
        store = Arrays.copyOf(store, newBlocks * blockSize);
        view.wrap(store);
        freeBlocks = Arrays.copyOf(freeBlocks, newBlocks);
        for (int block = newBlocks - 1; block >= blocks; block--)
        {
            freeBlocks[freeCount++] = block;
        }
        blocks = newBlocks;
    }
}
