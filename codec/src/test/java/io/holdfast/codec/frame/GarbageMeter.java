package io.holdfast.codec.frame;

import java.lang.management.ManagementFactory;

/**
 * Measures the heap bytes the calling thread allocates while repeating an operation after warm-up, for the
 * zero-garbage tests.
 */
final class GarbageMeter
{
    static final int WARM_UP_ITERATIONS = 10_000;
    static final int MEASURED_ITERATIONS = 100_000;

    /**
     * When C2 is asked to compile a method, HotSpot interns the not yet resolved string literals of that method's class
     * on the requesting thread (CompileBroker::compile_method, resolve_string_constants), so a window in which a class
     * full of message literals (this test class, Agrona's UnsafeBuffer) first reaches C2 shows a one-off ~100 bytes.
     * That is JIT warm-up, happening at most once per class, so such a window is retried after another warm-up. A path
     * that allocates on every call (or even once per 100,000 calls) allocates in every window and still fails.
     */
    private static final int MAX_WINDOWS = 5;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private GarbageMeter()
    {
    }

    /**
     * Warm the operation up, then count the bytes allocated by {@link #MEASURED_ITERATIONS} runs of it, minus what
     * an empty measured loop allocates (the measurement's own cost, expected to be zero too).
     *
     * @return the bytes allocated in the last window measured: 0 for a garbage-free operation.
     */
    static long allocatedBytes(final Runnable operation)
    {
        long allocated = -1;
        for (int window = 0; window < MAX_WINDOWS && allocated != 0; window++)
        {
            repeat(operation, WARM_UP_ITERATIONS);
            final long overhead = measureEmptyLoop();
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            repeat(operation, MEASURED_ITERATIONS);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before - overhead;
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

    private static long measureEmptyLoop()
    {
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_ITERATIONS; i++)
        {
            Thread.onSpinWait();
        }

        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
