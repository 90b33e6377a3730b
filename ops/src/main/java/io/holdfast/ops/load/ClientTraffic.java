package io.holdfast.ops.load;

import io.holdfast.codec.close.ClosePayload;
import io.holdfast.codec.frame.FrameError;
import org.agrona.DirectBuffer;

/**
 * What one I/O thread's open connections send and what it makes of the frames they receive: heartbeats on a
 * schedule spread evenly over the ping interval, echo messages in a closed or open loop, their latency, pongs, and
 * the server's pings and closes. A broadcast run's subscriptions, publishes and deliveries are its
 * {@link BroadcastTraffic}'s.
 */
final class ClientTraffic implements ServerFrameReader.Listener
{
    private static final double NANOS_PER_SECOND = 1e9;

    private final int count;
    private final LoadMode mode;
    private final double messagesPerSecond;
    private final long warmupNs;
    private final long durationNs;
    private final ClientTable table;
    private final ClientFrames frames;
    private final ClientConnections connections;
    private final ClientWriter writer;
    private final ByteStash stash;
    private final LoadTotals totals;
    private final ClosePayload closePayload = new ClosePayload();
    private final BroadcastTraffic broadcast;
    private final Schedule pings;
    private Schedule messages;
    private int[] openSlots = new int[0];
    private long readNs;
    private long readyNs;
    private long warmupEndNs;
    private long endNs = Long.MAX_VALUE;
    private boolean started;
    private boolean sending = true;
    private boolean measuring = true;

    /**
     * @param broadcast the broadcast run's traffic, or null in the other modes.
     * @param nowNs     when heartbeats start: each connection pings once per interval from here, at its own offset.
     */
    ClientTraffic(
        final LoadOptions options,
        final int count,
        final ClientTable table,
        final ClientFrames frames,
        final ClientConnections connections,
        final ByteStash stash,
        final LoadTotals totals,
        final BroadcastTraffic broadcast,
        final long nowNs)
    {
        this.count = count;
        mode = options.mode();
        messagesPerSecond = (double)options.messageRate() / options.threads();
        warmupNs = options.warmupMs() * LoadWorker.NANOS_PER_MILLI;
        durationNs = options.durationMs() * LoadWorker.NANOS_PER_MILLI;
        this.table = table;
        this.frames = frames;
        this.connections = connections;
        writer = connections.writer();
        this.stash = stash;
        this.totals = totals;
        this.broadcast = broadcast;
        final long pingIntervalNs = options.pingIntervalMs() * LoadWorker.NANOS_PER_MILLI;
        pings = pingIntervalNs > 0 ? new Schedule(nowNs, (double)pingIntervalNs / count) : null;
    }

    /**
     * A connection's handshake is done.
     */
    void onOpened(final int slot)
    {
        if (broadcast != null)
        {
            broadcast.onOpened(slot);
        }
    }

    /**
     * Called once every connection attempt has ended, until it says so: the connect phase also waits for a
     * broadcast run's subscriptions.
     *
     * @return whether nothing is left to wait for before the traffic may start.
     */
    boolean subscriptionsSettled(final long nowNs)
    {
        return broadcast == null || broadcast.subscriptionsSettled(nowNs);
    }

    /**
     * Start the echo messages or publishes, if any, on the connections open now.
     *
     * @param startNs the common start of every I/O thread's traffic.
     */
    void start(final long startNs)
    {
        started = true;
        warmupEndNs = startNs + warmupNs;
        endNs = startNs + durationNs;
        if (broadcast != null)
        {
            broadcast.start(startNs, warmupEndNs, endNs);
            return;
        }
        if (!mode.isEcho())
        {
            return;
        }
        openSlots = new int[connections.open()];
        for (int slot = 0, i = 0; slot < count; slot++)
        {
            if (table.states[slot] == ClientTable.OPEN)
            {
                openSlots[i++] = slot;
            }
        }
        if (mode == LoadMode.CLOSED_LOOP)
        {
            for (final int slot : openSlots)
            {
                sendMessage(slot, System.nanoTime(), 0);
            }
        }
        else if (openSlots.length > 0)
        {
            messages = new Schedule(startNs, NANOS_PER_SECOND / messagesPerSecond);
        }
    }

    /**
     * Send the heartbeats, open-loop messages and publishes whose time has come.
     *
     * @return the number sent.
     */
    int poll(final long nowNs)
    {
        if (!sending)
        {
            return 0;
        }
        return (pings != null ? sendDuePings(nowNs) : 0) + (messages != null ? sendScheduledMessages(nowNs) : 0) +
            (broadcast != null ? broadcast.poll(nowNs) : 0);
    }

    /**
     * @return when {@link #poll} next has something to do, or the traffic ends.
     */
    long nextDueNs()
    {
        if (!sending)
        {
            return Long.MAX_VALUE;
        }
        long dueNs = endNs;
        if (pings != null)
        {
            dueNs = Math.min(dueNs, pings.nextDueNs());
        }
        if (messages != null)
        {
            dueNs = Math.min(dueNs, messages.nextDueNs());
        }
        if (broadcast != null)
        {
            dueNs = Math.min(dueNs, broadcast.nextDueNs());
        }
        return dueNs;
    }

    boolean isOver(final long nowNs)
    {
        return nowNs >= endNs;
    }

