package io.holdfast.codec.http;

import java.lang.management.ManagementFactory;

/**
 * Measures heap bytes the current thread allocates while running a body many times, for zero-garbage tests.
 * <p>
 * After {@link #WARM_UP_ITERATIONS} warm-up calls it measures rounds of {@link #MEASURED_ITERATIONS} calls and
 * reports the first round that allocated nothing, or the last of {@link #MAX_ROUNDS} rounds. Why more than one
 * round: when HotSpot queues a C2 compilation, the requesting thread first resolves every string literal of the
 * compiled method's class (CompileBroker::compile_method, resolve_string_constants), allocating those Strings once
 * on the heap. For a test lambda that is the whole test class, full of literal test data, so a few hundred bytes
 * can appear once, whenever the JIT gets to it, which may be after 10,000 calls. That is not garbage made by the
 * code under test, and per-call garbage (or any that recurs within 100,000 calls) would make every round non-zero.
 * The counter read itself is measured as an empty interval and subtracted (normally 0).
 */
final class Allocations
{
    static final int WARM_UP_ITERATIONS = 10_000;
    static final int MEASURED_ITERATIONS = 100_000;
    static final int MAX_ROUNDS = 5;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private Allocations()
    {
    }

    /**
     * Warms the body up, then returns the bytes allocated by {@link #MEASURED_ITERATIONS} runs of it: 0 as soon as
     * one round is clean, else the last round's count.
     */
    static long bytesAllocatedBy(final Runnable body)
    {
        loop(body, WARM_UP_ITERATIONS);
        long allocated = 0;
        for (int round = 0; round < MAX_ROUNDS; round++)
        {
            allocated = measure(body);
            if (allocated == 0)
            {
                break;
            }
        }
        return allocated;
    }

    private static long measure(final Runnable body)
    {
        final long counterCost = -THREADS.getCurrentThreadAllocatedBytes() + THREADS.getCurrentThreadAllocatedBytes();
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        loop(body, MEASURED_ITERATIONS);
        return THREADS.getCurrentThreadAllocatedBytes() - before - counterCost;
    }

    private static void loop(final Runnable body, final int iterations)
    {
        for (int i = 0; i < iterations; i++)
        {
            body.run();
        }
    }
}
