package io.holdfast.engine;

/**
 * A connection id packs the owning worker, the slot in that worker's {@link ConnectionTable} and the slot's
 * generation into one {@code long}, so an id kept after its connection closed never reaches the slot's next
 * occupant.
 * <pre>
 *   bits 63..48  worker index (16 bits)
 *   bits 47..32  generation   (16 bits, wraps)
 *   bits 31..0   slot         (32 bits)
 * </pre>
 */
public final class ConnectionId
{
    /** Largest worker index an id can carry. */
    public static final int MAX_WORKERS = 1 << 16;

    static final int GENERATION_MASK = 0xFFFF;

    private ConnectionId()
    {
    }

    static long of(final int workerIndex, final int slot, final int generation)
    {
        return ((long)workerIndex << 48) | ((long)(generation & GENERATION_MASK) << 32) | (slot & 0xFFFF_FFFFL);
    }

    /**
     * @param connectionId as given to a handler.
     * @return index of the worker that owns the connection.
     */
    public static int workerIndex(final long connectionId)
    {
        return (int)(connectionId >>> 48);
    }

    static int generation(final long connectionId)
    {
        return (int)(connectionId >>> 32) & GENERATION_MASK;
    }

    static int slot(final long connectionId)
    {
        return (int)connectionId;
    }
}
