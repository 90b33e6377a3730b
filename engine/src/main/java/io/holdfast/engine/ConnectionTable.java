package io.holdfast.engine;

import io.netty.buffer.ByteBuf;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The state of one worker's connections as parallel arrays indexed by slot, plus a stack of free slots.
 * Owned by one worker thread: nothing here is thread-safe. The arrays start small and double up to the configured
 * capacity, so growth allocates only while the connection count reaches a new high.
 * <p>
 * The only per-connection objects are the channel and selection key the JDK forces, and pooled buffers held only
 * while a connection has an incomplete frame, a message being reassembled or output the socket did not take.
 */
final class ConnectionTable
{
    static final int FREE = 0;
    /** Accepted; the upgrade request is not complete yet. */
    static final int HANDSHAKE = 1;
    static final int OPEN = 2;
    /** A close frame was sent; inbound data is discarded until the peer's close frame or end of stream. */
    static final int CLOSE_SENT = 3;
    /** The close handshake is over; the socket closes once pending output is written. */
    static final int CLOSE_AFTER_FLUSH = 4;
    /**
     * The connection failed (protocol violation, rejected handshake): the last response is out or pending, output is
     * shut down once it is written, and input is discarded unread until the peer's end of stream closes the socket.
     */
    static final int DRAINING = 6;
    /** A read or write failed; the worker closes the connection when control returns to it. */
    static final int BROKEN = 5;

    /** No deadline is scheduled for the connection. */
    static final long NO_DEADLINE = Long.MIN_VALUE;

    static final int FRAME_FIN = 1;
    static final int FRAME_TEXT = 2;

    private static final int INITIAL_CAPACITY = 64;

    private final int maxCapacity;
    private final boolean inboundLimits;
    private int capacity;
    private int size;
    private int freeCount;
    private int[] freeSlots = new int[0];

    SocketChannel[] channels = new SocketChannel[0];
    SelectionKey[] keys = new SelectionKey[0];
    int[] generations = new int[0];
    int[] states = new int[0];
    /** Raw bytes of an incomplete handshake, frame header or control frame, to be read again before new input. */
    ByteBuf[] tails = new ByteBuf[0];
    /** Unmasked payload of a message arriving in several frames or reads. */
    ByteBuf[] messages = new ByteBuf[0];
    /** Output the socket did not take, written before anything else is sent. */
    ByteBuf[] pendings = new ByteBuf[0];
    /** Payload bytes of the current data frame still to arrive. */
    long[] frameRemaining = new long[0];
    int[] frameMasks = new int[0];
    int[] frameKeyIndexes = new int[0];
    int[] frameFlags = new int[0];
    /** Opcode of the message being assembled, 0 when none; with {@link #messageLengths}, the frame rules' state. */
    int[] messageOpcodes = new int[0];
    long[] messageLengths = new long[0];
    int[] utf8States = new int[0];
    /** The close code to report to the handler: sent or received, whichever came first. */
    int[] closeCodes = new int[0];
    /** Whether the handler was told of the open, and so must be told of the close. */
    boolean[] opened = new boolean[0];
    /** When the handshake completed, in the worker's duty-cycle milliseconds. */
    long[] openedAtMs = new long[0];
    /** Why the connection is closing: a {@link CloseReason} ordinal plus one, 0 while nothing decided it. */
    byte[] closeReasons = new byte[0];
    /** The remote address as {@link AddressLimits} keys it, when per-address limits are on. */
    long[] addressKeys = new long[0];
    /** Whether data messages for the connection are being dropped as a slow consumer's. */
    boolean[] dropping = new boolean[0];
    /** When input last arrived, in the worker's duty-cycle milliseconds. */
    long[] lastActivityMs = new long[0];
    /** When the server last sent a ping. */
    long[] lastPingMs = new long[0];
    /** The connection's deadline on the {@link ConnectionTimers} wheel, its tick and its neighbours there. */
    long[] timerDeadlines = new long[0];
    int[] timerTicks = new int[0];
    int[] timerNext = new int[0];
    int[] timerPrev = new int[0];
    /**
     * The {@link InboundLimits} buckets of messages, frame bytes and pings, as {@link TokenBucket} keeps them:
     * units owed and when last refilled. Empty arrays when no inbound limit is on.
     */
    long[] messagesOwed = new long[0];
    long[] messagesRefilledAtMs = new long[0];
    long[] bytesOwed = new long[0];
    long[] bytesRefilledAtMs = new long[0];
    long[] pingsOwed = new long[0];
    long[] pingsRefilledAtMs = new long[0];

    /**
     * @param inboundLimits whether to hold the state of the inbound limits' buckets (48 bytes per slot).
     */
    ConnectionTable(final int maxCapacity, final boolean inboundLimits)
    {
        this.maxCapacity = maxCapacity;
        this.inboundLimits = inboundLimits;
        resize(Math.min(INITIAL_CAPACITY, maxCapacity));
    }