    /**
     * Send nothing more; echoes of messages already out, and deliveries of publishes, are still measured until
     * {@link #stopMeasuring()}.
     */
    void stopSending(final long nowNs)
    {
        sending = false;
        endNs = Math.min(endNs, nowNs);
        totals.measuredNs = started ? Math.max(0, endNs - warmupEndNs) : 0;
        if (broadcast != null)
        {
            broadcast.stopSending();
        }
    }

    /**
     * @return whether a broadcast run's subscribers here have received every publish; true in the other modes.
     */
    boolean isDrained()
    {
        return broadcast == null || broadcast.isDrained();
    }

    /**
     * Measure no more echoes: the connections are closing.
     */
    void stopMeasuring()
    {
        measuring = false;
    }

    /**
     * Note when the bytes about to be read arrived: the end of the latency of any echo among them.
     */
    void readAt(final long nowNs)
    {
        readNs = nowNs;
    }

    /**
     * Note when the selector reported the sockets about to be read: the arrival of any delivery among them. Bytes
     * reported ready then were in the socket by then, so the time is an upper bound on their arrival that leaves out
     * the time the thread spends reading the other sockets of the batch first, which would otherwise add up to
     * milliseconds over a thousand subscribers and be charged to the server.
     */
    void readyAt(final long nowNs)
    {
        readyNs = nowNs;
    }

    /**
     * {@inheritDoc}
     */
    public void onMessage(final int slot, final boolean isText, final long length, final int firstByte)
    {
        if (isText && length == ClientFrames.HEARTBEAT_REPLY_LENGTH && firstByte == '{')
        {
            totals.pongsReceived++;
        }
        else if (broadcast != null)
        {
            broadcast.onMessage(slot, isText, length, readyNs, measuring);
        }
        else if (!measuring)
        {
            return;
        }
        else if ((table.flags[slot] & ClientTable.IN_FLIGHT) == 0 || length != frames.messageSize() ||
            isText != frames.isTextMessage())
        {
            totals.unexpectedMessages++;
        }
        else
        {
            onEcho(slot);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onPayload(final int slot, final DirectBuffer buffer, final int offset, final int length,
        final long messageOffset)
    {
        if (broadcast != null)
        {
            broadcast.onPayload(slot, buffer, offset, length, messageOffset);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onPing(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        // While a pong is partly written its payload must stay as it is; RFC 6455 lets an endpoint answer only
        // the latest of several pings, and a server that pings again soon gets its answer then.
        if (table.txKinds[slot] != ClientFrames.PONG)
        {
            table.pongBlocks[slot] = stash.put(table.pongBlocks[slot], buffer, offset, length);
            table.pongLengths[slot] = length;
            writer.send(slot, ClientFrames.PONG);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onPong(final int slot)
    {
        totals.pongsReceived++;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        if (table.states[slot] == ClientTable.CLOSING)
        {
            connections.closed(slot, true);
            return;
        }
        closePayload.parse(buffer, offset, length);
        writer.sendLast(slot, ClientFrames.CLOSE);
        connections.fail(slot, FailureReason.CLOSED_BY_SERVER, closePayload.code());
    }

    /**
     * {@inheritDoc}
     */
    public void onProtocolError(final int slot, final FrameError error)
    {
        connections.lost(slot, FailureReason.PROTOCOL_ERROR);
    }

    private int sendDuePings(final long nowNs)
    {
        int sent = 0;
        while (pings.nextDueNs() <= nowNs)
        {
            final int slot = (int)(pings.take() % count);
            // One heartbeat waiting behind a partly written message is enough: a second would say nothing more.
            if (table.states[slot] == ClientTable.OPEN && (table.flags[slot] & ClientTable.PING_DUE) == 0)
            {
                writer.send(slot, ClientFrames.PING);
                totals.pingsSent++;
                sent++;
            }
        }
        return sent;
    }

    /**
     * Send the messages whose scheduled time has come. A connection still waiting for an echo keeps the message in
     * its backlog, to send when the echo returns, timed from its scheduled time: a slow server is charged for the
     * wait it causes (coordinated omission corrected).
     */
    private int sendScheduledMessages(final long nowNs)
    {
        int sent = 0;
        long dueNs;
        while ((dueNs = messages.nextDueNs()) <= nowNs && dueNs < endNs)
        {
            final long sequence = messages.take();
            final int slot = openSlots[(int)(sequence % openSlots.length)];
            if (table.states[slot] != ClientTable.OPEN)
            {
                totals.unsentMessages++;
            }
            else if ((table.flags[slot] & ClientTable.IN_FLIGHT) != 0)
            {
                table.backlogs[slot]++;
            }
            else
            {
                sendMessage(slot, dueNs, sequence);
                sent++;
            }
        }
        return sent;
    }

    private void onEcho(final int slot)
    {
        connections.echoReceived(slot);
        final long sentNs = table.sentNs[slot];
        if (sentNs >= warmupEndNs)
        {
            totals.latencyUs.recordValue(LoadTotals.micros(readNs - sentNs));
        }
        if (!sending || readNs >= endNs)
        {
            return;
        }
        if (mode == LoadMode.CLOSED_LOOP)
        {
            sendMessage(slot, System.nanoTime(), 0);
        }
        else if (table.backlogs[slot] > 0)
        {
            table.backlogs[slot]--;
            final long sequence = table.sequences[slot] + openSlots.length;
            sendMessage(slot, messages.dueNs(sequence), sequence);
        }
    }

    private void sendMessage(final int slot, final long sentNs, final long sequence)
    {
        connections.messageSent(slot, sentNs, sequence);
        writer.send(slot, ClientFrames.MESSAGE);
    }
}
