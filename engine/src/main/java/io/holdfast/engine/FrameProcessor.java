package io.holdfast.engine;

import io.holdfast.codec.close.ClosePayload;
import io.holdfast.codec.frame.FrameError;
import io.holdfast.codec.frame.FrameHeaderDecoder;
import io.holdfast.codec.frame.FrameRules;
import io.holdfast.codec.frame.Masking;
import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.utf8.Utf8Validator;
import io.netty.buffer.ByteBuf;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Turns the bytes read from an open connection into messages and control frames. A message that arrived whole in
 * one read is unmasked, validated and handed to the handler where it lies in the receive buffer. Only a message in
 * several frames or reads is streamed into a pooled buffer as its payload arrives (unmasked and UTF-8 checked piece
 * by piece, so a bad message fails at the first bad byte), and only an incomplete frame header or control frame is
 * kept as raw bytes to be read again with the next input.
 */
final class FrameProcessor
{
    /** A message's first frame may be followed by more: its buffer starts at most this big and grows as needed. */
    private static final int INITIAL_MESSAGE_CAPACITY = 64 << 10;

    private final ConnectionTable table;
    private final Connections connections;
    private final ConnectionWriter writer;
    private final BufferPool pool;
    private final MessageRouter router;
    private final InboundLimits limits;
    private final EngineCounters counters;
    private final FrameHeaderDecoder header = new FrameHeaderDecoder();
    private final FrameRules rules;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final ClosePayload closePayload = new ClosePayload();
    private final UnsafeBuffer bufferView = new UnsafeBuffer(0, 0);

    FrameProcessor(
        final ConnectionTable table,
        final Connections connections,
        final ConnectionWriter writer,
        final BufferPool pool,
        final MessageRouter router,
        final InboundLimits limits,
        final EngineCounters counters,
        final EngineConfig config)
    {
        this.counters = counters;
        this.limits = limits;
        this.table = table;
        this.connections = connections;
        this.writer = writer;
        this.pool = pool;
        this.router = router;
        rules = new FrameRules(true, config.maxFrame(), config.maxMessage());
    }

    /**
     * Process the bytes [position, limit) of the receive buffer that arrived for a connection.
     */
    void onBytes(final int slot, final UnsafeBuffer buffer, final int start, final int limit)
    {
        int position = start;
        while (position < limit && isReading(slot))
        {
            if (table.frameRemaining[slot] > 0)
            {
                position = onPayload(slot, buffer, position, limit);
                continue;
            }

            final int headerLength = header.decode(buffer, position, limit - position);
            if (headerLength == FrameHeaderDecoder.NEED_MORE)
            {
                break;
            }

            rules.resume(table.messageOpcodes[slot], table.messageLengths[slot]);
            final FrameError error = rules.onHeader(header);
            if (error != FrameError.NONE)
            {
                connections.fail(slot, error);
                return;
            }

            final int opcode = header.opcode();
            final long payloadLength = header.payloadLength();
            if (Opcode.isControl(opcode))
            {
                if (payloadLength > limit - position - headerLength)
                {
                    break;
                }
                if (!admitBytes(slot, headerLength + (int)payloadLength))
                {
                    return;
                }
                final int payloadStart = position + headerLength;
                Masking.mask(buffer, payloadStart, (int)payloadLength, header.maskingKey(), 0);
                onControlFrame(slot, opcode, buffer, payloadStart, (int)payloadLength);
                position = payloadStart + (int)payloadLength;
            }
            else if (admitBytes(slot, headerLength))
            {
                position = onDataFrame(slot, buffer, position + headerLength, limit, payloadLength);
            }
            else
            {
                return;
            }
        }

        if (position < limit && isReading(slot))
        {
            table.tails[slot] = pool.copyOf(buffer, position, limit - position);
        }
    }

    private boolean isReading(final int slot)
    {
        final int state = table.states[slot];
        return state == ConnectionTable.OPEN || state == ConnectionTable.CLOSE_SENT;
    }