    /**
     * Take a free slot for a new connection.
     *
     * @return the slot, or -1 when the table is at its capacity.
     */
    int allocate(final SocketChannel channel, final long nowMs)
    {
        if (freeCount == 0)
        {
            if (capacity == maxCapacity)
            {
                return -1;
            }
            resize(Math.min(capacity << 1, maxCapacity));
        }

        final int slot = freeSlots[--freeCount];
        channels[slot] = channel;
        states[slot] = HANDSHAKE;
        lastActivityMs[slot] = nowMs;
        generations[slot] = (generations[slot] + 1) & ConnectionId.GENERATION_MASK;
        size++;
        return slot;
    }

    /**
     * Return a slot whose buffers were already released and whose channel is closed.
     */
    void free(final int slot)
    {
        channels[slot] = null;
        keys[slot] = null;
        states[slot] = FREE;
        frameRemaining[slot] = 0;
        frameKeyIndexes[slot] = 0;
        frameFlags[slot] = 0;
        messageOpcodes[slot] = 0;
        messageLengths[slot] = 0;
        utf8States[slot] = 0;
        closeCodes[slot] = 0;
        opened[slot] = false;
        closeReasons[slot] = 0;
        lastPingMs[slot] = 0;
        if (inboundLimits)
        {
            // A bucket that owes nothing is full, whatever its stamp says.
            messagesOwed[slot] = 0;
            bytesOwed[slot] = 0;
            pingsOwed[slot] = 0;
        }
        freeSlots[freeCount++] = slot;
        size--;
    }

    /**
     * Note why a connection is closing, unless an earlier cause already did: the first cause is the reason.
     */
    void closeReason(final int slot, final CloseReason reason)
    {
        if (closeReasons[slot] == 0)
        {
            closeReasons[slot] = (byte)(reason.ordinal() + 1);
        }
    }

    /**
     * @return why a connection closed; {@link CloseReason#CONNECTION_LOST} when nothing decided it before the socket
     * ended.
     */
    CloseReason closeReason(final int slot)
    {
        final int stored = closeReasons[slot];
        return stored == 0 ? CloseReason.CONNECTION_LOST : CloseReason.ofOrdinal(stored - 1);
    }

    boolean isCurrent(final int slot, final int generation)
    {
        return slot >= 0 && slot < capacity && states[slot] != FREE && generations[slot] == generation;
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return capacity;
    }

    private void resize(final int newCapacity)
    {
        channels = Arrays.copyOf(channels, newCapacity);
        keys = Arrays.copyOf(keys, newCapacity);
        tails = Arrays.copyOf(tails, newCapacity);
        messages = Arrays.copyOf(messages, newCapacity);
        pendings = Arrays.copyOf(pendings, newCapacity);
        generations = Arrays.copyOf(generations, newCapacity);
        states = Arrays.copyOf(states, newCapacity);
        frameRemaining = Arrays.copyOf(frameRemaining, newCapacity);
        frameMasks = Arrays.copyOf(frameMasks, newCapacity);
        frameKeyIndexes = Arrays.copyOf(frameKeyIndexes, newCapacity);
        frameFlags = Arrays.copyOf(frameFlags, newCapacity);
        messageOpcodes = Arrays.copyOf(messageOpcodes, newCapacity);
        messageLengths = Arrays.copyOf(messageLengths, newCapacity);
        utf8States = Arrays.copyOf(utf8States, newCapacity);
        closeCodes = Arrays.copyOf(closeCodes, newCapacity);
        opened = Arrays.copyOf(opened, newCapacity);
        openedAtMs = Arrays.copyOf(openedAtMs, newCapacity);
        closeReasons = Arrays.copyOf(closeReasons, newCapacity);
        dropping = Arrays.copyOf(dropping, newCapacity);
        addressKeys = Arrays.copyOf(addressKeys, newCapacity);
        lastActivityMs = Arrays.copyOf(lastActivityMs, newCapacity);
        lastPingMs = Arrays.copyOf(lastPingMs, newCapacity);
        timerDeadlines = Arrays.copyOf(timerDeadlines, newCapacity);
        Arrays.fill(timerDeadlines, capacity, newCapacity, NO_DEADLINE);
        timerTicks = Arrays.copyOf(timerTicks, newCapacity);
        timerNext = Arrays.copyOf(timerNext, newCapacity);
        timerPrev = Arrays.copyOf(timerPrev, newCapacity);
        if (inboundLimits)
        {
            messagesOwed = Arrays.copyOf(messagesOwed, newCapacity);
            messagesRefilledAtMs = Arrays.copyOf(messagesRefilledAtMs, newCapacity);
            bytesOwed = Arrays.copyOf(bytesOwed, newCapacity);
            bytesRefilledAtMs = Arrays.copyOf(bytesRefilledAtMs, newCapacity);
            pingsOwed = Arrays.copyOf(pingsOwed, newCapacity);
            pingsRefilledAtMs = Arrays.copyOf(pingsRefilledAtMs, newCapacity);
        }

        freeSlots = Arrays.copyOf(freeSlots, newCapacity);
        // Push the new slots so that the lowest is handed out first.
        for (int slot = newCapacity - 1; slot >= capacity; slot--)
        {
            freeSlots[freeCount++] = slot;
        }
        capacity = newCapacity;
    }
}
