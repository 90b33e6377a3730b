package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.HandshakeRejection;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.util.Arrays;

/**
 * The engine's counters added up across its workers, read from a {@link CountersReader} in this process or over a
 * counters file of another. Reading walks the counter ids and allocates nothing, so a server may read itself every
 * second without making garbage. One instance is reused: each {@link #read} replaces what the last one found.
 */
final class EngineTotals
{
    private static final int MAX_TYPE_ID = CounterTypes.MESSAGES_DROPPED;
    private static final int MAX_STATUS = 599;

    private final long[] byType = new long[MAX_TYPE_ID + 1];
    private final long[] closedByReason = new long[CloseReason.values().length];
    private final long[] rejectedByStatus = new long[MAX_STATUS + 1];
    private final long[] dutyCycleMaxNsByWorker = new long[ServerSettings.MAX_WORKERS];
    private final long[] dutyCyclesExceededByWorker = new long[ServerSettings.MAX_WORKERS];
    private int workers;

    /**
     * Add up the counters as they are now.
     *
     * @param reader the counters of a running engine.
     * @return this.
     */
    EngineTotals read(final CountersReader reader)
    {
        Arrays.fill(byType, 0);
        Arrays.fill(closedByReason, 0);
        Arrays.fill(rejectedByStatus, 0);
        Arrays.fill(dutyCycleMaxNsByWorker, 0);
        Arrays.fill(dutyCyclesExceededByWorker, 0);
        workers = 0;
        final DirectBuffer metaData = reader.metaDataBuffer();
        for (int id = 0, max = reader.maxCounterId(); id < max; id++)
        {
            if (reader.getCounterState(id) == CountersReader.RECORD_ALLOCATED)
            {
                final int keyOffset = CountersReader.metaDataOffset(id) + CountersReader.KEY_OFFSET;
                add(reader.getCounterTypeId(id), reader.getCounterValue(id),
                    metaData.getInt(keyOffset + CounterTypes.KEY_WORKER_OFFSET),
                    metaData.getInt(keyOffset + CounterTypes.KEY_DETAIL_OFFSET));
            }
        }
        return this;
    }

    /**
     * @param typeId one of {@link CounterTypes}.
     * @return the sum over workers, gauges included (a topic with subscribers on two workers counts twice); the
     * value of an engine-wide counter such as {@link CounterTypes#PUBLISHES}; for
     * {@link CounterTypes#DUTY_CYCLE_MAX_NS} the largest.
     */
    long get(final int typeId)
    {
        return typeId >= 0 && typeId <= MAX_TYPE_ID ? byType[typeId] : 0;
    }

    /**
     * @return open connections that ended for that reason.
     */
    long closed(final CloseReason reason)
    {
        return closedByReason[reason.ordinal()];
    }

    /**
     * @param status an HTTP status, as {@link HandshakeRejection#status()}.
     * @return handshakes refused with it.
     */
    long rejected(final int status)
    {
        return status >= 0 && status <= MAX_STATUS ? rejectedByStatus[status] : 0;
    }

    /**
     * @return workers that have counters: one more than the highest worker index seen.
     */
    int workers()
    {
        return workers;
    }

    /**
     * @return the longest duty cycle of that worker since it started, in nanoseconds.
     */
    long dutyCycleMaxNs(final int worker)
    {
        return dutyCycleMaxNsByWorker[worker];
    }

    /**
     * @return duty cycles of that worker longer than the configured threshold.
     */
    long dutyCyclesExceeded(final int worker)
    {
        return dutyCyclesExceededByWorker[worker];
    }

    private void add(final int typeId, final long value, final int worker, final int detail)
    {
        if (typeId < 0 || typeId > MAX_TYPE_ID)
        {
            return;
        }
        if (worker >= 0 && worker < dutyCycleMaxNsByWorker.length)
        {
            workers = Math.max(workers, worker + 1);
            if (typeId == CounterTypes.DUTY_CYCLE_MAX_NS)
            {
                dutyCycleMaxNsByWorker[worker] = value;
            }
            else if (typeId == CounterTypes.DUTY_CYCLES_EXCEEDED)
            {
                dutyCyclesExceededByWorker[worker] = value;
            }
        }
        if (typeId == CounterTypes.DUTY_CYCLE_MAX_NS)
        {
            byType[typeId] = Math.max(byType[typeId], value);
            return;
        }
        byType[typeId] += value;
        if (typeId == CounterTypes.CONNECTIONS_CLOSED_BY_REASON && detail >= 0 && detail < closedByReason.length)
        {
            closedByReason[detail] += value;
        }
        else if (typeId == CounterTypes.HANDSHAKES_REJECTED && detail >= 0 && detail <= MAX_STATUS)
        {
            rejectedByStatus[detail] += value;
        }
    }
}
