package io.holdfast.ops.load;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * Sends frames on one I/O thread's connections, at most one partly written frame per connection: while one is
 * waiting for the socket, frames asked for are noted as due (the latest ping's pong, one heartbeat, the subscribe
 * request, one message, the close) and sent in that order once it is out. A publish is never noted as due: the
 * publisher sends one only when nothing is partly written. A partly written frame is encoded again to write its
 * rest, see {@link ClientFrames}.
 */
final class ClientWriter
{
    /**
     * Told when a write fails: the connection is gone.
     */
    interface WriteFailure
    {
        void onWriteFailed(int slot);
    }

    private final ClientTable table;
    private final ClientFrames frames;
    private final ByteStash stash;
    private final SplitMix64 maskingKeys;
    private final WriteFailure failure;

    ClientWriter(
        final ClientTable table,
        final ClientFrames frames,
        final ByteStash stash,
        final SplitMix64 maskingKeys,
        final WriteFailure failure)
    {
        this.table = table;
        this.frames = frames;
        this.stash = stash;
        this.maskingKeys = maskingKeys;
        this.failure = failure;
    }

    /**
     * Send a frame now, or once the partly written one is out.
     */
    void send(final int slot, final int kind)
    {
        if (table.txKinds[slot] != ClientFrames.NONE)
        {
            table.flags[slot] |= dueFlag(kind);
            return;
        }
        write(slot, kind, kind == ClientFrames.REQUEST ? 0 : maskingKeys.nextInt(), 0);
    }

    /**
     * Send a frame just before closing the socket, such as the answer to a server's close: written as far as the
     * socket takes it, nothing kept and a failure ignored, as the connection ends either way.
     */
    void sendLast(final int slot, final int kind)
    {
        if (table.txKinds[slot] == ClientFrames.NONE)
        {
            try
            {
                frames.write(table.channels[slot], 0, frames.encode(kind, slot, maskingKeys.nextInt()));
            }
            catch (final IOException ignore)
            {
                // The connection is being closed because the server closed it.
            }
        }
    }

    /**
     * The socket has room: write the rest of the partly written frame, then what became due meanwhile.
     */
    void onWritable(final int slot)
    {
        final int kind = table.txKinds[slot];
        if (kind != ClientFrames.NONE)
        {
            write(slot, kind, table.txMaskingKeys[slot], table.txWritten[slot]);
        }
        if (table.txKinds[slot] == ClientFrames.NONE && table.channels[slot] != null)
        {
            sendDue(slot);
        }
    }

    private void sendDue(final int slot)
    {
        final int due = table.flags[slot] & ClientTable.DUE_MASK;
        table.flags[slot] &= ~ClientTable.DUE_MASK;
        sendIfDue(slot, due, ClientTable.PONG_DUE, ClientFrames.PONG);
        sendIfDue(slot, due, ClientTable.PING_DUE, ClientFrames.PING);
        sendIfDue(slot, due, ClientTable.SUBSCRIBE_DUE, ClientFrames.SUBSCRIBE);
        sendIfDue(slot, due, ClientTable.MESSAGE_DUE, ClientFrames.MESSAGE);
        sendIfDue(slot, due, ClientTable.CLOSE_DUE, ClientFrames.CLOSE);
    }

    private void sendIfDue(final int slot, final int due, final int flag, final int kind)
    {
        if ((due & flag) != 0 && table.channels[slot] != null)
        {
            send(slot, kind);
        }
    }

    private void write(final int slot, final int kind, final int maskingKey, final int from)
    {
        final int length = frames.encode(kind, slot, maskingKey);
        final int written;
        try
        {
            written = frames.write(table.channels[slot], from, length);
        }
        catch (final IOException ex)
        {
            failure.onWriteFailed(slot);
            return;
        }

        final boolean wasWaiting = table.txKinds[slot] != ClientFrames.NONE;
        if (from + written < length)
        {
            table.txKinds[slot] = (byte)kind;
            table.txMaskingKeys[slot] = maskingKey;
            table.txWritten[slot] = from + written;
            if (!wasWaiting)
            {
                table.keys[slot].interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            return;
        }
        if (wasWaiting)
        {
            table.txKinds[slot] = ClientFrames.NONE;
            table.keys[slot].interestOps(SelectionKey.OP_READ);
        }
        if (kind == ClientFrames.PONG)
        {
            table.pongBlocks[slot] = stash.release(table.pongBlocks[slot]);
        }
    }

    private static int dueFlag(final int kind)
    {
        switch (kind)
        {
            case ClientFrames.PONG:
                return ClientTable.PONG_DUE;
            case ClientFrames.PING:
                return ClientTable.PING_DUE;
            case ClientFrames.SUBSCRIBE:
                return ClientTable.SUBSCRIBE_DUE;
            case ClientFrames.MESSAGE:
                return ClientTable.MESSAGE_DUE;
            case ClientFrames.CLOSE:
                return ClientTable.CLOSE_DUE;
            default:
                throw new IllegalStateException("frame kind " + kind + " cannot wait behind a partly written frame");
        }
    }
}
