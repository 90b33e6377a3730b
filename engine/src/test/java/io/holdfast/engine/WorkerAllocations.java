package io.holdfast.engine;

import com.sun.management.ThreadMXBean;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures what a steady-state run costs the engine's worker threads in heap bytes, and the JVM in garbage
 * collections, for the tests that prove the engine allocates nothing.
 * <p>
 * Measured in windows, passing when one window allocates nothing. The retries are for one-off allocations that belong
 * to warm-up but may land late: when HotSpot first compiles a method with C2, the thread that triggered it resolves
 * that class's string constants (Agrona's {@code UnsafeApi} alone holds ~24 KB of them), and which worker triggers
 * which compile, and when, varies from run to run. A full run failed once with 35,880 bytes in its first window.
 * Garbage made per message, or even once per window, shows in every window and fails the test.
 */
final class WorkerAllocations
{
    /** Traffic of one window, driven from the test's thread, which must itself allocate nothing or cause a GC. */
    @FunctionalInterface
    interface Traffic
    {
        void run() throws Exception;
    }

    private static final int MAX_WINDOWS = 3;

    private WorkerAllocations()
    {
    }

    /**
     * Run windows of traffic until one allocates nothing on the workers and no collection runs, or the windows are
     * used up, and assert the last one did.
     *
     * @param workers     worker threads the engine runs.
     * @param description what a window does, for the failure message.
     */
    static void assertWindowAllocatesNothing(final int workers, final String description, final Traffic traffic)
        throws Exception
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] workerIds = workerThreadIds(workers);
        long[] allocated = null;
        long collections = 0;
        for (int window = 0; window < MAX_WINDOWS && !isZero(allocated, collections); window++)
        {
            final long[] allocatedBefore = threads.getThreadAllocatedBytes(workerIds);
            final long collectionsBefore = collectionCount();
            traffic.run();
            allocated = threads.getThreadAllocatedBytes(workerIds);
            for (int i = 0; i < allocated.length; i++)
            {
                allocated[i] -= allocatedBefore[i];
            }
            collections = collectionCount() - collectionsBefore;
        }
        assertArrayEquals(new long[workerIds.length], allocated, "bytes allocated by each worker thread over " +
            description);
        assertEquals(0, collections, "garbage collections during " + description);
    }

    private static boolean isZero(final long[] allocated, final long collections)
    {
        return allocated != null && Arrays.stream(allocated).allMatch(bytes -> bytes == 0) && collections == 0;
    }

    private static long[] workerThreadIds(final int workers)
    {
        final long[] ids = Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("holdfast-worker-"))
            .mapToLong(Thread::getId)
            .toArray();
        assertEquals(workers, ids.length, "worker threads found: " + Arrays.toString(ids));
        return ids;
    }

    private static long collectionCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += collector.getCollectionCount();
        }
        return count;
    }
}
