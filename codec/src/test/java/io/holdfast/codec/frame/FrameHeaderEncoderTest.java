package io.holdfast.codec.frame;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.holdfast.codec.TestBytes.bytes;
import static io.holdfast.codec.TestBytes.concat;
import static io.holdfast.codec.frame.RfcExamples.BINARY_256_HEADER;
import static io.holdfast.codec.frame.RfcExamples.BINARY_64K_HEADER;
import static io.holdfast.codec.frame.RfcExamples.FRAGMENT_HEL;
import static io.holdfast.codec.frame.RfcExamples.FRAGMENT_LO;
import static io.holdfast.codec.frame.RfcExamples.HELLO;
import static io.holdfast.codec.frame.RfcExamples.HELLO_KEY;
import static io.holdfast.codec.frame.RfcExamples.MASKED_PONG_HELLO;
import static io.holdfast.codec.frame.RfcExamples.MASKED_TEXT_HELLO;
import static io.holdfast.codec.frame.RfcExamples.UNMASKED_PING_HELLO;
import static io.holdfast.codec.frame.RfcExamples.UNMASKED_TEXT_HELLO;
import static io.holdfast.codec.frame.RfcExamples.binaryPayload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameHeaderEncoderTest
{
    private static final int OFFSET = 3;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[70_000]);
    private final FrameHeaderDecoder decoder = new FrameHeaderDecoder();
    private long sink;

    @Test
    void shouldComputeMinimalHeaderLengths()
    {
        assertEquals(2, FrameHeaderEncoder.headerLength(0, false));
        assertEquals(2, FrameHeaderEncoder.headerLength(125, false));
        assertEquals(4, FrameHeaderEncoder.headerLength(126, false));
        assertEquals(4, FrameHeaderEncoder.headerLength(65535, false));
        assertEquals(10, FrameHeaderEncoder.headerLength(65536, false));
        assertEquals(10, FrameHeaderEncoder.headerLength(Long.MAX_VALUE, false));
        assertEquals(6, FrameHeaderEncoder.headerLength(0, true));
        assertEquals(8, FrameHeaderEncoder.headerLength(126, true));
        assertEquals(14, FrameHeaderEncoder.headerLength(65536, true));
    }

    @Test
    void shouldEncodeRfcSingleFrameUnmaskedText()
    {
        assertFrame(UNMASKED_TEXT_HELLO, true, Opcode.TEXT, HELLO, false, 0);
    }

    @Test
    void shouldEncodeRfcSingleFrameMaskedText()
    {
        assertFrame(MASKED_TEXT_HELLO, true, Opcode.TEXT, HELLO, true, HELLO_KEY);
    }

    @Test
    void shouldEncodeRfcFragmentedUnmaskedText()
    {
        assertFrame(FRAGMENT_HEL, false, Opcode.TEXT, bytes('H', 'e', 'l'), false, 0);
        assertFrame(FRAGMENT_LO, true, Opcode.CONTINUATION, bytes('l', 'o'), false, 0);
    }

    @Test
    void shouldEncodeRfcUnmaskedPingAndMaskedPong()
    {
        assertFrame(UNMASKED_PING_HELLO, true, Opcode.PING, HELLO, false, 0);
        assertFrame(MASKED_PONG_HELLO, true, Opcode.PONG, HELLO, true, HELLO_KEY);
    }

    @Test
    void shouldEncodeRfc256ByteAnd64KibBinary()
    {
        assertFrame(concat(BINARY_256_HEADER, binaryPayload(256)), true, Opcode.BINARY, binaryPayload(256), false, 0);
        assertFrame(
            concat(BINARY_64K_HEADER, binaryPayload(65536)), true, Opcode.BINARY, binaryPayload(65536), false, 0);
    }

    @Test
    void shouldEncodeLengthBoundariesMinimally()
    {
        assertHeaderBytes(bytes(0x82, 125), 125, false, 0);
        assertHeaderBytes(bytes(0x82, 0x7E, 0x00, 0x7E), 126, false, 0);
        assertHeaderBytes(bytes(0x82, 0x7E, 0xFF, 0xFF), 65535, false, 0);
        assertHeaderBytes(bytes(0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0), 65536, false, 0);
        assertHeaderBytes(
            bytes(0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02, 0x03, 0x04),
            Long.MAX_VALUE, true, 0x01020304);
    }

    @Test
    void shouldEncodeRsvBitsAndRoundTripThroughDecoder()
    {
        final long[] lengths = {0, 1, 125, 126, 127, 65535, 65536, 1L << 32, Long.MAX_VALUE};
        for (final long length : lengths)
        {
            for (int rsv = 0; rsv < 8; rsv++)
            {
                final boolean masked = (rsv & 1) == 0;
                final boolean fin = rsv < 4;
                final int opcode = rsv + 3;
                final int written = FrameHeaderEncoder.encode(buffer, OFFSET, fin, rsv, opcode, length, masked, -rsv);

                assertEquals(FrameHeaderEncoder.headerLength(length, masked), written);
                assertEquals(written, decoder.decode(buffer, OFFSET, written));
                assertEquals(fin, decoder.fin());
                assertEquals(rsv, decoder.rsv());
                assertEquals(opcode, decoder.opcode());
                assertEquals(masked, decoder.masked());
                assertEquals(length, decoder.payloadLength());
                assertEquals(masked ? -rsv : 0, decoder.maskingKey());
            }
        }
    }

    @Test
    void shouldNotAllocateWhenEncoding()
    {
        final Runnable encode = () ->
        {
            sink += FrameHeaderEncoder.encode(buffer, OFFSET, true, 0, Opcode.TEXT, 5, false, 0);
            sink += FrameHeaderEncoder.encode(buffer, OFFSET, false, 4, Opcode.BINARY, 300, true, HELLO_KEY);
            sink += FrameHeaderEncoder.encode(buffer, OFFSET, true, 0, Opcode.CONTINUATION, 70_000, true, -1);
            sink += FrameHeaderEncoder.headerLength(sink & 0xFFFFF, true);
        };

        assertEquals(0, AllocationMeter.allocatedBytes(encode));
        assertTrue(sink != 0);
    }

    private void assertFrame(
        final byte[] expected,
        final boolean fin,
        final int opcode,
        final byte[] payload,
        final boolean masked,
        final int maskingKey)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        final int headerLength =
            FrameHeaderEncoder.encode(buffer, OFFSET, fin, 0, opcode, payload.length, masked, maskingKey);
        buffer.putBytes(OFFSET + headerLength, payload);
        if (masked)
        {
            Masking.mask(buffer, OFFSET + headerLength, payload.length, maskingKey, 0);
        }

        final byte[] actual = new byte[headerLength + payload.length];
        buffer.getBytes(OFFSET, actual);
        assertArrayEquals(expected, actual);
    }

    private void assertHeaderBytes(
        final byte[] expected, final long payloadLength, final boolean masked, final int maskingKey)
    {
        final int headerLength =
            FrameHeaderEncoder.encode(buffer, OFFSET, true, 0, Opcode.BINARY, payloadLength, masked, maskingKey);
        final byte[] actual = new byte[headerLength];
        buffer.getBytes(OFFSET, actual);
        assertArrayEquals(expected, actual);
    }
}
