package io.holdfast.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The counters of one test engine, in a {@link CountersManager} over direct buffers of the size
 * {@link EngineConfig#counterValuesLength(int)} asks for, added up over the workers by type id and key detail as a
 * reader in another process would. Counters are found by their keys once, after the engine started, and read by id
 * from then on, so their final values stay readable after {@link Engine#close()}, which frees them (freeing clears
 * a counter's key, not its value).
 */
final class CounterSums
{
    /**
     * One counter as its key describes it.
     *
     * @param worker the worker's index, -1 for a counter of the whole engine.
     * @param detail a {@link CloseReason} ordinal, an HTTP status or 0.
     */
    record Counter(int id, int typeId, int worker, int detail)
    {
    }

    private final CountersManager manager;
    private final List<Counter> counters = new ArrayList<>();

    /**
     * @param workers worker threads of the engine the counters are for.
     */
    CounterSums(final int workers)
    {
        final int valuesLength = EngineConfig.counterValuesLength(workers);
        final int metaDataLength = valuesLength * (CountersReader.METADATA_LENGTH / CountersReader.COUNTER_LENGTH);
        manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(metaDataLength)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(valuesLength)));
    }

    /**
     * @return where the engine allocates its counters: {@code config.countersManager(sums.manager())}.
     */
    CountersManager manager()
    {
        return manager;
    }

    /**
     * Find the engine's counters by their keys: call once the engine has started, before it closes.
     */
    void index()
    {
        counters.clear();
        manager.forEach((CountersReader.MetaData)(id, typeId, key, label) -> counters.add(new Counter(
            id, typeId, key.getInt(CounterTypes.KEY_WORKER_OFFSET), key.getInt(CounterTypes.KEY_DETAIL_OFFSET))));
    }

    /**
     * @return every counter the engine allocated, as {@link #index()} found them.
     */
    List<Counter> counters()
    {
        assertFalse(counters.isEmpty(), "no counters indexed: index() after the engine started");
        return counters;
    }

    long value(final Counter counter)
    {
        return manager.getCounterValue(counter.id());
    }

    /**
     * @return the sum of every counter of the type, over workers and details.
     */
    long sum(final int typeId)
    {
        long sum = 0;
        for (final Counter counter : counters())
        {
            sum += counter.typeId() == typeId ? value(counter) : 0;
        }
        return sum;
    }

    /**
     * @return the sum over workers of the counters of the type with this detail.
     */
    long sum(final int typeId, final int detail)
    {
        long sum = 0;
        for (final Counter counter : counters())
        {
            sum += counter.typeId() == typeId && counter.detail() == detail ? value(counter) : 0;
        }
        return sum;
    }

    /**
     * @return the largest value of the counters of the type, for high-water marks.
     */
    long max(final int typeId)
    {
        long max = 0;
        for (final Counter counter : counters())
        {
            max = counter.typeId() == typeId ? Math.max(max, value(counter)) : max;
        }
        return max;
    }

    long closedBy(final CloseReason reason)
    {
        return sum(CounterTypes.CONNECTIONS_CLOSED_BY_REASON, reason.ordinal());
    }

    long rejected(final HandshakeRejection rejection)
    {
        return sum(CounterTypes.HANDSHAKES_REJECTED, rejection.status());
    }
}
