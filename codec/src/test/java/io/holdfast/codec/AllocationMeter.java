package io.holdfast.codec;

import java.lang.management.ManagementFactory;

/**
 * Counts the heap bytes the calling thread allocates while repeating an operation after warm-up, for the
 * zero-garbage tests of every codec package.
 * <p>
 * After {@link #WARM_UP_ITERATIONS} calls it measures windows of {@link #MEASURED_ITERATIONS} calls, stopping at the
 * first window that allocates exactly nothing, and otherwise after {@link #MAX_WINDOWS} windows. Why more than one
 * window: the first time C2 compiles a method, HotSpot resolves the not yet resolved string constants of that
 * method's class on the thread that asked for the compilation (CompileBroker::compile_method,
 * resolve_string_constants). For a test lambda that class is the whole test class, full of literal test data (and
 * Agrona's {@code UnsafeBuffer}, full of messages, is another), so a few hundred bytes to a few KB appear once,
 * whenever the compile queue gets there, which may be after the warm-up. That is a one-off of JIT warm-up, not
 * garbage made by the code under test; per-call garbage, or any that recurs within {@link #MEASURED_ITERATIONS}
 * calls, shows in every window and still fails.
 */
public final class AllocationMeter
{
    /** Calls made before measuring, so that the JIT has compiled the operation. */
    public static final int WARM_UP_ITERATIONS = 10_000;

    /** Calls in one measured window. */
    public static final int MEASURED_ITERATIONS = 100_000;

    /** Most windows measured before the last one's count is returned as the result. */
    public static final int MAX_WINDOWS = 5;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationMeter()
    {
    }

    /**
     * Warm the operation up, then count what {@link #MEASURED_ITERATIONS} calls of it allocate on this thread, net of
     * what reading the counter allocates (measured on its own, expected to be 0).
     *
     * @param operation to measure; create whatever it needs before, so that it captures nothing made per call.
     * @return 0 as soon as one window allocates nothing, else the bytes allocated in the last window.
     */
    public static long allocatedBytes(final Runnable operation)
    {
        repeat(operation, WARM_UP_ITERATIONS);

        long allocated = -1;
        for (int window = 0; window < MAX_WINDOWS && allocated != 0; window++)
        {
            final long counterStart = THREADS.getCurrentThreadAllocatedBytes();
            final long counterCost = THREADS.getCurrentThreadAllocatedBytes() - counterStart;
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            repeat(operation, MEASURED_ITERATIONS);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before - counterCost;
        }

        return allocated;
    }

    private static void repeat(final Runnable operation, final int iterations)
    {
        for (int i = 0; i < iterations; i++)
        {
            operation.run();
        }
    }
}
