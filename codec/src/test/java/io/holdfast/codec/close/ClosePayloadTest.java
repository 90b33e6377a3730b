package io.holdfast.codec.close;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.holdfast.codec.AllocationMeter;
import io.holdfast.codec.frame.FrameError;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClosePayloadTest
{
    private static final int OFFSET = 5;
    private static final byte[] GOODBYE = ClosePayload.asciiReason("server shutting down");

    private final ClosePayload closePayload = new ClosePayload();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private int sink;

    @Test
    void shouldReadEmptyPayloadAsNoStatusReceived()
    {
        assertEquals(FrameError.NONE, closePayload.parse(buffer, OFFSET, 0));
        assertEquals(CloseCodes.NO_STATUS_RECEIVED, closePayload.code());
        assertEquals(0, closePayload.reasonLength());
    }

    @Test
    void shouldRejectOneBytePayload()
    {
        buffer.putByte(OFFSET, (byte)0x03);
        assertEquals(FrameError.INVALID_CLOSE_PAYLOAD, closePayload.parse(buffer, OFFSET, 1));
    }

    @Test
    void shouldCheckCodeAtEveryRangeBoundary()
    {
        final int[] codes = {999, 1000, 1003, 1004, 1005, 1006, 1007, 1014, 1015, 1016, 2999, 3000, 4999, 5000, 65535};
        final boolean[] valid = {false, true, true, false, false, false, true, true, false, false, false, true, true,
            false, false};
        for (int i = 0; i < codes.length; i++)
        {
            buffer.putShort(OFFSET, (short)codes[i], ByteOrder.BIG_ENDIAN);
            final FrameError expected = valid[i] ? FrameError.NONE : FrameError.INVALID_CLOSE_CODE;
            assertEquals(expected, closePayload.parse(buffer, OFFSET, 2), Integer.toString(codes[i]));
            assertEquals(codes[i], closePayload.code());
            assertEquals(0, closePayload.reasonLength());
        }
    }

    @Test
    void shouldReadCodeAndReason()
    {
        final byte[] reason = "bye \u03BA\u1F79\u03C3\u03BC\u03B5".getBytes(StandardCharsets.UTF_8);
        buffer.putShort(OFFSET, (short)4321, ByteOrder.BIG_ENDIAN);
        buffer.putBytes(OFFSET + 2, reason);

        assertEquals(FrameError.NONE, closePayload.parse(buffer, OFFSET, 2 + reason.length));
        assertEquals(4321, closePayload.code());
        assertEquals(OFFSET + 2, closePayload.reasonOffset());
        assertEquals(reason.length, closePayload.reasonLength());
    }

    @Test
    void shouldRejectReasonThatIsNotUtf8()
    {
        final int[][] badReasons = {{0xFF}, {0x61, 0xC0, 0x80}, {0xED, 0xA0, 0x80}, {0x61, 0xE2, 0x82}, {0x80}};
        for (final int[] badReason : badReasons)
        {
            buffer.putShort(OFFSET, (short)CloseCodes.NORMAL, ByteOrder.BIG_ENDIAN);
            for (int i = 0; i < badReason.length; i++)
            {
                buffer.putByte(OFFSET + 2 + i, (byte)badReason[i]);
            }
            assertEquals(FrameError.INVALID_UTF8, closePayload.parse(buffer, OFFSET, 2 + badReason.length));
        }
    }

    @Test
    void shouldRejectInvalidCodeBeforeLookingAtTheReason()
    {
        buffer.putShort(OFFSET, (short)1005, ByteOrder.BIG_ENDIAN);
        buffer.putByte(OFFSET + 2, (byte)0xFF);
        assertEquals(FrameError.INVALID_CLOSE_CODE, closePayload.parse(buffer, OFFSET, 3));
    }

    @Test
    void shouldParseAPayloadLongerThanAControlFrameAllows()
    {
        final byte[] reason = new byte[200];
        Arrays.fill(reason, (byte)'x');
        final UnsafeBuffer large = new UnsafeBuffer(new byte[256]);
        large.putShort(0, (short)CloseCodes.GOING_AWAY, ByteOrder.BIG_ENDIAN);
        large.putBytes(2, reason);

        assertEquals(FrameError.NONE, closePayload.parse(large, 0, 202));
        assertEquals(200, closePayload.reasonLength());
    }

    @Test
    void shouldRoundTripCodeOnly()
    {
        assertEquals(2, ClosePayload.writePayload(buffer, OFFSET, CloseCodes.GOING_AWAY));
        assertEquals(FrameError.NONE, closePayload.parse(buffer, OFFSET, 2));
        assertEquals(CloseCodes.GOING_AWAY, closePayload.code());
        assertEquals(0, closePayload.reasonLength());
    }

    @Test
    void shouldRoundTripCodeAndReason()
    {
        final byte[] reason = "going away \u20AC\uD834\uDD1E".getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer reasonBuffer = new UnsafeBuffer(new byte[64]);
        reasonBuffer.putBytes(7, reason);

        final int length = ClosePayload.writePayload(buffer, OFFSET, 4999, reasonBuffer, 7, reason.length);

        assertEquals(2 + reason.length, length);
        assertEquals(FrameError.NONE, closePayload.parse(buffer, OFFSET, length));
        assertEquals(4999, closePayload.code());
        assertArrayEquals(reason, reasonBytes());
    }

    @Test
    void shouldRoundTripAsciiReasonConstant()
    {
        final int length = ClosePayload.writePayload(buffer, OFFSET, CloseCodes.SERVICE_RESTART, GOODBYE);

        assertEquals(2 + GOODBYE.length, length);
        assertEquals(FrameError.NONE, closePayload.parse(buffer, OFFSET, length));
        assertEquals(CloseCodes.SERVICE_RESTART, closePayload.code());
        assertEquals("server shutting down", new String(reasonBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void shouldWriteTheAnswerToEveryFrameError()
    {
        for (final FrameError error : FrameError.values())
        {
            final int length = ClosePayload.writePayload(buffer, OFFSET, error);

            assertEquals(FrameError.NONE, closePayload.parse(buffer, OFFSET, length), error.name());
            if (FrameError.NONE == error)
            {
                assertEquals(CloseCodes.NORMAL, closePayload.code());
                assertEquals(0, closePayload.reasonLength());
            }
            else
            {
                assertEquals(error.closeCode(), closePayload.code(), error.name());
                assertEquals(error.reason(), new String(reasonBytes(), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void shouldTruncateLongReasonAtACharacterBoundary()
    {
        // 122 ASCII bytes then a 2-byte character that straddles the 123-byte limit: the whole character goes.
        assertTruncatedTo(122, 122, "\u00E9\u00E9");
        // 121 ASCII bytes then a 2-byte character that ends exactly at the limit: it stays.
        assertTruncatedTo(123, 121, "\u00E9\u00E9");
        // 120 ASCII then a 4-byte character starting at byte 120: cut before it.
        assertTruncatedTo(120, 120, "\uD834\uDD1E");
        // 119 ASCII then a 4-byte character ending exactly at the limit.
        assertTruncatedTo(123, 119, "\uD834\uDD1E\uD834\uDD1E");
        // A plain ASCII reason longer than the limit is cut at the limit.
        assertTruncatedTo(123, 200, "");
    }

    @Test
    void shouldTruncateLongAsciiConstantAtTheLimit()
    {
        final byte[] tooLong = new byte[130];
        Arrays.fill(tooLong, (byte)'z');
        assertEquals(125, ClosePayload.writePayload(buffer, OFFSET, CloseCodes.NORMAL, tooLong));
    }

    @Test
    void shouldRefuseReasonConstantsThatCannotBeSent()
    {
        assertThrows(IllegalArgumentException.class, () -> ClosePayload.asciiReason("caf\u00E9"));
        assertThrows(IllegalArgumentException.class, () -> ClosePayload.asciiReason("x".repeat(124)));
        assertEquals(123, ClosePayload.asciiReason("x".repeat(123)).length);
    }

    @Test
    void shouldNotAllocateWhenParsingOrWriting()
    {
        final byte[] reason = "client going away \u03BA\u1F79\u03C3\u03BC\u03B5 \u20AC"
            .getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer reasonBuffer = new UnsafeBuffer(reason);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[128]);
        final int payloadLength = ClosePayload.writePayload(payload, 0, CloseCodes.GOING_AWAY, reasonBuffer, 0,
            reason.length);
        payload.putShort(64, (short)1005, ByteOrder.BIG_ENDIAN);
        payload.putByte(66, (byte)0xFF);

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            sink += closePayload.parse(payload, 0, payloadLength).ordinal() + closePayload.code();
            sink += closePayload.parse(payload, 64, 3).ordinal();
            sink += closePayload.parse(payload, 0, 1).ordinal();
            sink += ClosePayload.writePayload(buffer, OFFSET, CloseCodes.GOING_AWAY, reasonBuffer, 0, reason.length);
            sink += ClosePayload.writePayload(buffer, OFFSET, CloseCodes.NORMAL, GOODBYE);
            sink += ClosePayload.writePayload(buffer, OFFSET, FrameError.INVALID_UTF8);
        });

        assertEquals(0L, allocated);
    }

    private void assertTruncatedTo(final int expectedReasonLength, final int asciiPrefix, final String tail)
    {
        final byte[] reason = ("a".repeat(asciiPrefix) + tail).getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer reasonBuffer = new UnsafeBuffer(reason);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);

        final int length = ClosePayload.writePayload(out, 0, CloseCodes.NORMAL, reasonBuffer, 0, reason.length);

        assertEquals(2 + expectedReasonLength, length);
        assertEquals(FrameError.NONE, closePayload.parse(out, 0, length));
        final byte[] written = new byte[closePayload.reasonLength()];
        out.getBytes(closePayload.reasonOffset(), written);
        assertArrayEquals(Arrays.copyOf(reason, expectedReasonLength), written);
    }

    private byte[] reasonBytes()
    {
        final byte[] reason = new byte[closePayload.reasonLength()];
        buffer.getBytes(closePayload.reasonOffset(), reason);
        return reason;
    }
}
