package io.holdfast.ops;

import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.EngineConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;

/**
 * Counters in memory keyed as the engine keys its own, so readers of the counters can be tested with values chosen
 * by the test.
 */
final class TestCounters
{
    private TestCounters()
    {
    }

    /**
     * @return an empty manager with room for the counters of that many workers.
     */
    static CountersManager newManager(final int workers)
    {
        final int valuesLength = EngineConfig.counterValuesLength(workers);
        return new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(
                valuesLength * (CountersReader.METADATA_LENGTH / CountersReader.COUNTER_LENGTH))),
            new UnsafeBuffer(ByteBuffer.allocateDirect(valuesLength)));
    }

    /**
     * Allocate a counter of that type for that worker (-1: the whole engine) and detail, holding the value.
     */
    static void add(
        final CountersManager manager, final int typeId, final int worker, final int detail, final long value)
    {
        manager.newCounter("test " + typeId + " worker " + worker + " detail " + detail, typeId, (key) ->
        {
            key.putInt(CounterTypes.KEY_WORKER_OFFSET, worker);
            key.putInt(CounterTypes.KEY_DETAIL_OFFSET, detail);
        }).set(value);
    }
}
