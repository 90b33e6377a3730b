package io.holdfast.ops;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * What the JVM's management beans say about memory and garbage collection, summed over collectors, for the admin
 * pages. One instance is reused: each {@link #read} replaces what the last one found.
 */
final class JvmTotals
{
    private static final String DIRECT_POOL = "direct";

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final BufferPoolMXBean directPool = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter((pool) -> DIRECT_POOL.equals(pool.getName()))
        .findFirst()
        .orElse(null);
    private long heapUsedBytes;
    private long heapCommittedBytes;
    private long directUsedBytes;
    private long gcCollections;
    private long gcTimeMs;

    /**
     * Read the beans as they are now.
     *
     * @return this.
     */
    JvmTotals read()
    {
        final MemoryUsage heap = memory.getHeapMemoryUsage();
        heapUsedBytes = heap.getUsed();
        heapCommittedBytes = heap.getCommitted();
        directUsedBytes = directPool == null ? 0 : directPool.getMemoryUsed();
        gcCollections = 0;
        gcTimeMs = 0;
        for (final GarbageCollectorMXBean collector : collectors)
        {
            // A collector that cannot tell reports -1.
            gcCollections += Math.max(0, collector.getCollectionCount());
            gcTimeMs += Math.max(0, collector.getCollectionTime());
        }
        return this;
    }

    long heapUsedBytes()
    {
        return heapUsedBytes;
    }

    long heapCommittedBytes()
    {
        return heapCommittedBytes;
    }

    /**
     * @return memory of the direct byte buffers the JVM allocated: the workers' buffers and the pooled output.
     */
    long directUsedBytes()
    {
        return directUsedBytes;
    }

    /**
     * @return garbage collections since the JVM started, all collectors together.
     */
    long gcCollections()
    {
        return gcCollections;
    }

    /**
     * @return milliseconds the collectors spent collecting since the JVM started, as the beans count it.
     */
    long gcTimeMs()
    {
        return gcTimeMs;
    }
}
