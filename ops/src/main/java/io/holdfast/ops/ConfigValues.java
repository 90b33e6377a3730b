package io.holdfast.ops;

import java.util.Locale;

/**
 * Parses the value forms config files use: whole numbers, sizes with binary units and names from a fixed set.
 */
final class ConfigValues
{
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
        final long parsed;
        try
        {
            parsed = Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("a whole number from " + min + " to " + max);
        }
        if (parsed < min || parsed > max)
        {
            throw new IllegalArgumentException("a whole number from " + min + " to " + max);
        }
        return (int)parsed;
    }

    /**
     * @param value bytes as {@code 512}, {@code 64KiB}, {@code 4MiB} or {@code 1GiB}.
     * @return the number of bytes, if it lies in [min, max].
     * @throws IllegalArgumentException with the expected form.
     */
    static int size(final String value, final int min, final int max)
    {
        return (int)size(value, (long)min, (long)max);
    }

    /**
     * @param value bytes as {@code 512}, {@code 64KiB}, {@code 4MiB} or {@code 1GiB}.
     * @return the number of bytes, if it lies in [min, max].
     * @throws IllegalArgumentException with the expected form.
     */
    static long size(final String value, final long min, final long max)
    {
        final String form = "a size from " + min + " to " + max + " bytes, such as 512, 64KiB or 4MiB";
        final String text = value.trim();
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)))
        {
            digits++;
        }
        if (digits == 0 || digits > 10)
        {
            throw new IllegalArgumentException(form);
        }
        final long multiplier;
        switch (text.substring(digits).trim())
        {
            case "":
            case "B":
                multiplier = 1;
                break;
            case "KiB":
                multiplier = 1L << 10;
                break;
            case "MiB":
                multiplier = 1L << 20;
                break;
            case "GiB":
                multiplier = 1L << 30;
                break;
            default:
                throw new IllegalArgumentException(form);
        }
        final long bytes = Long.parseLong(text.substring(0, digits)) * multiplier;
        if (bytes < min || bytes > max)
        {
            throw new IllegalArgumentException(form);
        }
        return bytes;
    }

    /**
     * @param value a duration as {@code 250ms}, {@code 30s}, {@code 5m} or {@code 1h}; {@code 0} alone means none.
     * @return the duration in milliseconds, if it lies in [minMs, maxMs].
     * @throws IllegalArgumentException with the expected form.
     */
    static long durationMs(final String value, final long minMs, final long maxMs)
    {
        final String form = "a duration such as 250ms, 30s, 5m or 1h" + (minMs == 0 ? " (0 for none)" : "");
        final String text = value.trim();
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)))
        {
            digits++;
        }
        if (digits == 0 || digits > 12)
        {
            throw new IllegalArgumentException(form);
        }
        final long amount = Long.parseLong(text.substring(0, digits));
        final long millis;
        switch (text.substring(digits).trim())
        {
            case "ms":
                millis = amount;
                break;
            case "s":
                millis = amount * 1_000;
                break;
            case "m":
                millis = amount * 60_000;
                break;
            case "h":
                millis = amount * 3_600_000;
                break;
            case "":
                if (amount != 0)
                {
                    throw new IllegalArgumentException(form);
                }
                millis = 0;
                break;
            default:
                throw new IllegalArgumentException(form);
        }
        if (millis < minMs || millis > maxMs)
        {
            throw new IllegalArgumentException(form + ", from " + minMs + "ms to " + maxMs + "ms");
        }
        return millis;
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
            allowed.append(' ').append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException(allowed.toString());
    }
}
