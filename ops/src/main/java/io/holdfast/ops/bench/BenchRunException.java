package io.holdfast.ops.bench;

/**
 * A failure of one measurement or one server (it did not start, exited, refused connections): recorded in the
 * results as what happened, and the bench goes on with the next.
 */
final class BenchRunException extends Exception
{
    private static final long serialVersionUID = 1L;

    BenchRunException(final String message)
    {
        super(message);
    }
}
