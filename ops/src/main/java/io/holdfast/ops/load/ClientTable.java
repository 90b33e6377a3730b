package io.holdfast.ops.load;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The state of one I/O thread's connections as parallel arrays indexed by slot, sized once for all of them. The
 * only per-connection objects are the channel and selection key the JDK forces. Owned by one thread.
 */
final class ClientTable
{
    static final byte NOT_STARTED = 0;
    static final byte CONNECTING = 1;
    /** Connected; the upgrade request is sent and its response not complete. */
    static final byte HANDSHAKING = 2;
    static final byte OPEN = 3;
    /** Our close frame is sent; waiting for the server's. */
    static final byte CLOSING = 4;
    static final byte CLOSED = 5;
    static final byte FAILED = 6;

    /** A message is out and its echo not yet back. */
    static final int IN_FLIGHT = 1;
    /** Frames to send once the partly written frame is out, in the order {@link ClientWriter} sends them. */
    static final int PONG_DUE = 1 << 1;
    static final int PING_DUE = 1 << 2;
    static final int MESSAGE_DUE = 1 << 3;
    static final int CLOSE_DUE = 1 << 4;
    static final int SUBSCRIBE_DUE = 1 << 5;
    static final int DUE_MASK = PONG_DUE | PING_DUE | SUBSCRIBE_DUE | MESSAGE_DUE | CLOSE_DUE;
    /** A broadcast subscriber whose subscription the server has acknowledged. */
    static final int SUBSCRIBED = 1 << 6;

    /** The current frame received is the last of its message. */
    static final int RX_FINAL = 1;
    /** The message being received is text. */
    static final int RX_TEXT = 1 << 1;

    final int capacity;
    final SocketChannel[] channels;
    final SelectionKey[] keys;
    final byte[] states;
    /** When the connection attempt started. */
    final long[] startedNs;
    /** {@link #IN_FLIGHT}, the due bits and {@link #SUBSCRIBED}. */
    final int[] flags;
    /** When the message in flight was sent, or was scheduled to be in the open loop; when the publish was sent. */
    final long[] sentNs;
    /** The open loop's schedule slot of the message in flight; the publish's sequence number. */
    final long[] sequences;
    /** Open-loop messages whose time came while one was in flight, sent one by one as echoes return. */
    final int[] backlogs;

    /** The frame kind a write left partly written, {@link ClientFrames#NONE} when none. */
    final byte[] txKinds;
    final int[] txWritten;
    final int[] txMaskingKeys;
    /** A ping's payload to answer with a pong, in a {@link ByteStash} block. */
    final int[] pongBlocks;
    final int[] pongLengths;

    /** Bytes of an incomplete handshake response, frame header or control frame, in a {@link ByteStash} block. */
    final int[] rxBlocks;
    final int[] rxLengths;
    /** Handshake response bytes already searched for the end of the head. */
    final int[] rxScanned;
    /** Payload bytes of the current data frame still to arrive. */
    final long[] rxRemaining;
    /** For {@link io.holdfast.codec.frame.FrameRules}: opcode of the open message (0 when none), payload so far. */
    final int[] rxMessageOpcodes;
    final long[] rxMessageLengths;
    final int[] rxFrameFlags;
    /** The first payload byte of the message being received, -1 until it arrives; tells a pong from an echo. */
    final int[] rxFirstBytes;

    ClientTable(final int capacity)
    {
        this.capacity = capacity;
        channels = new SocketChannel[capacity];
        keys = new SelectionKey[capacity];
        states = new byte[capacity];
        startedNs = new long[capacity];
        flags = new int[capacity];
        sentNs = new long[capacity];
        sequences = new long[capacity];
        backlogs = new int[capacity];
        txKinds = new byte[capacity];
        txWritten = new int[capacity];
        txMaskingKeys = new int[capacity];
        pongBlocks = filled(capacity, ByteStash.NONE);
        pongLengths = new int[capacity];
        rxBlocks = filled(capacity, ByteStash.NONE);
        rxLengths = new int[capacity];
        rxScanned = new int[capacity];
        rxRemaining = new long[capacity];
        rxMessageOpcodes = new int[capacity];
        rxMessageLengths = new long[capacity];
        rxFrameFlags = new int[capacity];
        rxFirstBytes = new int[capacity];
    }

    /**
     * @return whether frames received on the connection still matter: it is open or closing.
     */
    boolean isReading(final int slot)
    {
        final byte state = states[slot];
        return state == OPEN || state == CLOSING;
    }

    private static int[] filled(final int length, final int value)
    {
        final int[] array = new int[length];
        Arrays.fill(array, value);
        return array;
    }
}
