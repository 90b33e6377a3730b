package io.holdfast.codec.frame;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameRulesTest
{
    private static final long MAX_FRAME = 1000;
    private static final long MAX_MESSAGE = 2500;
    private static final int KEY = 0x01020304;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final FrameHeaderDecoder header = new FrameHeaderDecoder();
    private FrameRules rules;
    private boolean serverSide;

    private void useRules(final boolean serverSide)
    {
        this.serverSide = serverSide;
        rules = new FrameRules(serverSide, MAX_FRAME, MAX_MESSAGE);
    }

    /** A frame as its peer should send it: masked towards a server, unmasked towards a client. */
    private FrameError onFrame(final boolean fin, final int rsv, final int opcode, final long payloadLength)
    {
        return onFrame(fin, rsv, opcode, payloadLength, serverSide);
    }

    private FrameError onFrame(
        final boolean fin, final int rsv, final int opcode, final long payloadLength, final boolean masked)
    {
        final int length = FrameHeaderEncoder.encode(buffer, 1, fin, rsv, opcode, payloadLength, masked, KEY);
        assertEquals(length, header.decode(buffer, 1, length));
        return rules.onHeader(header);
    }

    private void assertError(final FrameError expected, final int closeCode, final FrameError actual)
    {
        assertEquals(expected, actual);
        assertEquals(closeCode, actual.closeCode());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldAcceptRfcFragmentedMessageWithInterleavedPing(final boolean serverSide)
    {
        useRules(serverSide);

        assertEquals(FrameError.NONE, onFrame(false, 0, Opcode.TEXT, 3));
        assertTrue(rules.messageOpen());
        assertEquals(Opcode.TEXT, rules.messageOpcode());
        assertEquals(3, rules.messagePayloadSoFar());

        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.PING, 5));
        assertTrue(rules.messageOpen());
        assertEquals(Opcode.TEXT, rules.messageOpcode());
        assertEquals(3, rules.messagePayloadSoFar());

        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.CONTINUATION, 2));
        assertFalse(rules.messageOpen());
        assertEquals(Opcode.TEXT, rules.messageOpcode());
        assertEquals(5, rules.messagePayloadSoFar());

        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.BINARY, 7));
        assertFalse(rules.messageOpen());
        assertEquals(Opcode.BINARY, rules.messageOpcode());
        assertEquals(7, rules.messagePayloadSoFar());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRejectContinuationWithoutMessage(final boolean serverSide)
    {
        useRules(serverSide);
        assertError(FrameError.CONTINUATION_WITHOUT_MESSAGE, 1002, onFrame(true, 0, Opcode.CONTINUATION, 1));

        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.TEXT, 1));
        assertError(FrameError.CONTINUATION_WITHOUT_MESSAGE, 1002, onFrame(false, 0, Opcode.CONTINUATION, 1));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRejectDataFrameInsideMessage(final boolean serverSide)
    {
        useRules(serverSide);
        assertEquals(FrameError.NONE, onFrame(false, 0, Opcode.BINARY, 10));

        assertError(FrameError.DATA_FRAME_INSIDE_MESSAGE, 1002, onFrame(true, 0, Opcode.TEXT, 1));
        assertError(FrameError.DATA_FRAME_INSIDE_MESSAGE, 1002, onFrame(false, 0, Opcode.BINARY, 1));
        assertTrue(rules.messageOpen());
        assertEquals(Opcode.BINARY, rules.messageOpcode());
        assertEquals(10, rules.messagePayloadSoFar());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRejectControlFrameTooLong(final boolean serverSide)
    {
        useRules(serverSide);
        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.PING, 125));
        assertError(FrameError.CONTROL_FRAME_TOO_LONG, 1002, onFrame(true, 0, Opcode.PING, 126));
        assertError(FrameError.CONTROL_FRAME_TOO_LONG, 1002, onFrame(true, 0, Opcode.PONG, 65536));
        assertError(FrameError.CONTROL_FRAME_TOO_LONG, 1002, onFrame(true, 0, Opcode.CLOSE, 200));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRejectFragmentedControlFrame(final boolean serverSide)
    {
        useRules(serverSide);
        assertError(FrameError.CONTROL_FRAME_FRAGMENTED, 1002, onFrame(false, 0, Opcode.PING, 0));
        assertError(FrameError.CONTROL_FRAME_FRAGMENTED, 1002, onFrame(false, 0, Opcode.CLOSE, 2));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRejectEveryReservedOpcode(final boolean serverSide)
    {
        useRules(serverSide);
        for (int opcode = 0; opcode < 16; opcode++)
        {
            final boolean reserved = (opcode >= 3 && opcode <= 7) || opcode >= 11;
            assertEquals(reserved, Opcode.isReserved(opcode));
            if (reserved)
            {
                assertError(FrameError.RESERVED_OPCODE, 1002, onFrame(true, 0, opcode, 0));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRejectRsvBitsUnlessAllowed(final boolean serverSide)
    {
        useRules(serverSide);
        for (int rsv = 1; rsv < 8; rsv++)
        {
            assertError(FrameError.RESERVED_BITS_SET, 1002, onFrame(true, rsv, Opcode.TEXT, 1));
        }

        rules.allowRsvBits(4);
        assertEquals(FrameError.NONE, onFrame(true, 4, Opcode.TEXT, 1));
        assertError(FrameError.RESERVED_BITS_SET, 1002, onFrame(true, 2, Opcode.TEXT, 1));
        assertError(FrameError.RESERVED_BITS_SET, 1002, onFrame(true, 5, Opcode.BINARY, 1));
    }

    @Test
    void shouldRejectUnmaskedClientFrameOnServerSide()
    {
        useRules(true);
        assertError(FrameError.UNMASKED_CLIENT_FRAME, 1002, onFrame(true, 0, Opcode.TEXT, 5, false));
        assertError(FrameError.UNMASKED_CLIENT_FRAME, 1002, onFrame(true, 0, Opcode.PING, 0, false));
    }

    @Test
    void shouldRejectMaskedServerFrameOnClientSide()
    {
        useRules(false);
        assertError(FrameError.MASKED_SERVER_FRAME, 1002, onFrame(true, 0, Opcode.TEXT, 5, true));
        assertError(FrameError.MASKED_SERVER_FRAME, 1002, onFrame(true, 0, Opcode.CLOSE, 2, true));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRejectPayloadLengthWithTopBitSet(final boolean serverSide)
    {
        useRules(serverSide);
        buffer.putByte(0, (byte)0x82);
        buffer.putByte(1, (byte)(serverSide ? 0xFF : 0x7F));
        buffer.putLong(2, 0x8000_0000_0000_0005L, ByteOrder.BIG_ENDIAN);
        buffer.putInt(10, KEY);
        final int length = serverSide ? 14 : 10;

        assertEquals(length, header.decode(buffer, 0, length));
        assertError(FrameError.PAYLOAD_LENGTH_TOO_LARGE, 1002, rules.onHeader(header));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRejectFrameTooLong(final boolean serverSide)
    {
        useRules(serverSide);
        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.BINARY, MAX_FRAME));
        assertError(FrameError.FRAME_TOO_LONG, 1009, onFrame(true, 0, Opcode.BINARY, MAX_FRAME + 1));
        assertError(FrameError.FRAME_TOO_LONG, 1009, onFrame(true, 0, Opcode.TEXT, Long.MAX_VALUE));

        assertEquals(FrameError.NONE, onFrame(false, 0, Opcode.TEXT, 1));
        assertError(FrameError.FRAME_TOO_LONG, 1009, onFrame(true, 0, Opcode.CONTINUATION, MAX_FRAME + 1));
    }

    @Test
    void shouldRejectControlFrameAboveSmallFrameLimit()
    {
        serverSide = true;
        rules = new FrameRules(true, 16, 16);
        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.PING, 16));
        assertError(FrameError.FRAME_TOO_LONG, 1009, onFrame(true, 0, Opcode.PING, 17));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRejectMessageTooLong(final boolean serverSide)
    {
        useRules(serverSide);
        assertEquals(FrameError.NONE, onFrame(false, 0, Opcode.TEXT, MAX_FRAME));
        assertEquals(FrameError.NONE, onFrame(false, 0, Opcode.CONTINUATION, MAX_FRAME));
        assertError(FrameError.MESSAGE_TOO_LONG, 1009, onFrame(true, 0, Opcode.CONTINUATION, MAX_MESSAGE - 1999));
        assertEquals(2 * MAX_FRAME, rules.messagePayloadSoFar());
        assertTrue(rules.messageOpen());

        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.CONTINUATION, MAX_MESSAGE - 2 * MAX_FRAME));
        assertEquals(MAX_MESSAGE, rules.messagePayloadSoFar());
        assertFalse(rules.messageOpen());
    }

    @Test
    void shouldRejectSingleFrameMessageAboveMessageLimitAndNotOverflow()
    {
        serverSide = false;
        rules = new FrameRules(false, Long.MAX_VALUE, 100);
        assertError(FrameError.MESSAGE_TOO_LONG, 1009, onFrame(true, 0, Opcode.BINARY, 101));

        rules = new FrameRules(false, Long.MAX_VALUE, Long.MAX_VALUE);
        assertEquals(FrameError.NONE, onFrame(false, 0, Opcode.BINARY, Long.MAX_VALUE - 10));
        assertError(FrameError.MESSAGE_TOO_LONG, 1009, onFrame(true, 0, Opcode.CONTINUATION, Long.MAX_VALUE));
        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.CONTINUATION, 10));
        assertEquals(Long.MAX_VALUE, rules.messagePayloadSoFar());
    }

    @Test
    void shouldCheckInDocumentedOrder()
    {
        useRules(true);
        assertEquals(FrameError.RESERVED_BITS_SET, onFrame(false, 1, 0xB, 200, false));
        assertEquals(FrameError.RESERVED_OPCODE, onFrame(false, 0, 0xB, 200, false));
        assertEquals(FrameError.UNMASKED_CLIENT_FRAME, onFrame(false, 0, Opcode.PING, 200, false));
        assertEquals(FrameError.CONTROL_FRAME_TOO_LONG, onFrame(false, 0, Opcode.PING, 200));
        assertEquals(FrameError.CONTINUATION_WITHOUT_MESSAGE, onFrame(true, 0, Opcode.CONTINUATION, MAX_MESSAGE + 1));
        assertEquals(FrameError.FRAME_TOO_LONG, onFrame(true, 0, Opcode.TEXT, MAX_MESSAGE + 1));

        assertEquals(FrameError.NONE, onFrame(false, 0, Opcode.TEXT, 1));
        assertEquals(FrameError.DATA_FRAME_INSIDE_MESSAGE, onFrame(true, 0, Opcode.BINARY, MAX_FRAME + 1));
    }

    @Test
    void shouldResetStateAndAllowedBits()
    {
        useRules(true);
        rules.allowRsvBits(4);
        assertEquals(FrameError.NONE, onFrame(false, 4, Opcode.BINARY, 10));

        rules.reset();

        assertFalse(rules.messageOpen());
        assertEquals(Opcode.CONTINUATION, rules.messageOpcode());
        assertEquals(0, rules.messagePayloadSoFar());
        assertEquals(FrameError.CONTINUATION_WITHOUT_MESSAGE, onFrame(true, 0, Opcode.CONTINUATION, 1));
        assertEquals(FrameError.RESERVED_BITS_SET, onFrame(true, 4, Opcode.TEXT, 1));
        assertEquals(FrameError.NONE, onFrame(true, 0, Opcode.TEXT, 1));
    }

    @Test
    void shouldRefuseNegativeLimits()
    {
        assertThrows(IllegalArgumentException.class, () -> new FrameRules(true, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> new FrameRules(true, 10, -1));
    }

    @Test
    void shouldGiveEveryErrorItsCloseCodeAndShortAsciiReason()
    {
        assertEquals(0, FrameError.NONE.closeCode());
        assertEquals(1007, FrameError.INVALID_UTF8.closeCode());
        assertEquals(1002, FrameError.INVALID_CLOSE_PAYLOAD.closeCode());
        assertEquals(1002, FrameError.INVALID_CLOSE_CODE.closeCode());
        assertEquals(1009, FrameError.MESSAGE_TOO_LONG.closeCode());

        for (final FrameError error : FrameError.values())
        {
            final String reason = error.reason();
            final byte[] ascii = reason.getBytes(StandardCharsets.US_ASCII);
            assertEquals(reason, new String(ascii, StandardCharsets.US_ASCII), error.name());
            assertTrue(ascii.length <= 123, error.name());
            if (error != FrameError.NONE)
            {
                assertFalse(reason.isEmpty(), error.name());
                assertTrue(error.closeCode() == 1002 || error.closeCode() == 1007 || error.closeCode() == 1009);
            }
        }
    }

    @Test
    void shouldNotAllocateWhenJudgingHeaders()
    {
        useRules(true);
        final UnsafeBuffer frames = new UnsafeBuffer(new byte[64]);
        final int first = FrameHeaderEncoder.encode(frames, 0, false, 0, Opcode.TEXT, 10, true, KEY);
        final int ping = FrameHeaderEncoder.encode(frames, first, true, 0, Opcode.PING, 4, true, KEY);
        final int last = FrameHeaderEncoder.encode(frames, first + ping, true, 0, Opcode.CONTINUATION, 5, true, KEY);
        final int bad = FrameHeaderEncoder.encode(frames, first + ping + last, true, 0, 0xF, 5, true, KEY);
        final int[] offsets = {0, first, first + ping, first + ping + last};
        final int[] lengths = {first, ping, last, bad};
        final FrameError[] expected = {FrameError.NONE, FrameError.NONE, FrameError.NONE, FrameError.RESERVED_OPCODE};
        final int[] mismatches = new int[1];

        final Runnable judge = () ->
        {
            for (int i = 0; i < offsets.length; i++)
            {
                header.decode(frames, offsets[i], lengths[i]);
                if (rules.onHeader(header) != expected[i])
                {
                    mismatches[0]++;
                }
            }
        };

        assertEquals(0, AllocationMeter.allocatedBytes(judge));
        assertEquals(0, mismatches[0]);
    }
}
