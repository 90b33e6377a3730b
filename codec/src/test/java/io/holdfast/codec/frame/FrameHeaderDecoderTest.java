package io.holdfast.codec.frame;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.holdfast.codec.TestBytes.bufferAt;
import static io.holdfast.codec.TestBytes.bytes;
import static io.holdfast.codec.TestBytes.concat;
import static io.holdfast.codec.frame.FrameHeaderDecoder.NEED_MORE;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameHeaderDecoderTest
{
    private static final int OFFSET = 5;

    private final FrameHeaderDecoder decoder = new FrameHeaderDecoder();
    private long sink;

    @Test
    void shouldDecodeSingleFrameUnmaskedText()
    {
        assertHeader(UNMASKED_TEXT_HELLO, true, Opcode.TEXT, false, 5, 0, 2);
        assertPayload(UNMASKED_TEXT_HELLO, HELLO);
    }

    @Test
    void shouldDecodeSingleFrameMaskedText()
    {
        assertHeader(MASKED_TEXT_HELLO, true, Opcode.TEXT, true, 5, HELLO_KEY, 6);
        assertPayload(MASKED_TEXT_HELLO, HELLO);
    }

    @Test
    void shouldDecodeFragmentedUnmaskedText()
    {
        assertHeader(FRAGMENT_HEL, false, Opcode.TEXT, false, 3, 0, 2);
        assertPayload(FRAGMENT_HEL, bytes('H', 'e', 'l'));
        assertHeader(FRAGMENT_LO, true, Opcode.CONTINUATION, false, 2, 0, 2);
        assertPayload(FRAGMENT_LO, bytes('l', 'o'));
    }

    @Test
    void shouldDecodeFragmentsBackToBackInOneWindow()
    {
        final byte[] stream = concat(FRAGMENT_HEL, FRAGMENT_LO);
        final UnsafeBuffer buffer = bufferAt(OFFSET, stream, 64);

        assertEquals(2, decoder.decode(buffer, OFFSET, stream.length));
        assertFalse(decoder.fin());
        final int second = OFFSET + 2 + 3;
        assertEquals(2, decoder.decode(buffer, second, stream.length - 5));
        assertTrue(decoder.fin());
        assertEquals(Opcode.CONTINUATION, decoder.opcode());
        assertEquals(2, decoder.payloadLength());
    }

    @Test
    void shouldDecodeUnmaskedPingAndMaskedPong()
    {
        assertHeader(UNMASKED_PING_HELLO, true, Opcode.PING, false, 5, 0, 2);
        assertPayload(UNMASKED_PING_HELLO, HELLO);
        assertHeader(MASKED_PONG_HELLO, true, Opcode.PONG, true, 5, HELLO_KEY, 6);
        assertPayload(MASKED_PONG_HELLO, HELLO);
    }

    @Test
    void shouldDecode256ByteBinaryWith16BitLength()
    {
        final byte[] frame = concat(BINARY_256_HEADER, binaryPayload(256));
        assertHeader(frame, true, Opcode.BINARY, false, 256, 0, 4);
        assertPayload(frame, binaryPayload(256));
    }

    @Test
    void shouldDecode64KibBinaryWith64BitLength()
    {
        final byte[] frame = concat(BINARY_64K_HEADER, binaryPayload(65536));
        assertHeader(frame, true, Opcode.BINARY, false, 65536, 0, 10);
        assertPayload(frame, binaryPayload(65536));
    }

    @Test
    void shouldNeedMoreForEveryProperPrefixOfEachLengthForm()
    {
        final byte[][] headers =
        {
            UNMASKED_TEXT_HELLO, MASKED_TEXT_HELLO, BINARY_256_HEADER, BINARY_64K_HEADER,
            bytes(0x82, 0xFE, 0x01, 0x00, 1, 2, 3, 4),
            bytes(0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4),
        };
        final int[] headerLengths = {2, 6, 4, 10, 8, 14};

        for (int i = 0; i < headers.length; i++)
        {
            final UnsafeBuffer buffer = bufferAt(OFFSET, headers[i], 64);
            for (int length = 0; length < headerLengths[i]; length++)
            {
                assertEquals(NEED_MORE, decoder.decode(buffer, OFFSET, length), "header " + i + " prefix " + length);
            }
            assertEquals(headerLengths[i], decoder.decode(buffer, OFFSET, headerLengths[i]));
            assertEquals(headerLengths[i], decoder.headerLength());
        }
    }

    @Test
    void shouldDecode64BitLengthWithTopBitSetForRulesToReject()
    {
        final byte[] header = bytes(0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1);
        final UnsafeBuffer buffer = bufferAt(OFFSET, header, 32);

        assertEquals(10, decoder.decode(buffer, OFFSET, header.length));
        assertEquals(Long.MIN_VALUE + 1, decoder.payloadLength());
        assertTrue(decoder.payloadLength() < 0);
    }

    @Test
    void shouldDecodeReservedBitsAndOpcodesFaithfully()
    {
        final UnsafeBuffer buffer = bufferAt(OFFSET, bytes(0x7F, 0x00), 16);

        assertEquals(2, decoder.decode(buffer, OFFSET, 2));
        assertFalse(decoder.fin());
        assertEquals(7, decoder.rsv());
        assertEquals(15, decoder.opcode());

        buffer.putByte(OFFSET, (byte)0xC3);
        decoder.decode(buffer, OFFSET, 2);
        assertTrue(decoder.fin());
        assertEquals(4, decoder.rsv());
        assertEquals(3, decoder.opcode());

        buffer.putByte(OFFSET, (byte)0x91);
        decoder.decode(buffer, OFFSET, 2);
        assertEquals(1, decoder.rsv());
        assertEquals(Opcode.TEXT, decoder.opcode());
    }

    @Test
    void shouldDecodeLengthBoundaries()
    {
        assertLength(bytes(0x82, 125), 125, 2);
        assertLength(bytes(0x82, 126, 0x00, 0x7E), 126, 4);
        assertLength(bytes(0x82, 126, 0xFF, 0xFF), 65535, 4);
        assertLength(bytes(0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0), 65536, 10);
        assertLength(bytes(0x82, 127, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), Long.MAX_VALUE, 10);
    }

    @Test
    void shouldNotAllocateWhenDecoding()
    {
        final UnsafeBuffer buffer = bufferAt(OFFSET, concat(MASKED_TEXT_HELLO, BINARY_64K_HEADER), 64);
        final int length = MASKED_TEXT_HELLO.length + BINARY_64K_HEADER.length;
        final Runnable decode = () ->
        {
            sink += decoder.decode(buffer, OFFSET, length);
            sink += decoder.payloadLength() + decoder.maskingKey();
            sink += decoder.decode(buffer, OFFSET + MASKED_TEXT_HELLO.length, BINARY_64K_HEADER.length);
            sink += decoder.decode(buffer, OFFSET, 3);
        };

        assertEquals(0, AllocationMeter.allocatedBytes(decode));
        assertTrue(sink != 0);
    }

    private void assertLength(final byte[] header, final long payloadLength, final int headerLength)
    {
        final UnsafeBuffer buffer = bufferAt(OFFSET, header, 32);
        assertEquals(headerLength, decoder.decode(buffer, OFFSET, header.length));
        assertEquals(payloadLength, decoder.payloadLength());
    }

    private void assertHeader(
        final byte[] frame,
        final boolean fin,
        final int opcode,
        final boolean masked,
        final long payloadLength,
        final int maskingKey,
        final int headerLength)
    {
        final UnsafeBuffer buffer = bufferAt(OFFSET, frame, frame.length + 2 * OFFSET);

        assertEquals(headerLength, decoder.decode(buffer, OFFSET, frame.length));
        assertEquals(fin, decoder.fin());
        assertEquals(0, decoder.rsv());
        assertEquals(opcode, decoder.opcode());
        assertEquals(masked, decoder.masked());
        assertEquals(payloadLength, decoder.payloadLength());
        assertEquals(maskingKey, decoder.maskingKey());
        assertEquals(headerLength, decoder.headerLength());
    }

    private void assertPayload(final byte[] frame, final byte[] expectedPayload)
    {
        final UnsafeBuffer buffer = bufferAt(OFFSET, frame, frame.length + 2 * OFFSET);
        final int headerLength = decoder.decode(buffer, OFFSET, frame.length);
        final int payloadLength = (int)decoder.payloadLength();
        assertEquals(frame.length - headerLength, payloadLength);

        if (decoder.masked())
        {
            Masking.mask(buffer, OFFSET + headerLength, payloadLength, decoder.maskingKey(), 0);
        }
        final byte[] payload = new byte[payloadLength];
        buffer.getBytes(OFFSET + headerLength, payload);
        assertArrayEquals(expectedPayload, payload);
    }
}
