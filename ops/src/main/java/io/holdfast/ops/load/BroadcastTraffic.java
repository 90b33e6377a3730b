package io.holdfast.ops.load;

import org.agrona.DirectBuffer;

/**
 * The broadcast run's traffic on one I/O thread. Every connection but the publisher subscribes to the topic as soon
 * as it is open, and the thread's connect phase lasts until each has its acknowledgement (or fails: refused, or not
 * acknowledged within the handshake timeout). The publisher, the run's first connection (slot 0 of the first I/O
 * thread), publishes once per interval from the common start, each publish stamped with its sequence number and
 * send time; a publish whose time comes while the previous one is still partly written is skipped, not queued.
 * Every delivery a subscriber receives is read by a {@link TopicMessageReader} and booked in the thread's
 * {@link DeliveryBook}, arrived when the selector reported its last bytes (see {@link ClientTraffic#readyAt}).
 */
final class BroadcastTraffic
{
    private static final int PUBLISHER = 0;

    private final int count;
    private final boolean hasPublisher;
    private final double intervalNs;
    private final long subscribeTimeoutNs;
    private final ClientTable table;
    private final ClientConnections connections;
    private final ClientWriter writer;
    private final TopicMessageReader reader;
    private final DeliveryBook book;
    private final BroadcastProgress progress;
    private final LoadTotals totals;
    private Schedule publishes;
    private long subscribeDeadlineNs;
    private long endNs = Long.MAX_VALUE;

    /**
     * @param count        the I/O thread's connections.
     * @param hasPublisher whether the publisher is this thread's slot 0.
     * @param progress     shared by every I/O thread: the publisher's thread says there when the warm-up ends and how
     *                     many it published.
     */
    BroadcastTraffic(
        final LoadOptions options,
        final int count,
        final boolean hasPublisher,
        final ClientTable table,
        final ClientConnections connections,
        final TopicMessageReader reader,
        final DeliveryBook book,
        final BroadcastProgress progress,
        final LoadTotals totals)
    {
        this.count = count;
        this.hasPublisher = hasPublisher;
        intervalNs = options.publishIntervalMs() * (double)LoadWorker.NANOS_PER_MILLI;
        subscribeTimeoutNs = LoadOptions.HANDSHAKE_TIMEOUT_MS * LoadWorker.NANOS_PER_MILLI;
        this.table = table;
        this.connections = connections;
        writer = connections.writer();
        this.reader = reader;
        this.book = book;
        this.progress = progress;
        this.totals = totals;
    }

    /**
     * A connection's handshake is done: a subscriber sends its subscribe request.
     */
    void onOpened(final int slot)
    {
        if (!isPublisher(slot))
        {
            writer.send(slot, ClientFrames.SUBSCRIBE);
        }
    }

    /**
     * Called once every connection attempt has ended: whether every open subscriber has its acknowledgement. Those
     * still without one when the handshake timeout has passed since the first call fail.
     *
     * @return true once there is no subscription left to wait for.
     */
    boolean subscriptionsSettled(final long nowNs)
    {
        if (subscribeDeadlineNs == 0)
        {
            subscribeDeadlineNs = nowNs + subscribeTimeoutNs;
        }
        final boolean expired = nowNs - subscribeDeadlineNs >= 0;
        for (int slot = 0; slot < count; slot++)
        {
            if (isAwaitingAcknowledgement(slot))
            {
                if (!expired)
                {
                    return false;
                }
                connections.fail(slot, FailureReason.SUBSCRIBE_TIMEOUT, 0);
            }
        }
        return true;
    }

    /**
     * Start publishing, if the publisher is on this thread and open.
     *
     * @param startNs     the common start of every I/O thread's traffic.
     * @param warmupEndNs publishes sent from then on are measured.
     * @param endNs       no publish is sent from then on.
     */
    void start(final long startNs, final long warmupEndNs, final long endNs)
    {
        this.endNs = endNs;
        int subscribers = 0;
        for (int slot = 0; slot < count; slot++)
        {
            if (table.states[slot] == ClientTable.OPEN && (table.flags[slot] & ClientTable.SUBSCRIBED) != 0)
            {
                subscribers++;
            }
        }
        book.subscribers(subscribers);
        if (hasPublisher && table.states[PUBLISHER] == ClientTable.OPEN)
        {
            progress.start(warmupEndNs);
            publishes = new Schedule(startNs, intervalNs);
        }
    }

