package io.holdfast.engine;

import io.holdfast.codec.topic.TopicNames;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * One worker's topic names mapped to small int ids, so a publish looks its topic up by bytes once and everything
 * after works on ints. Open addressing with linear probing over flat arrays; a removed name's run is closed up by
 * shifting later entries back, so lookups never wade through tombstones. Ids are reused, lowest first, and every
 * array grows by doubling up to the configured topic count, so a steady churn of topics allocates nothing.
 * Single-threaded: owned by its worker.
 */
final class TopicIds
{
    /** What {@link #find} returns for a name that has no id. */
    static final int NONE = -1;

    private static final int INITIAL_CAPACITY = 16;

    private final int maxTopics;
    private int capacity;
    private int size;
    private int freeCount;
    private int[] freeIds = new int[0];
    /** Topic id plus one per bucket, 0 for an empty bucket. */
    private int[] buckets = new int[0];
    private int[] hashes = new int[0];
    private int[] lengths = new int[0];
    /** Each id's name at {@code id * TopicNames.MAX_LENGTH}. */
    private byte[] names = new byte[0];

    TopicIds(final int maxTopics)
    {
        this.maxTopics = maxTopics;
        resize(Math.min(INITIAL_CAPACITY, maxTopics));
    }

    /**
     * @return the id of a name, or {@link #NONE}.
     */
    int find(final DirectBuffer buffer, final int offset, final int length)
    {
        final int hash = TopicNames.hash(buffer, offset, length);
        final int mask = buckets.length - 1;
        for (int bucket = hash & mask; ; bucket = (bucket + 1) & mask)
        {
            final int id = buckets[bucket] - 1;
            if (id == NONE)
            {
                return NONE;
            }
            if (hashes[id] == hash && lengths[id] == length && nameEquals(id, buffer, offset, length))
            {
                return id;
            }
        }
    }

    /**
     * Give a name that {@link #find} does not know an id.
     *
     * @return the new id, or {@link #NONE} when the worker holds its most topics already.
     */
    int add(final DirectBuffer buffer, final int offset, final int length)
    {
        if (freeCount == 0)
        {
            if (capacity == maxTopics)
            {
                return NONE;
            }
            resize(Math.min(capacity << 1, maxTopics));
        }
        final int id = freeIds[--freeCount];
        final int hash = TopicNames.hash(buffer, offset, length);
        hashes[id] = hash;
        lengths[id] = length;
        buffer.getBytes(offset, names, id * TopicNames.MAX_LENGTH, length);
        insert(id);
        size++;
        return id;
    }

    /**
     * Forget a name; its id goes back to be reused.
     */
    void remove(final int id)
    {
        final int mask = buckets.length - 1;
        int hole = hashes[id] & mask;
        while (buckets[hole] != id + 1)
        {
            hole = (hole + 1) & mask;
        }
        for (int bucket = (hole + 1) & mask; buckets[bucket] != 0; bucket = (bucket + 1) & mask)
        {
            final int home = hashes[buckets[bucket] - 1] & mask;
            // The entry may fill the hole when its home is not in the cyclic range (hole, bucket].
            if (((bucket - home) & mask) >= ((bucket - hole) & mask))
            {
                buckets[hole] = buckets[bucket];
                hole = bucket;
            }
        }
        buckets[hole] = 0;
        freeIds[freeCount++] = id;
        size--;
    }

    /**
     * @return topics that have an id.
     */
    int size()
    {
        return size;
    }

    private boolean nameEquals(final int id, final DirectBuffer buffer, final int offset, final int length)
    {
        final int start = id * TopicNames.MAX_LENGTH;
        for (int i = 0; i < length; i++)
        {
            if (names[start + i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private void insert(final int id)
    {
        final int mask = buckets.length - 1;
        int bucket = hashes[id] & mask;
        while (buckets[bucket] != 0)
        {
            bucket = (bucket + 1) & mask;
        }
        buckets[bucket] = id + 1;
    }

    private void resize(final int newCapacity)
    {
        hashes = Arrays.copyOf(hashes, newCapacity);
        lengths = Arrays.copyOf(lengths, newCapacity);
        names = Arrays.copyOf(names, newCapacity * TopicNames.MAX_LENGTH);
        freeIds = Arrays.copyOf(freeIds, newCapacity);
        for (int id = newCapacity - 1; id >= capacity; id--)
        {
            freeIds[freeCount++] = id;
        }

        // At most half full, so probe runs stay short. Growth happens only when no id is free, so every old id is
        // in use.
        buckets = new int[BitUtil.findNextPositivePowerOfTwo(newCapacity << 1)];
        for (int id = 0; id < capacity; id++)
        {
            insert(id);
        }
        capacity = newCapacity;
    }
}
