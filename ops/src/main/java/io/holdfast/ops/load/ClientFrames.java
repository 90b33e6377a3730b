package io.holdfast.ops.load;

import io.holdfast.codec.close.ClosePayload;
import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.frame.FrameHeaderDecoder;
import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.holdfast.codec.frame.FrameRules;
import io.holdfast.codec.frame.Masking;
import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.http.UpgradeRequestWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Encodes what a client sends into one direct send buffer: the upgrade request, and masked frames (echo message,
 * heartbeat, pong, close, and in a broadcast run the subscribe request and the publish). Every frame is a function of
 * its kind, its connection (whose table row holds a publish's sequence number and send time) and its masking key, so
 * a frame the socket took only part of is encoded again, identically, to write the rest: no connection holds output.
 */
final class ClientFrames
{
    static final byte NONE = 0;
    static final byte REQUEST = 1;
    static final byte MESSAGE = 2;
    static final byte PING = 3;
    static final byte PONG = 4;
    static final byte CLOSE = 5;
    static final byte SUBSCRIBE = 6;
    static final byte PUBLISH = 7;

    /** The heartbeat holdfast answers with {@code {"type":"pong"}}, as do the benchmark's peers. */
    static final DirectBuffer HEARTBEAT = new UnsafeBuffer("{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII));
    /** Length of the {@code {"type":"pong"}} reply. */
    static final int HEARTBEAT_REPLY_LENGTH = 15;

    private static final int ALPHABET = 26;

    private final ByteBuffer sendByteBuffer;
    private final UnsafeBuffer sendBuffer;
    private final UpgradeRequestWriter requests = new UpgradeRequestWriter();
    private final byte[] host;
    private final byte[] path;
    private final UnsafeBuffer message;
    private final int messageOpcode;
    private final BroadcastFormat broadcast;
    private final ClientTable table;
    private final ByteStash stash;
    private final long keySeed;
    private final int threadIndex;
    private final int threads;

    /**
     * @param host        the Host header value, with {@code :port} unless it is 80.
     * @param path        the request target, path and query.
     * @param header      one more header line for each upgrade request, without CRLF, or null for none.
     * @param messageSize bytes of each echo message's payload, 0 when none are sent.
     * @param binary      whether messages are binary (bytes) rather than text (ASCII letters).
     * @param broadcast   the subscribe request and publishes of a broadcast run, or null.
     * @param keySeed     seed of the handshake keys, so each run sends different ones.
     * @param threadIndex this I/O thread's index, which with {@code threads} makes slots unique process-wide.
     */
    ClientFrames(
        final String host,
        final String path,
        final String header,
        final int messageSize,
        final boolean binary,
        final BroadcastFormat broadcast,
        final ClientTable table,
        final ByteStash stash,
        final long keySeed,
        final int threadIndex,
        final int threads)
    {
        this.host = host.getBytes(StandardCharsets.US_ASCII);
        this.path = path.getBytes(StandardCharsets.US_ASCII);
        requests.extraHeaders(header == null ? null : (header + "\r\n").getBytes(StandardCharsets.US_ASCII));
        this.table = table;
        this.stash = stash;
        this.keySeed = keySeed;
        this.threadIndex = threadIndex;
        this.threads = threads;
        message = new UnsafeBuffer(new byte[messageSize]);
        for (int i = 0; i < messageSize; i++)
        {
            message.putByte(i, binary ? (byte)i : (byte)('a' + i % ALPHABET));
        }
        messageOpcode = binary ? Opcode.BINARY : Opcode.TEXT;
        this.broadcast = broadcast;
        final int publishSize = broadcast != null ? broadcast.messageSize() : 0;
        final int largestFrame = FrameHeaderDecoder.MAX_HEADER_LENGTH +
            Math.max(Math.max(messageSize, publishSize), FrameRules.MAX_CONTROL_PAYLOAD);
        sendByteBuffer = ByteBuffer.allocateDirect(
            Math.max(largestFrame, requests.requestLength(this.host.length, this.path.length)));
        sendBuffer = new UnsafeBuffer(sendByteBuffer);
    }

    /**
     * @return the payload length of echo messages.
     */
    int messageSize()
    {
        return message.capacity();
    }

    /**
     * @return whether echo messages are text.
     */
    boolean isTextMessage()
    {
        return messageOpcode == Opcode.TEXT;
    }

    /**
     * The high half of the 128 random bits of a connection's Sec-WebSocket-Key, derived from its slot.
     */
    long keyBitsHigh(final int slot)
    {
        return SplitMix64.mix(keySeed + 2L * globalIndex(slot));
    }

    /**
     * The low half of the 128 random bits of a connection's Sec-WebSocket-Key.
     */
    long keyBitsLow(final int slot)
    {
        return SplitMix64.mix(keySeed + 2L * globalIndex(slot) + 1);
    }

    /**
     * Encode a frame (or the request) into the send buffer from its start.
     *
     * @return its length.
     */
    int encode(final int kind, final int slot, final int maskingKey)
    {
        switch (kind)
        {
            case REQUEST:
                return requests.write(sendBuffer, 0, host, path, keyBitsHigh(slot), keyBitsLow(slot));
            case MESSAGE:
                return maskedFrame(messageOpcode, message, 0, message.capacity(), maskingKey);
            case PING:
                return maskedFrame(Opcode.TEXT, HEARTBEAT, 0, HEARTBEAT.capacity(), maskingKey);
            case PONG:
                return pong(slot, maskingKey);
            case CLOSE:
                return close(maskingKey);
            case SUBSCRIBE:
                return maskedFrame(Opcode.TEXT, broadcast.subscribeRequest(), 0,
                    broadcast.subscribeRequest().capacity(), maskingKey);
            case PUBLISH:
                return publish(slot, maskingKey);
            default:
                throw new IllegalArgumentException("frame kind " + kind);
        }
    }

    /**
     * Write encoded bytes {@code [from, to)} of the send buffer.
     *
     * @return bytes the socket took.
     */
    int write(final SocketChannel channel, final int from, final int to) throws IOException
    {
        sendByteBuffer.limit(to).position(from);
        return channel.write(sendByteBuffer);
    }

    private int maskedFrame(
        final int opcode, final DirectBuffer payload, final int offset, final int length, final int maskingKey)
    {
        final int headerLength = FrameHeaderEncoder.encode(sendBuffer, 0, true, 0, opcode, length, true, maskingKey);
        sendBuffer.putBytes(headerLength, payload, offset, length);
        Masking.mask(sendBuffer, headerLength, length, maskingKey, 0);
        return headerLength + length;
    }

    private int publish(final int slot, final int maskingKey)
    {
        final int length = broadcast.messageSize();
        final int headerLength = FrameHeaderEncoder.encode(
            sendBuffer, 0, true, 0, Opcode.TEXT, length, true, maskingKey);
        broadcast.writePublish(sendBuffer, headerLength, table.sequences[slot], table.sentNs[slot]);
        Masking.mask(sendBuffer, headerLength, length, maskingKey, 0);
        return headerLength + length;
    }

    private int pong(final int slot, final int maskingKey)
    {
        final int length = table.pongLengths[slot];
        final int headerLength = FrameHeaderEncoder.encode(
            sendBuffer, 0, true, 0, Opcode.PONG, length, true, maskingKey);
        if (length > 0)
        {
            stash.get(table.pongBlocks[slot], length, sendBuffer, headerLength);
            Masking.mask(sendBuffer, headerLength, length, maskingKey, 0);
        }
        return headerLength + length;
    }

    private int close(final int maskingKey)
    {
        final int headerLength = FrameHeaderEncoder.encode(
            sendBuffer, 0, true, 0, Opcode.CLOSE, ClosePayload.CODE_LENGTH, true, maskingKey);
        final int length = ClosePayload.writePayload(sendBuffer, headerLength, CloseCodes.NORMAL);
        Masking.mask(sendBuffer, headerLength, length, maskingKey, 0);
        return headerLength + length;
    }

    /**
     * @return the connection's index over all I/O threads, which the key bits and source addresses derive from.
     */
    int globalIndex(final int slot)
    {
        return threadIndex + slot * threads;
    }
}
