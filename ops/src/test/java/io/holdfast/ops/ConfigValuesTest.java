package io.holdfast.ops;

import io.holdfast.engine.HeartbeatReply;
import io.holdfast.engine.IdleStrategyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The value forms of config files: sizes with binary units, whole numbers and names from a fixed set, and the
 * expected form each failure names, since that text reaches the operator as it is.
 */
final class ConfigValuesTest
{
    private static final int ANY_SIZE = Integer.MAX_VALUE;

    @Test
    void shouldParseSizesInBytesAndBinaryUnits()
    {
        assertEquals(512, ConfigValues.size("512", 0, ANY_SIZE));
        assertEquals(512, ConfigValues.size("512B", 0, ANY_SIZE));
        assertEquals(64 << 10, ConfigValues.size("64KiB", 0, ANY_SIZE));
        assertEquals(4 << 20, ConfigValues.size("4MiB", 0, ANY_SIZE));
        assertEquals(1 << 30, ConfigValues.size("1GiB", 0, ANY_SIZE));
        assertEquals(8 << 10, ConfigValues.size("  8KiB \t", 0, ANY_SIZE));
        assertEquals(0, ConfigValues.size("0", 0, ANY_SIZE));
    }

    @Test
    void shouldAcceptSizesAtTheirBounds()
    {
        assertEquals(125, ConfigValues.size("125", 125, 1 << 20));
        assertEquals(1 << 20, ConfigValues.size("1MiB", 125, 1 << 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "KiB", "lots", "64k", "64KB", "64kib", "64 Ki B", "1.5MiB", "-1", "+1", "0x10", "12345678901",
        "1MiB1"})
    void shouldRejectSizesInOtherForms(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.size(value, 0, ANY_SIZE));
        assertEquals("a size from 0 to " + ANY_SIZE + " bytes, such as 512, 64KiB or 4MiB", ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"124", "2MiB", "2GiB", "9999999999GiB"})
    void shouldRejectSizesOutOfRangeWithoutOverflow(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.size(value, 125, 1 << 20));
        assertEquals("a size from 125 to 1048576 bytes, such as 512, 64KiB or 4MiB", ex.getMessage());
    }

    @Test
    void shouldParseWholeNumbers()
    {
        assertEquals(8080, ConfigValues.integer("8080", 0, 65535));
        assertEquals(0, ConfigValues.integer("0", 0, 65535));
        assertEquals(65535, ConfigValues.integer(" 65535 ", 0, 65535));
        assertEquals(Integer.MAX_VALUE, ConfigValues.integer("2147483647", 1, Integer.MAX_VALUE));
        assertEquals(-3, ConfigValues.integer("-3", -5, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "many", "4.5", "1e3", "1_000", "8KiB", "-1", "65536", "99999999999999999999"})
    void shouldRejectWholeNumbersInOtherFormsOrOutOfRange(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.integer(value, 0, 65535));
        assertEquals("a whole number from 0 to 65535", ex.getMessage());
    }

    @Test
    void shouldParseChoicesByLowerCaseNameWithDashes()
    {
        assertEquals(IdleStrategyType.BUSY_SPIN, ConfigValues.choice("busy-spin", IdleStrategyType.class));
        assertEquals(IdleStrategyType.BACKOFF, ConfigValues.choice("backoff", IdleStrategyType.class));
        assertEquals(IdleStrategyType.SLEEPING, ConfigValues.choice(" sleeping ", IdleStrategyType.class));
        assertEquals(HeartbeatReply.FRAME, ConfigValues.choice("frame", HeartbeatReply.class));
    }

    @Test
    void shouldParseChoicesWrittenAsConstantNames()
    {
        assertEquals(IdleStrategyType.BUSY_SPIN, ConfigValues.choice("BUSY_SPIN", IdleStrategyType.class));
        assertEquals(IdleStrategyType.YIELDING, ConfigValues.choice("Yielding", IdleStrategyType.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spin", "", "busy spin", "backoff,sleeping"})
    void shouldListAllowedNamesForAnUnknownChoice(final String value)
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> ConfigValues.choice(value, IdleStrategyType.class));
        assertEquals("one of backoff busy-spin yielding sleeping", ex.getMessage());
    }

    @Test
    void shouldParseDurationsInMillisecondsSecondsMinutesAndHours()
    {
        assertEquals(250, ConfigValues.durationMs("250ms", 0, Long.MAX_VALUE));
        assertEquals(30_000, ConfigValues.durationMs("30s", 0, Long.MAX_VALUE));
        assertEquals(300_000, ConfigValues.durationMs(" 5m ", 0, Long.MAX_VALUE));
        assertEquals(3_600_000, ConfigValues.durationMs("1h", 0, Long.MAX_VALUE));
        assertEquals(0, ConfigValues.durationMs("0", 0, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "10", "1.5s", "-1s", "10 sec", "10S", "1d", "ms10"})
    void shouldRejectDurationsInOtherForms(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.durationMs(value, 0, Long.MAX_VALUE));
        assertTrue(ex.getMessage().contains("250ms, 30s, 5m or 1h"), ex.getMessage());
    }

    @Test
    void shouldRejectDurationsOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.durationMs("0", 1, 1_000));
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.durationMs("2s", 1, 1_000));
    }
}