    private int onDataFrame(
        final int slot, final UnsafeBuffer buffer, final int payloadStart, final int limit, final long payloadLength)
    {
        final int opcode = header.opcode();
        final boolean fin = header.fin();
        table.messageOpcodes[slot] = rules.messageOpen() ? rules.messageOpcode() : 0;
        table.messageLengths[slot] = rules.messageOpen() ? rules.messagePayloadSoFar() : 0;

        if (opcode != Opcode.CONTINUATION && fin && payloadLength <= limit - payloadStart)
        {
            final int length = (int)payloadLength;
            if (!admitBytes(slot, length))
            {
                return payloadStart + length;
            }
            Masking.mask(buffer, payloadStart, length, header.maskingKey(), 0);
            final boolean isText = opcode == Opcode.TEXT;
            if (isText && !utf8.validateWhole(buffer, payloadStart, length))
            {
                connections.fail(slot, FrameError.INVALID_UTF8);
            }
            else if (table.states[slot] == ConnectionTable.OPEN)
            {
                deliver(slot, buffer, payloadStart, length, isText);
            }
            return payloadStart + length;
        }

        if (opcode != Opcode.CONTINUATION && table.states[slot] == ConnectionTable.OPEN)
        {
            table.frameFlags[slot] = opcode == Opcode.TEXT ? ConnectionTable.FRAME_TEXT : 0;
            table.utf8States[slot] = 0;
            table.messages[slot] = pool.acquire((int)Math.min(payloadLength, INITIAL_MESSAGE_CAPACITY));
        }
        table.frameFlags[slot] = (table.frameFlags[slot] & ConnectionTable.FRAME_TEXT) |
            (fin ? ConnectionTable.FRAME_FIN : 0);
        table.frameRemaining[slot] = payloadLength;
        table.frameMasks[slot] = header.maskingKey();
        table.frameKeyIndexes[slot] = 0;
        if (payloadLength == 0)
        {
            onFrameComplete(slot);
        }
        return payloadStart;
    }

    private int onPayload(final int slot, final UnsafeBuffer buffer, final int position, final int limit)
    {
        final int length = (int)Math.min(table.frameRemaining[slot], limit - position);
        if (!admitBytes(slot, length))
        {
            return position + length;
        }
        final int keyIndex = table.frameKeyIndexes[slot];
        Masking.mask(buffer, position, length, table.frameMasks[slot], keyIndex);
        table.frameKeyIndexes[slot] = Masking.nextKeyIndex(keyIndex, length);

        if ((table.frameFlags[slot] & ConnectionTable.FRAME_TEXT) != 0)
        {
            utf8.resume(table.utf8States[slot]);
            if (utf8.validate(buffer, position, length))
            {
                table.utf8States[slot] = utf8.state();
            }
            else
            {
                table.frameFlags[slot] &= ~ConnectionTable.FRAME_TEXT;
                connections.fail(slot, FrameError.INVALID_UTF8);
            }
        }

        if (table.states[slot] == ConnectionTable.OPEN)
        {
            table.messages[slot] = pool.append(table.messages[slot], buffer, position, length);
        }
        table.frameRemaining[slot] -= length;
        if (table.frameRemaining[slot] == 0)
        {
            onFrameComplete(slot);
        }
        return position + length;
    }

    private void onFrameComplete(final int slot)
    {
        final int flags = table.frameFlags[slot];
        if ((flags & ConnectionTable.FRAME_FIN) == 0)
        {
            return;
        }

        final ByteBuf message = table.messages[slot];
        if (table.states[slot] != ConnectionTable.OPEN)
        {
            table.messages[slot] = BufferPool.release(message);
            return;
        }

        final boolean isText = (flags & ConnectionTable.FRAME_TEXT) != 0;
        utf8.resume(table.utf8States[slot]);
        if (isText && !utf8.isComplete())
        {
            connections.fail(slot, FrameError.INVALID_UTF8);
        }
        else
        {
            BufferPool.wrap(bufferView, message);
            deliver(slot, bufferView, 0, message.writerIndex(), isText);
        }
        if (table.messages[slot] == message)
        {
            table.messages[slot] = BufferPool.release(message);
        }
    }

    /**
     * Count frame bytes that arrived against the connection's byte limit: every frame's header, control frames
     * whole, data payload as it arrives. Headers count so that a flood of empty frames costs bytes too.
     *
     * @return whether they may be handled; always for a connection no longer open, which delivers nothing.
     */
    private boolean admitBytes(final int slot, final int length)
    {
        return table.states[slot] != ConnectionTable.OPEN || limits.onBytes(slot, length);
    }

    /**
     * Hand a complete message of an open connection on, unless it breaks the connection's message limit.
     */
    private void deliver(
        final int slot, final DirectBuffer buffer, final int offset, final int length, final boolean isText)
    {
        if (limits.onMessage(slot))
        {
            router.onMessage(slot, buffer, offset, length, isText);
        }
    }

    private void onControlFrame(
        final int slot, final int opcode, final UnsafeBuffer buffer, final int offset, final int length)
    {
        if (opcode == Opcode.PING)
        {
            counters.pingReceived();
            if (table.states[slot] == ConnectionTable.OPEN && limits.onPing(slot))
            {
                writer.sendFrame(slot, Opcode.PONG, buffer, offset, length);
                counters.pongSent();
            }
        }
        else if (opcode == Opcode.PONG)
        {
            counters.pongReceived();
        }
        else if (opcode == Opcode.CLOSE)
        {
            final FrameError error = closePayload.parse(buffer, offset, length);
            if (error != FrameError.NONE)
            {
                connections.fail(slot, error);
            }
            else
            {
                connections.onPeerClose(slot, closePayload.code());
            }
        }
    }
}
