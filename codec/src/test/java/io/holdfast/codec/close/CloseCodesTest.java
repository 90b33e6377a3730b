package io.holdfast.codec.close;

import io.holdfast.codec.AllocationMeter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloseCodesTest
{
    private int sink;

    @Test
    void shouldHaveTheRegisteredValues()
    {
        assertEquals(1000, CloseCodes.NORMAL);
        assertEquals(1001, CloseCodes.GOING_AWAY);
        assertEquals(1002, CloseCodes.PROTOCOL_ERROR);
        assertEquals(1003, CloseCodes.UNSUPPORTED_DATA);
        assertEquals(1005, CloseCodes.NO_STATUS_RECEIVED);
        assertEquals(1006, CloseCodes.ABNORMAL_CLOSURE);
        assertEquals(1007, CloseCodes.INVALID_PAYLOAD);
        assertEquals(1008, CloseCodes.POLICY_VIOLATION);
        assertEquals(1009, CloseCodes.MESSAGE_TOO_BIG);
        assertEquals(1010, CloseCodes.MANDATORY_EXTENSION);
        assertEquals(1011, CloseCodes.INTERNAL_ERROR);
        assertEquals(1012, CloseCodes.SERVICE_RESTART);
        assertEquals(1013, CloseCodes.TRY_AGAIN_LATER);
        assertEquals(1014, CloseCodes.BAD_GATEWAY);
    }

    @Test
    void shouldAcceptCodesDefinedForTheWire()
    {
        final int[] valid = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
            4999};
        for (final int code : valid)
        {
            assertTrue(CloseCodes.isValidOnWire(code), Integer.toString(code));
        }
    }

    @Test
    void shouldRejectCodesNotAllowedOnTheWire()
    {
        final int[] invalid = {Integer.MIN_VALUE, -1, 0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000,
            65535, 65536, Integer.MAX_VALUE};
        for (final int code : invalid)
        {
            assertFalse(CloseCodes.isValidOnWire(code), Integer.toString(code));
        }
    }

    @Test
    void shouldMatchTheRangesForEverySixteenBitCode()
    {
        for (int code = 0; code <= 0xFFFF; code++)
        {
            final boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                (code >= 3000 && code <= 4999);
            assertEquals(expected, CloseCodes.isValidOnWire(code), Integer.toString(code));
        }
    }

    @Test
    void shouldNotAllocateWhenCheckingCodes()
    {
        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            for (int code = 990; code < 1020; code++)
            {
                sink += CloseCodes.isValidOnWire(code) ? 1 : 0;
            }
            sink += CloseCodes.isValidOnWire(sink & 0xFFFF) ? 1 : 0;
        });

        assertEquals(0L, allocated);
    }
}
