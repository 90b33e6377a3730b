package io.holdfast.ops.load;

import io.holdfast.codec.frame.FrameError;
import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.holdfast.codec.frame.Opcode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frames from a server read as a stream, whatever the reads cut: the reader reports each message once with its
 * type, length and first byte, hands its payload over piece by piece at the right offsets, hands control frames over
 * whole, and names a broken frame.
 */
final class ServerFrameReaderTest
{
    private static final int SLOT = 0;

    private final ClientTable table = new ClientTable(1);
    private final List<String> events = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final StringBuilder payload = new StringBuilder();
    private final ServerFrameReader reader = new ServerFrameReader(table, new Recorder());
    private final UnsafeBuffer wire = new UnsafeBuffer(new byte[1 << 16]);
    private int wireLength;

    @BeforeEach
    void open()
    {
        table.states[SLOT] = ClientTable.OPEN;
        reader.reset(SLOT);
        payloads.clear();
        payload.setLength(0);
    }

    @Test
    void reportsMessagesOnceWhateverTheReadsCut()
    {
        frame(true, Opcode.TEXT, "{\"type\":\"pong\"}");
        frame(false, Opcode.BINARY, "abc");
        frame(true, Opcode.PING, "hi");
        frame(true, Opcode.CONTINUATION, "de");
        frame(true, Opcode.TEXT, "x".repeat(300));
        frame(true, Opcode.PONG, "");
        frame(true, Opcode.TEXT, "");
        final List<String> expected = List.of("message text 15 '{'", "ping hi", "message binary 5 'a'",
            "message text 300 'x'", "pong", "message text 0 -1");
        final List<String> expectedPayloads = List.of("{\"type\":\"pong\"}", "abcde", "x".repeat(300), "");

        for (int cut = 1; cut < wireLength; cut++)
        {
            events.clear();
            open();
            readInPieces(cut, wireLength);
            assertEquals(expected, events, "cut at " + cut);
            assertEquals(expectedPayloads, payloads, "cut at " + cut);
        }
        final int[] everyByte = new int[wireLength];
        Arrays.setAll(everyByte, (i) -> i + 1);
        events.clear();
        open();
        readInPieces(everyByte);
        assertEquals(expected, events, "byte by byte");
        assertEquals(expectedPayloads, payloads, "byte by byte");
    }

    @Test
    void handsTheServersCloseOverAndStopsReading()
    {
        frame(true, Opcode.CLOSE, "\u0003\u00e9bye");
        frame(true, Opcode.TEXT, "after");

        assertEquals(0, reader.onBytes(SLOT, wire, 0, wireLength));
        assertEquals(List.of("close 5"), events);
    }

    @Test
    void namesABrokenFrame()
    {
        wire.putByte(0, (byte)0x81);
        wire.putByte(1, (byte)0x81);
        wireLength = 2 + 4 + 1;

        reader.onBytes(SLOT, wire, 0, wireLength);
        assertEquals(List.of("error " + FrameError.MASKED_SERVER_FRAME), events);
    }

    @Test
    void refusesAnOversizedControlFrameBeforeWaitingForItsPayload()
    {
        final int headerLength = FrameHeaderEncoder.encode(wire, 0, true, 0, Opcode.PING, 126, false, 0);

        reader.onBytes(SLOT, wire, 0, headerLength);
        assertEquals(List.of("error " + FrameError.CONTROL_FRAME_TOO_LONG), events);
    }

    /**
     * Read the wire in pieces ending at the offsets given, as the I/O thread does: the bytes the reader leaves are
     * read again in front of the next piece.
     */
    private void readInPieces(final int... ends)
    {
        final UnsafeBuffer received = new UnsafeBuffer(new byte[wireLength]);
        int kept = 0;
        int from = 0;
        for (final int to : ends)
        {
            received.putBytes(kept, wire, from, to - from);
            final int length = kept + to - from;
            kept = reader.onBytes(SLOT, received, 0, length);
            final byte[] leftover = new byte[kept];
            received.getBytes(length - kept, leftover);
            received.putBytes(0, leftover);
            from = to;
        }
        assertEquals(0, kept, "bytes left unread at the end");
    }

    private void frame(final boolean fin, final int opcode, final String payload)
    {
        final byte[] bytes = payload.getBytes(StandardCharsets.ISO_8859_1);
        wireLength += FrameHeaderEncoder.encode(wire, wireLength, fin, 0, opcode, bytes.length, false, 0);
        wire.putBytes(wireLength, bytes);
        wireLength += bytes.length;
    }

    /**
     * Writes down what the reader reports.
     */
    private final class Recorder implements ServerFrameReader.Listener
    {
        public void onMessage(final int slot, final boolean isText, final long length, final int firstByte)
        {
            events.add("message " + (isText ? "text" : "binary") + " " + length + " " +
                (firstByte < 0 ? "-1" : "'" + (char)firstByte + "'"));
            payloads.add(payload.toString());
            payload.setLength(0);
        }

        public void onPayload(final int slot, final DirectBuffer buffer, final int offset, final int length,
            final long messageOffset)
        {
            assertEquals(payload.length(), messageOffset, "where the piece starts in the message");
            payload.append(buffer.getStringWithoutLengthAscii(offset, length));
        }

        public void onPing(final int slot, final DirectBuffer buffer, final int offset, final int length)
        {
            events.add("ping " + buffer.getStringWithoutLengthAscii(offset, length));
        }

        public void onPong(final int slot)
        {
            events.add("pong");
        }

        public void onClose(final int slot, final DirectBuffer buffer, final int offset, final int length)
        {
            events.add("close " + length);
            table.states[slot] = ClientTable.CLOSED;
        }

        public void onProtocolError(final int slot, final FrameError error)
        {
            events.add("error " + error);
            table.states[slot] = ClientTable.FAILED;
        }
    }
}
