package io.holdfast.ops.bench;

/**
 * A bad {@code holdfast bench} command line, with a message naming the option and the form expected.
 */
final class BenchUsageException extends Exception
{
    private static final long serialVersionUID = 1L;

    BenchUsageException(final String message)
    {
        super(message);
    }
}
