package io.holdfast.ops;

import io.holdfast.engine.HeartbeatReply;
import io.holdfast.engine.IdleStrategyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The value forms of config files: sizes with binary units, durations with units, rates per second, whole numbers,
 * booleans and names from a fixed set; the expected form each failure names, since that text reaches the operator as
 * it is; and the file form each value is written back in, which must parse to the same value.
 */
final class ConfigValuesTest
{
    private static final long ANY_SIZE = Integer.MAX_VALUE;
    private static final long ONE_HOUR_MS = 3_600_000;

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
        assertEquals(3L << 30, ConfigValues.size("3GiB", 0, Long.MAX_VALUE));
    }

    @Test
    void shouldAcceptSizesAtTheirBounds()
    {
        assertEquals(125, ConfigValues.size("125", 125, 1 << 20));
        assertEquals(1 << 20, ConfigValues.size("1MiB", 125, 1 << 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "KiB", "lots", "64k", "64KB", "64kib", "64 Ki B", "1.5MiB", "-1", "+1", "0x10", "1234567890123",
        "1MiB1", "\u0661\u0662"})
    void shouldRejectSizesInOtherForms(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.size(value, 0, ANY_SIZE));
        assertEquals("a size from 0 to 2147483647, such as 512, 64KiB or 4MiB", ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"124", "2MiB", "2GiB", "999999999999GiB"})
    void shouldRejectSizesOutOfRangeWithoutOverflow(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.size(value, 125, 1 << 20));
        assertEquals("a size from 125 to 1MiB, such as 512, 64KiB or 4MiB", ex.getMessage());
    }

    @Test
    void shouldWriteSizesInTheLargestExactUnit()
    {
        assertEquals("0", ConfigValues.sizeText(0));
        assertEquals("512", ConfigValues.sizeText(512));
        assertEquals("1025", ConfigValues.sizeText(1025));
        assertEquals("8KiB", ConfigValues.sizeText(8 << 10));
        assertEquals("1536KiB", ConfigValues.sizeText(1536 << 10));
        assertEquals("4MiB", ConfigValues.sizeText(4 << 20));
        assertEquals("128MiB", ConfigValues.sizeText(128 << 20));
        assertEquals("1024GiB", ConfigValues.sizeText(1L << 40));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 512, 1000, 1024, 1048590, 8 << 10, 3 << 20, 5L << 30, Integer.MAX_VALUE})
    void shouldReadBackTheSizesItWrites(final long bytes)
    {
        assertEquals(bytes, ConfigValues.size(ConfigValues.sizeText(bytes), 0, Long.MAX_VALUE));
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
    void shouldParseRatesPerSecondWithOrWithoutTheUnit()
    {
        assertEquals(50, ConfigValues.rate("50/s", 0, 1_000));
        assertEquals(50, ConfigValues.rate(" 50 ", 0, 1_000));
        assertEquals(0, ConfigValues.rate("0", 0, 1_000));
        assertEquals(0, ConfigValues.rate("0/s", 0, 1_000));
        assertEquals(1_000, ConfigValues.rate("1000/s", 0, 1_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/s", "fast", "50/m", "50/S", "50/s/s", "-1", "1001/s", "5e1"})
    void shouldRejectRatesInOtherFormsOrOutOfRange(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.rate(value, 0, 1_000));
        assertEquals("a rate such as 50/s, from 0 to 1000/s (0 for no limit)", ex.getMessage());
        assertEquals("a rate such as 50/s, from 1/s to 1000/s",
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.rate("0", 1, 1_000)).getMessage());
    }

    @Test
    void shouldWriteRatesPerSecondAndNoneAsZero()
    {
        assertEquals("50/s", ConfigValues.rateText(50));
        assertEquals("0", ConfigValues.rateText(0));
        assertEquals(50, ConfigValues.rate(ConfigValues.rateText(50), 0, 1_000));
    }

    @Test
    void shouldParseTrueAndFalse()
    {
        assertTrue(ConfigValues.bool("true"));
        assertTrue(ConfigValues.bool(" true "));
        assertFalse(ConfigValues.bool("false"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "no", "on", "off", "1", "0", "TRUE", "False", "ture"})
    void shouldRejectEveryOtherBoolean(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.bool(value));
        assertEquals("true or false", ex.getMessage());
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

    @Test
    void shouldWriteChoicesInLowerCaseWithDashes()
    {
        assertEquals("busy-spin", ConfigValues.choiceText(IdleStrategyType.BUSY_SPIN));
        assertEquals("both", ConfigValues.choiceText(HeartbeatReply.BOTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spin", "", "busy spin", "backoff,sleeping"})
    void shouldListAllowedNamesForAnUnknownChoice(final String value)
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> ConfigValues.choice(value, IdleStrategyType.class));
        assertEquals("one of backoff busy-spin yielding sleeping blocking", ex.getMessage());
    }

    @Test
    void shouldParseDurationsInMillisecondsSecondsMinutesAndHours()
    {
        assertEquals(250, ConfigValues.durationMs("250ms", 0, Long.MAX_VALUE));
        assertEquals(30_000, ConfigValues.durationMs("30s", 0, Long.MAX_VALUE));
        assertEquals(300_000, ConfigValues.durationMs(" 5m ", 0, Long.MAX_VALUE));
        assertEquals(3_600_000, ConfigValues.durationMs("1h", 0, Long.MAX_VALUE));
        assertEquals(0, ConfigValues.durationMs("0", 0, Long.MAX_VALUE));
        assertEquals(0, ConfigValues.durationMs("0s", 0, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "10", "1.5s", "-1s", "10 sec", "10S", "1d", "ms10", "500us", "1ns"})
    void shouldRejectDurationsInOtherForms(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.durationMs(value, 0, ONE_HOUR_MS));
        assertEquals("a duration such as 250ms, 30s, 5m or 1h (0 for none)", ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "2h", "3601s", "999999999999h"})
    void shouldRejectDurationsOutOfRangeNamingTheRange(final String value)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConfigValues.durationMs(value, 1, ONE_HOUR_MS));
        assertEquals("a duration such as 250ms, 30s, 5m or 1h, from 1ms to 1h", ex.getMessage());
    }

    @Test
    void shouldWriteMillisecondDurationsInTheLargestExactUnitKeepingAMinuteOrSoInSeconds()
    {
        assertEquals("0", ConfigValues.durationMsText(0));
        assertEquals("250ms", ConfigValues.durationMsText(250));
        assertEquals("1500ms", ConfigValues.durationMsText(1500));
        assertEquals("1s", ConfigValues.durationMsText(1_000));
        assertEquals("60s", ConfigValues.durationMsText(60_000));
        assertEquals("90s", ConfigValues.durationMsText(90_000));
        assertEquals("2m", ConfigValues.durationMsText(120_000));
        assertEquals("1h", ConfigValues.durationMsText(ONE_HOUR_MS));
        assertEquals("90m", ConfigValues.durationMsText(90 * 60_000));
        assertEquals("720h", ConfigValues.durationMsText(30L * 24 * ONE_HOUR_MS));
    }

    @Test
    void shouldParseNanosecondDurationsWithMicroseconds()
    {
        assertEquals(500_000, ConfigValues.durationNs("500us", 1_000, Long.MAX_VALUE));
        assertEquals(1_000_000, ConfigValues.durationNs("1ms", 1_000, Long.MAX_VALUE));
        assertEquals(2_000_000_000, ConfigValues.durationNs(" 2s ", 1_000, Long.MAX_VALUE));
        assertEquals(1_000, ConfigValues.durationNs("1us", 1_000, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "500", "500ns", "0.5ms", "500 micros", "500µs", "1d"})
    void shouldRejectNanosecondDurationsInOtherForms(final String value)
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> ConfigValues.durationNs(value, 1_000, 3_600_000_000_000L));
        assertEquals("a duration such as 500us, 1ms or 2ms", ex.getMessage());
    }

    @Test
    void shouldRejectNanosecondDurationsOutOfRangeNamingTheRange()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> ConfigValues.durationNs("2h", 1_000, 3_600_000_000_000L));
        assertEquals("a duration such as 500us, 1ms or 2ms, from 1us to 1h", ex.getMessage());
    }

    @Test
    void shouldWriteNanosecondDurationsInTheLargestExactUnit()
    {
        assertEquals("500us", ConfigValues.durationNsText(500_000));
        assertEquals("1ms", ConfigValues.durationNsText(1_000_000));
        assertEquals("1500us", ConfigValues.durationNsText(1_500_000));
        assertEquals("2s", ConfigValues.durationNsText(2_000_000_000));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1000, 1001, 60_000, 61_000, 3_600_000, 86_400_000})
    void shouldReadBackTheDurationsItWrites(final long millis)
    {
        assertEquals(millis, ConfigValues.durationMs(ConfigValues.durationMsText(millis), 0, Long.MAX_VALUE));
        final long nanos = millis * 1_000;
        assertEquals(nanos, ConfigValues.durationNs(ConfigValues.durationNsText(nanos), 0, Long.MAX_VALUE));
    }
}
