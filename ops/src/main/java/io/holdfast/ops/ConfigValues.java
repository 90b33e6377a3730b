package io.holdfast.ops;

import java.util.Locale;

/**
 * The value forms config files use: whole numbers, sizes with binary units, durations with units, booleans and
 * names from a fixed set. Each parser throws an {@link IllegalArgumentException} whose message is the form
 * expected, shown to the operator as it is; each {@code ...Text} method writes a value back in the form a file
 * would hold, so {@code holdfast config} prints what an operator would write.
 */
final class ConfigValues
{
    private static final String[] SIZE_UNITS = {"GiB", "MiB", "KiB"};
    private static final int[] SIZE_UNIT_SHIFTS = {30, 20, 10};
    private static final String[] DURATION_UNITS = {"h", "m", "s", "ms", "us"};
    private static final long[] DURATION_UNIT_NS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L,
        1_000L};
    private static final int MINUTES = 1;
    private static final int MILLISECONDS = 3;
    private static final int MIN_MINUTES_IN_SECONDS = 100;
    private static final int MICROSECONDS = 4;
    private static final int NANOSECONDS_PER_MICROSECOND = 1_000;
    private static final int MAX_DIGITS = 12;
    private static final String PER_SECOND = "/s";

    private ConfigValues()
    {
    }

    /**
     * @param value a whole number.
     * @return the number, if it lies in [min, max].
     * @throws IllegalArgumentException with the expected form.
     */
    static int integer(final String value, final int min, final int max)
    {
        final String form = "a whole number from " + min + " to " + max;
        final long parsed;
        try
        {
            parsed = Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(form);
        }
        if (parsed < min || parsed > max)
        {
            throw new IllegalArgumentException(form);
        }
        return (int)parsed;
    }

    /**
     * @param value events per second as {@code 50/s}, or the bare number {@code 50}.
     * @return the number per second, if it lies in [min, max].
     * @throws IllegalArgumentException with the expected form.
     */
    static int rate(final String value, final int min, final int max)
    {
        final String text = value.trim();
        final String number = text.endsWith(PER_SECOND) ? text.substring(0, text.length() - PER_SECOND.length()) : text;
        try
        {
            return integer(number, min, max);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("a rate such as 50/s, from " + rateText(min) + " to " + rateText(max) +
                (min == 0 ? " (0 for no limit)" : ""));
        }
    }

    /**
     * @param perSecond a rate.
     * @return the rate as {@code 50/s}; {@code 0} for none.
     */
    static String rateText(final int perSecond)
    {
        return perSecond == 0 ? "0" : perSecond + PER_SECOND;
    }

    /**
     * @param value {@code true} or {@code false}, nothing else, so a typo such as {@code ture} is not read as false.
     * @return the boolean.
     * @throws IllegalArgumentException with the expected form.
     */
    static boolean bool(final String value)
    {
        switch (value.trim())
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("true or false");
        }
    }

    /**
     * @param value bytes as {@code 512}, {@code 64KiB}, {@code 4MiB} or {@code 1GiB}.
     * @return the number of bytes, if it lies in [min, max].
     * @throws IllegalArgumentException with the expected form.
     */
    static long size(final String value, final long min, final long max)
    {
        final String form = "a size from " + sizeText(min) + " to " + sizeText(max) + ", such as 512, 64KiB or 4MiB";
        final String text = value.trim();
        final int digits = leadingDigits(text);
        if (digits == 0 || digits > MAX_DIGITS)
        {
            throw new IllegalArgumentException(form);
        }
        final String unit = text.substring(digits).trim();
        int shift = -1;
        if (unit.isEmpty() || "B".equals(unit))
        {
            shift = 0;
        }
        for (int i = 0; i < SIZE_UNITS.length; i++)
        {
            if (SIZE_UNITS[i].equals(unit))
            {
                shift = SIZE_UNIT_SHIFTS[i];
            }
        }
        if (shift < 0)
        {
            throw new IllegalArgumentException(form);
        }
        return inRange(Long.parseLong(text.substring(0, digits)), 1L << shift, min, max, form);
    }

    /**
     * @param bytes a size.
     * @return the size in the largest binary unit that holds it exactly, as {@code 4MiB}, else in bytes.
     */
    static String sizeText(final long bytes)
    {
        for (int i = 0; i < SIZE_UNITS.length; i++)
        {
            final long unit = 1L << SIZE_UNIT_SHIFTS[i];
            if (bytes != 0 && bytes % unit == 0)
            {
                return bytes / unit + SIZE_UNITS[i];
            }
        }
        return Long.toString(bytes);
    }

    /**
     * @param value a duration as {@code 250ms}, {@code 30s}, {@code 5m} or {@code 1h}; {@code 0} alone means none.
     * @return the duration in milliseconds, if it lies in [minMs, maxMs].
     * @throws IllegalArgumentException with the expected form.
     */
    static long durationMs(final String value, final long minMs, final long maxMs)
    {
        final String form = "a duration such as 250ms, 30s, 5m or 1h" + (minMs == 0 ? " (0 for none)" : "");
        return duration(value, minMs, maxMs, MILLISECONDS, form);
    }

    /**
     * @param millis a duration.
     * @return the duration in the largest unit that holds it exactly, as {@code 60s}; {@code 0} for none.
     */
    static String durationMsText(final long millis)
    {
        return durationText(millis, MILLISECONDS);
    }

    /**
     * @param value a duration as {@code 500us}, {@code 1ms}, {@code 2s}; microseconds allowed, for thresholds
     *              shorter than a millisecond.
     * @return the duration in nanoseconds, if it lies in [minNs, maxNs].
     * @throws IllegalArgumentException with the expected form.
     */
    static long durationNs(final String value, final long minNs, final long maxNs)
    {
        final String form = "a duration such as 500us, 1ms or 2ms" + (minNs == 0 ? " (0 for none)" : "");
        return duration(value, minNs / NANOSECONDS_PER_MICROSECOND, maxNs / NANOSECONDS_PER_MICROSECOND,
            MICROSECONDS, form) * NANOSECONDS_PER_MICROSECOND;
    }

    /**
     * @param nanos a duration, a whole number of microseconds.
     * @return the duration in the largest unit that holds it exactly, as {@code 500us} or {@code 1ms}.
     */
    static String durationNsText(final long nanos)
    {
        return durationText(nanos / NANOSECONDS_PER_MICROSECOND, MICROSECONDS);
    }

    /**
     * @param value a constant's name in lower case with '-' for '_', as {@code busy-spin} for {@code BUSY_SPIN}.
     * @return the constant.
     * @throws IllegalArgumentException listing the names allowed.
     */
    static <E extends Enum<E>> E choice(final String value, final Class<E> type)
    {
        final String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final E constant : type.getEnumConstants())
        {
            if (constant.name().equals(name))
            {
                return constant;
            }
        }
        final StringBuilder allowed = new StringBuilder("one of");
        for (final E constant : type.getEnumConstants())
        {
            allowed.append(' ').append(choiceText(constant));
        }
        throw new IllegalArgumentException(allowed.toString());
    }

    /**
     * @return the name a file uses for the constant, as {@code busy-spin} for {@code BUSY_SPIN}.
     */
    static String choiceText(final Enum<?> constant)
    {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parse a duration in units no finer than {@code DURATION_UNITS[finest]}.
     *
     * @return the duration in that finest unit.
     */
    private static long duration(final String value, final long min, final long max, final int finest,
        final String form)
    {
        final String text = value.trim();
        final int digits = leadingDigits(text);
        if (digits == 0 || digits > MAX_DIGITS)
        {
            throw new IllegalArgumentException(form);
        }
        final long amount = Long.parseLong(text.substring(0, digits));
        final String unit = text.substring(digits).trim();
        final String range = form + ", from " + durationText(min, finest) + " to " + durationText(max, finest);
        if (unit.isEmpty() && amount == 0)
        {
            return inRange(0, 1, min, max, range);
        }
        for (int i = 0; i <= finest; i++)
        {
            if (DURATION_UNITS[i].equals(unit))
            {
                return inRange(amount, DURATION_UNIT_NS[i] / DURATION_UNIT_NS[finest], min, max, range);
            }
        }
        throw new IllegalArgumentException(form);
    }

    /**
     * Write a duration in the largest unit that holds it exactly, except that less than 100 seconds stays in
     * seconds ({@code 60s} rather than {@code 1m}, as timeouts are usually written).
     */
    private static String durationText(final long amount, final int finest)
    {
        if (amount == 0)
        {
            return "0";
        }
        for (int i = 0; i < finest; i++)
        {
            final long unit = DURATION_UNIT_NS[i] / DURATION_UNIT_NS[finest];
            final boolean underMinimumMinutes = i == MINUTES && amount < MIN_MINUTES_IN_SECONDS * (unit / 60);
            if (amount % unit == 0 && !underMinimumMinutes)
            {
                return amount / unit + DURATION_UNITS[i];
            }
        }
        return amount + DURATION_UNITS[finest];
    }

    private static int leadingDigits(final String text)
    {
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9')
        {
            digits++;
        }
        return digits;
    }

    private static long inRange(final long amount, final long unit, final long min, final long max, final String form)
    {
        final long value;
        try
        {
            value = Math.multiplyExact(amount, unit);
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException(form);
        }
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(form);
        }
        return value;
    }
}
