package io.holdfast.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every zero-garbage test in the codec trusts {@link AllocationMeter}, so it is checked both ways: silent on an
 * operation that allocates nothing, and not fooled by its retries into passing one that allocates per call or once
 * per window.
 */
class AllocationMeterTest
{
    private long sink;
    private long calls;
    private Object escape;

    @Test
    void shouldReportNothingForAnOperationThatDoesNotAllocate()
    {
        assertEquals(0, AllocationMeter.allocatedBytes(() -> sink += sink * 31 + 7));
    }

    @Test
    void shouldReportAnOperationThatAllocatesOnEveryCall()
    {
        final long allocated = AllocationMeter.allocatedBytes(() -> escape = new long[(int)(sink++ & 3)]);

        assertTrue(allocated >= 16L * AllocationMeter.MEASURED_ITERATIONS, Long.toString(allocated));
    }

    @Test
    void shouldReportAnOperationThatAllocatesOncePerWindow()
    {
        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            if (++calls % AllocationMeter.MEASURED_ITERATIONS == 0)
            {
                escape = new byte[64];
            }
        });

        assertTrue(allocated > 0, Long.toString(allocated));
    }
}
