package io.holdfast.codec.utf8;

import java.lang.management.ManagementFactory;

/**
 * Counts the heap bytes the current thread allocates while running an operation, for the zero-garbage tests of the
 * utf8 and close packages.
 */
public final class AllocationMeter
{
    /** Iterations run before measuring, so that the JIT has compiled the operation. */
    public static final int WARM_UP_ITERATIONS = 10_000;

    /** Iterations measured. */
    public static final int MEASURED_ITERATIONS = 100_000;

    /** Most measured rounds before giving up on a clean one. */
    public static final int MAX_ROUNDS = 3;

    private static final com.sun.management.ThreadMXBean THREAD_MX_BEAN =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationMeter()
    {
    }

    /**
     * Warm the operation up, then run it {@link #MEASURED_ITERATIONS} times and return what those runs allocated.
     * <p>
     * Up to {@link #MAX_ROUNDS} rounds are measured and the first that allocates nothing ends the measurement. The
     * extra rounds exist because HotSpot, when it first queues a method for C2, resolves all string constants of the
     * method's class on the calling thread (CompileBroker), which can land inside a measured round once and is not
     * garbage made by the operation. An operation that allocates on every call, or even once per round, fails every
     * round and its last round's count is returned.
     *
     * @param operation to measure; must not capture anything created per call.
     * @return bytes allocated by the last measured round, net of what the measurement itself allocates.
     */
    public static long allocatedBytes(final Runnable operation)
    {
        for (int i = 0; i < WARM_UP_ITERATIONS; i++)
        {
            operation.run();
        }

        // The two reads of the counter may themselves allocate: measure that on its own and subtract it.
        final long overheadStart = THREAD_MX_BEAN.getCurrentThreadAllocatedBytes();
        final long overheadEnd = THREAD_MX_BEAN.getCurrentThreadAllocatedBytes();
        final long overhead = overheadEnd - overheadStart;

        long allocated = 0;
        for (int round = 0; round < MAX_ROUNDS; round++)
        {
            final long start = THREAD_MX_BEAN.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED_ITERATIONS; i++)
            {
                operation.run();
            }
            final long end = THREAD_MX_BEAN.getCurrentThreadAllocatedBytes();

            allocated = end - start - overhead;
            if (0 == allocated)
            {
                break;
            }
        }

        return allocated;
    }
}
