package io.holdfast.ops.load;

import org.agrona.CloseHelper;

/**
 * The life of one I/O thread's connections: attempt, open, fail or close, with the counts each step keeps. Owns the
 * {@link ClientWriter}, whose failed writes end connections here.
 */
final class ClientConnections implements ClientWriter.WriteFailure
{
    private final ClientTable table;
    private final ByteStash stash;
    private final LoadTotals totals;
    private final ClientWriter writer;
    private int attempting;
    private int open;
    private int closing;
    private int inFlight;

    ClientConnections(
        final ClientTable table,
        final ClientFrames frames,
        final ByteStash stash,
        final SplitMix64 maskingKeys,
        final LoadTotals totals)
    {
        this.table = table;
        this.stash = stash;
        this.totals = totals;
        writer = new ClientWriter(table, frames, stash, maskingKeys, this);
    }

    ClientWriter writer()
    {
        return writer;
    }

    /**
     * @return attempts not yet open or failed.
     */
    int attempting()
    {
        return attempting;
    }

    int open()
    {
        return open;
    }

    /**
     * @return messages out whose echo has not come back.
     */
    int inFlight()
    {
        return inFlight;
    }

    /**
     * @return connections whose close frame is sent and the server's not yet received.
     */
    int closing()
    {
        return closing;
    }

    void attemptStarted(final int slot, final long nowNs)
    {
        table.startedNs[slot] = nowNs;
        table.states[slot] = ClientTable.CONNECTING;
        attempting++;
    }

    /**
     * The upgrade response is in: the connection is open.
     *
     * @param nowNs when the response was read, which ends the handshake's time.
     */
    void opened(final int slot, final long nowNs)
    {
        table.states[slot] = ClientTable.OPEN;
        attempting--;
        open++;
        totals.handshakeUs.recordValue(LoadTotals.micros(nowNs - table.startedNs[slot]));
    }

    /**
     * A message went out on the connection; its echo is awaited.
     */
    void messageSent(final int slot, final long sentNs, final long sequence)
    {
        table.sentNs[slot] = sentNs;
        table.sequences[slot] = sequence;
        table.flags[slot] |= ClientTable.IN_FLIGHT;
        inFlight++;
        totals.messagesSent++;
    }

    void echoReceived(final int slot)
    {
        table.flags[slot] &= ~ClientTable.IN_FLIGHT;
        inFlight--;
    }

    /**
     * The connection failed: count why, once, and close it.
     */
    void fail(final int slot, final FailureReason reason, final int detail)
    {
        final byte state = table.states[slot];
        if (state == ClientTable.FAILED || state == ClientTable.CLOSED)
        {
            return;
        }
        if (state == ClientTable.CONNECTING || state == ClientTable.HANDSHAKING)
        {
            attempting--;
        }
        else if (state == ClientTable.OPEN)
        {
            leaveOpen(slot);
        }
        release(slot);
        table.states[slot] = ClientTable.FAILED;
        totals.failures.increment(reason, detail);
    }

    /**
     * The connection broke: a failure, unless it was closing anyway.
     */
    void lost(final int slot, final FailureReason reason)
    {
        if (table.states[slot] == ClientTable.CLOSING)
        {
            closed(slot, false);
        }
        else
        {
            fail(slot, reason, 0);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onWriteFailed(final int slot)
    {
        lost(slot, FailureReason.RESET);
    }

    /**
     * The close handshake is over, or given up on.
     *
     * @param replied whether the server's close frame arrived.
     */
    void closed(final int slot, final boolean replied)
    {
        release(slot);
        table.states[slot] = ClientTable.CLOSED;
        closing--;
        if (replied)
        {
            totals.closedCleanly++;
        }
        else
        {
            totals.closedWithoutReply++;
        }
    }

    /**
     * Drop an attempt still under way when the run is stopped; not a failure.
     */
    void abandon(final int slot)
    {
        release(slot);
        table.states[slot] = ClientTable.CLOSED;
        attempting--;
        totals.abandoned++;
    }

    /**
     * Send a close frame (1000) on every open connection.
     */
    void closeAll(final int count)
    {
        totals.unanswered += inFlight;
        for (int slot = 0; slot < count; slot++)
        {
            if (table.states[slot] == ClientTable.OPEN)
            {
                leaveOpen(slot);
                table.states[slot] = ClientTable.CLOSING;
                closing++;
                writer.send(slot, ClientFrames.CLOSE);
            }
        }
    }

    /**
     * Give up on the close frames not answered in time.
     */
    void closeUnanswered(final int count)
    {
        for (int slot = 0; slot < count && closing > 0; slot++)
        {
            if (table.states[slot] == ClientTable.CLOSING)
            {
                closed(slot, false);
            }
        }
    }

    /**
     * Close every socket still open, when the thread ends.
     */
    void closeSockets(final int count)
    {
        for (int slot = 0; slot < count; slot++)
        {
            CloseHelper.quietClose(table.channels[slot]);
        }
    }

    private void leaveOpen(final int slot)
    {
        open--;
        totals.unsentMessages += table.backlogs[slot];
        table.backlogs[slot] = 0;
        if ((table.flags[slot] & ClientTable.IN_FLIGHT) != 0)
        {
            table.flags[slot] &= ~ClientTable.IN_FLIGHT;
            inFlight--;
        }
    }

    /**
     * Close the socket (which cancels its key) and return the connection's stash blocks.
     */
    private void release(final int slot)
    {
        CloseHelper.quietClose(table.channels[slot]);
        table.channels[slot] = null;
        table.keys[slot] = null;
        table.flags[slot] = 0;
        table.txKinds[slot] = ClientFrames.NONE;
        table.rxBlocks[slot] = stash.release(table.rxBlocks[slot]);
        table.pongBlocks[slot] = stash.release(table.pongBlocks[slot]);
    }
}
