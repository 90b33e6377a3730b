package io.holdfast.ops.load;

/**
 * What the publisher's I/O thread tells the others in a broadcast run: when the warm-up ends, before its first
 * publish, so that a thread that receives a delivery before it has started its own traffic phase still judges it as
 * the publisher did; and how many publishes it sent in all, once it has stopped publishing, so that every thread can
 * tell when its subscribers have received everything and stop waiting.
 */
final class BroadcastProgress
{
    /** The publisher has not stopped yet. */
    static final long UNKNOWN = -1;

    private volatile long warmupEndNs;
    private volatile long published = UNKNOWN;

    /**
     * The publisher is about to start, on its I/O thread.
     *
     * @param warmupEndNs publishes sent from then on are measured.
     */
    void start(final long warmupEndNs)
    {
        this.warmupEndNs = warmupEndNs;
    }

    /**
     * @param sentNs the send time a delivery carries.
     * @return whether its publish was sent after the warm-up.
     */
    boolean isMeasured(final long sentNs)
    {
        return sentNs - warmupEndNs >= 0;
    }

    /**
     * The publisher has stopped, on its I/O thread.
     *
     * @param published the publishes it sent.
     */
    void finish(final long published)
    {
        this.published = published;
    }

    /**
     * @return the publishes sent once the publisher has stopped, else {@link #UNKNOWN}.
     */
    long published()
    {
        return published;
    }
}