    /**
     * Send the publishes whose time has come.
     *
     * @return the number sent.
     */
    int poll(final long nowNs)
    {
        if (publishes == null)
        {
            return 0;
        }
        int sent = 0;
        long dueNs;
        while ((dueNs = publishes.nextDueNs()) <= nowNs && dueNs < endNs)
        {
            publishes.take();
            if (table.states[PUBLISHER] != ClientTable.OPEN || table.txKinds[PUBLISHER] != ClientFrames.NONE ||
                !book.hasRoom())
            {
                totals.unsentMessages++;
                continue;
            }
            final long sentNs = System.nanoTime();
            table.sequences[PUBLISHER] = book.publish(sentNs, progress.isMeasured(sentNs));
            table.sentNs[PUBLISHER] = sentNs;
            totals.messagesSent++;
            writer.send(PUBLISHER, ClientFrames.PUBLISH);
            sent++;
        }
        return sent;
    }

    /**
     * @return when the next publish is due, {@link Long#MAX_VALUE} when this thread does not publish.
     */
    long nextDueNs()
    {
        return publishes != null ? publishes.nextDueNs() : Long.MAX_VALUE;
    }

    /**
     * Publish no more; the other threads learn how many were sent.
     */
    void stopSending()
    {
        publishes = null;
        if (hasPublisher)
        {
            progress.finish(book.published());
        }
    }

    void onPayload(final int slot, final DirectBuffer buffer, final int offset, final int length,
        final long messageOffset)
    {
        reader.onPayload(slot, buffer, offset, length, messageOffset);
    }

    /**
     * A data message other than a heartbeat reply is complete: a subscriber's acknowledgement (anything else in its
     * place fails the subscriber), or a delivery, booked unless the connections are closing.
     *
     * @param arrivalNs when the selector reported the bytes that completed it.
     * @param measuring whether deliveries still count: false once the connections are closing.
     */
    void onMessage(final int slot, final boolean isText, final long length, final long arrivalNs,
        final boolean measuring)
    {
        final int kind = reader.onMessage(slot, isText, length);
        if (isPublisher(slot))
        {
            totals.unexpectedMessages++;
        }
        else if ((table.flags[slot] & ClientTable.SUBSCRIBED) == 0)
        {
            if (kind == TopicMessageReader.ACKNOWLEDGEMENT)
            {
                table.flags[slot] |= ClientTable.SUBSCRIBED;
            }
            else
            {
                connections.fail(slot, FailureReason.SUBSCRIBE_REFUSED, 0);
            }
        }
        else if (kind != TopicMessageReader.DELIVERY)
        {
            totals.unexpectedMessages++;
        }
        else if (measuring)
        {
            final long sentNs = reader.sentNs(slot);
            if (!book.deliver(slot, reader.sequence(slot), sentNs, arrivalNs, progress.isMeasured(sentNs)))
            {
                totals.unexpectedMessages++;
            }
        }
    }

    /**
     * @return whether the publisher has stopped and every subscriber still open here has received its last publish.
     */
    boolean isDrained()
    {
        final long published = progress.published();
        if (published == BroadcastProgress.UNKNOWN)
        {
            return false;
        }
        for (int slot = 0; slot < count; slot++)
        {
            if (table.states[slot] == ClientTable.OPEN && (table.flags[slot] & ClientTable.SUBSCRIBED) != 0 &&
                book.lastSequence(slot) < published - 1)
            {
                return false;
            }
        }
        return true;
    }

    private boolean isAwaitingAcknowledgement(final int slot)
    {
        return table.states[slot] == ClientTable.OPEN && !isPublisher(slot) &&
            (table.flags[slot] & ClientTable.SUBSCRIBED) == 0;
    }

    private boolean isPublisher(final int slot)
    {
        return hasPublisher && slot == PUBLISHER;
    }
}
