package io.holdfast.ops.doctor;

/**
 * Byte counts as the check lines write them.
 */
final class Sizes
{
    private static final int MEBIBYTE_SHIFT = 20;

    private Sizes()
    {
    }

    /**
     * @return the size in whole mebibytes, rounded down, as {@code 128 MiB}.
     */
    static String mebibytes(final long bytes)
    {
        return (bytes >> MEBIBYTE_SHIFT) + " MiB";
    }
}
