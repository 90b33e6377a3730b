package io.holdfast.ops.load;

import io.holdfast.codec.frame.FrameError;
import io.holdfast.codec.frame.FrameHeaderDecoder;
import io.holdfast.codec.frame.FrameRules;
import io.holdfast.codec.frame.Opcode;
import org.agrona.DirectBuffer;

/**
 * Reads the frames a server sends as a stream, without keeping payloads: a load client only needs to know that a
 * message of some type and length has arrived, and its first byte (to tell a heartbeat reply from an echo); a
 * listener that looks further into a message (a broadcast's stamp) sees each piece of payload as it passes. Frame
 * headers are judged by the codec's {@link FrameRules} for a client. Control frames are handed over whole, so a read
 * that ends inside a frame header or a control frame leaves those bytes to be read again with the next ones.
 */
final class ServerFrameReader
{
    /**
     * What the frames say, on the I/O thread that reads them.
     */
    interface Listener
    {
        /**
         * A data message is complete.
         *
         * @param firstByte its first payload byte, -1 when it was empty.
         */
        void onMessage(int slot, boolean isText, long length, int firstByte);

        /**
         * Payload bytes of the data message being received, as they arrive, before {@link #onMessage}.
         *
         * @param messageOffset where these bytes start in the message's payload, over all its frames.
         */
        void onPayload(int slot, DirectBuffer buffer, int offset, int length, long messageOffset);

        void onPing(int slot, DirectBuffer buffer, int offset, int length);

        void onPong(int slot);

        void onClose(int slot, DirectBuffer buffer, int offset, int length);

        void onProtocolError(int slot, FrameError error);
    }

    private final ClientTable table;
    private final Listener listener;
    private final FrameHeaderDecoder header = new FrameHeaderDecoder();
    private final FrameRules rules = new FrameRules(false, Long.MAX_VALUE, Long.MAX_VALUE);

    ServerFrameReader(final ClientTable table, final Listener listener)
    {
        this.table = table;
        this.listener = listener;
    }

    /**
     * Read the bytes received on a connection, stopping early if what they say ends it.
     *
     * @return how many bytes at the end form an incomplete frame header or control frame, to be kept and read again
     * in front of the next bytes; 0 when everything was used.
     */
    int onBytes(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int position = offset;
        while (position < end && table.isReading(slot))
        {
            if (table.rxRemaining[slot] > 0)
            {
                position += onPayload(slot, buffer, position, end - position);
                continue;
            }
            final int headerLength = header.decode(buffer, position, end - position);
            if (headerLength == FrameHeaderDecoder.NEED_MORE)
            {
                return end - position;
            }
            if (!accept(slot))
            {
                return 0;
            }
            final long payloadLength = header.payloadLength();
            final boolean isControl = Opcode.isControl(header.opcode());
            if (isControl && end - position < headerLength + payloadLength)
            {
                // Judging a control frame changes no message state, so judging it again with the rest is harmless.
                return end - position;
            }
            position += headerLength;
            if (isControl)
            {
                onControlFrame(slot, buffer, position, (int)payloadLength);
                position += (int)payloadLength;
            }
            else
            {
                onDataFrameHeader(slot, payloadLength);
            }
        }
        return 0;
    }

    /**
     * Forget a connection's frame state, ready for the slot's next use.
     */
    void reset(final int slot)
    {
        table.rxRemaining[slot] = 0;
        table.rxMessageOpcodes[slot] = 0;
        table.rxMessageLengths[slot] = 0;
        table.rxFrameFlags[slot] = 0;
        table.rxFirstBytes[slot] = -1;
    }

    private boolean accept(final int slot)
    {
        final int openOpcode = table.rxMessageOpcodes[slot];
        rules.resume(openOpcode, openOpcode == Opcode.CONTINUATION ? 0 : table.rxMessageLengths[slot]);
        final FrameError error = rules.onHeader(header);
        if (error != FrameError.NONE)
        {
            listener.onProtocolError(slot, error);
            return false;
        }
        return true;
    }

    private void onDataFrameHeader(final int slot, final long payloadLength)
    {
        if (header.opcode() != Opcode.CONTINUATION)
        {
            table.rxFirstBytes[slot] = -1;
        }
        table.rxMessageOpcodes[slot] = rules.messageOpen() ? rules.messageOpcode() : Opcode.CONTINUATION;
        table.rxMessageLengths[slot] = rules.messagePayloadSoFar();
        table.rxFrameFlags[slot] = (header.fin() ? ClientTable.RX_FINAL : 0) |
            (rules.messageOpcode() == Opcode.TEXT ? ClientTable.RX_TEXT : 0);
        table.rxRemaining[slot] = payloadLength;
        if (payloadLength == 0)
        {
            onDataFrameEnd(slot);
        }
    }

    private int onPayload(final int slot, final DirectBuffer buffer, final int position, final int available)
    {
        final int used = (int)Math.min(available, table.rxRemaining[slot]);
        if (table.rxFirstBytes[slot] < 0)
        {
            table.rxFirstBytes[slot] = buffer.getByte(position) & 0xFF;
        }
        listener.onPayload(slot, buffer, position, used, table.rxMessageLengths[slot] - table.rxRemaining[slot]);
        table.rxRemaining[slot] -= used;
        if (table.rxRemaining[slot] == 0)
        {
            onDataFrameEnd(slot);
        }
        return used;
    }

    private void onDataFrameEnd(final int slot)
    {
        final int frameFlags = table.rxFrameFlags[slot];
        if ((frameFlags & ClientTable.RX_FINAL) != 0)
        {
            listener.onMessage(slot, (frameFlags & ClientTable.RX_TEXT) != 0, table.rxMessageLengths[slot],
                table.rxFirstBytes[slot]);
        }
    }

    private void onControlFrame(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (header.opcode())
        {
            case Opcode.PING:
                listener.onPing(slot, buffer, offset, length);
                break;
            case Opcode.PONG:
                listener.onPong(slot);
                break;
            default:
                listener.onClose(slot, buffer, offset, length);
                break;
        }
    }
}
