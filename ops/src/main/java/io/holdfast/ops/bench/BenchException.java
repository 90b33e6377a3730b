package io.holdfast.ops.bench;

/**
 * A failure that stops the whole bench (no launcher, no {@code holdfast load}, results folder not writable), with a
 * message that is shown to the operator as one line.
 */
final class BenchException extends Exception
{
    private static final long serialVersionUID = 1L;

    BenchException(final String message)
    {
        super(message);
    }
}
