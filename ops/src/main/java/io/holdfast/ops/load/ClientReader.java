package io.holdfast.ops.load;

import io.holdfast.codec.http.HandshakeStatus;
import io.holdfast.codec.http.UpgradeResponseParser;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads one I/O thread's sockets into one direct receive buffer: the upgrade response while handshaking, frames
 * once open. Bytes a read cut short (a response head, frame header or control frame in pieces) wait in a
 * {@link ByteStash} block and are put back in front of the next bytes.
 */
final class ClientReader
{
    /** The longest a response head may be; a stash block holds one that arrives in pieces. */
    static final int MAX_RESPONSE_HEAD = 4 << 10;

    private static final int READ_CHUNK = 64 << 10;

    private final ClientTable table;
    private final ByteStash stash;
    private final ClientFrames frames;
    private final ClientConnections connections;
    private final ServerFrameReader frameReader;
    private final ClientTraffic traffic;
    private final UpgradeResponseParser responses = new UpgradeResponseParser(MAX_RESPONSE_HEAD);
    private final ByteBuffer receiveByteBuffer = ByteBuffer.allocateDirect(MAX_RESPONSE_HEAD + READ_CHUNK);
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(receiveByteBuffer);

    ClientReader(
        final ClientTable table,
        final ByteStash stash,
        final ClientFrames frames,
        final ClientConnections connections,
        final ClientTraffic traffic)
    {
        this.table = table;
        this.stash = stash;
        this.frames = frames;
        this.connections = connections;
        this.traffic = traffic;
        frameReader = new ServerFrameReader(table, traffic);
    }

    void onReadable(final int slot)
    {
        final int kept = takeKept(slot);
        receiveByteBuffer.limit(receiveByteBuffer.capacity()).position(kept);
        final int read;
        try
        {
            read = table.channels[slot].read(receiveByteBuffer);
        }
        catch (final IOException ex)
        {
            connections.lost(slot, FailureReason.RESET);
            return;
        }
        if (read < 0)
        {
            onEndOfStream(slot);
            return;
        }
        final long nowNs = System.nanoTime();
        traffic.readAt(nowNs);
        if (table.states[slot] == ClientTable.HANDSHAKING)
        {
            onResponseBytes(slot, kept + read, nowNs);
        }
        else
        {
            onFrameBytes(slot, 0, kept + read);
        }
    }

    private void onResponseBytes(final int slot, final int length, final long nowNs)
    {
        responses.resume(table.rxScanned[slot]);
        final int status = responses.parse(
            receiveBuffer, 0, length, frames.keyBitsHigh(slot), frames.keyBitsLow(slot));
        if (status == HandshakeStatus.INCOMPLETE)
        {
            table.rxScanned[slot] = responses.scannedLength();
            keep(slot, 0, length);
            return;
        }
        if (status != HandshakeStatus.OK)
        {
            connections.fail(slot, status == HandshakeStatus.INVALID_RESPONSE ?
                FailureReason.HANDSHAKE_INVALID : FailureReason.HANDSHAKE_REJECTED, status);
            return;
        }
        connections.opened(slot, nowNs);
        frameReader.reset(slot);
        traffic.onOpened(slot);
        final int headLength = responses.responseLength();
        if (length > headLength)
        {
            onFrameBytes(slot, headLength, length - headLength);
        }
    }

    private void onFrameBytes(final int slot, final int offset, final int length)
    {
        final int leftover = frameReader.onBytes(slot, receiveBuffer, offset, length);
        if (leftover > 0 && table.isReading(slot))
        {
            keep(slot, offset + length - leftover, leftover);
        }
    }

    private void onEndOfStream(final int slot)
    {
        if (table.states[slot] == ClientTable.HANDSHAKING)
        {
            connections.fail(slot, FailureReason.HANDSHAKE_CLOSED, 0);
        }
        else
        {
            connections.lost(slot, FailureReason.CONNECTION_LOST);
        }
    }

    /**
     * Keep bytes a read cut short, to read them again in front of the next bytes.
     */
    private void keep(final int slot, final int offset, final int length)
    {
        if (length > stash.blockSize())
        {
            // Cannot happen: the parser refuses a longer head, and a frame header or control frame is shorter.
            connections.lost(slot, FailureReason.PROTOCOL_ERROR);
            return;
        }
        table.rxBlocks[slot] = stash.put(ByteStash.NONE, receiveBuffer, offset, length);
        table.rxLengths[slot] = length;
    }

    private int takeKept(final int slot)
    {
        final int block = table.rxBlocks[slot];
        if (block == ByteStash.NONE)
        {
            return 0;
        }
        final int length = table.rxLengths[slot];
        stash.get(block, length, receiveBuffer, 0);
        table.rxBlocks[slot] = stash.release(block);
        return length;
    }
}
