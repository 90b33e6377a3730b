package io.holdfast.ops.doctor;

/**
 * A fact about the host that cannot be read, such as a /proc file on a system that has none; its message says
 * which, and the check that needed it becomes a WARN rather than a crash.
 */
public final class HostFactException extends Exception
{
    private static final long serialVersionUID = 1L;

    HostFactException(final String message)
    {
        super(message);
    }
}
