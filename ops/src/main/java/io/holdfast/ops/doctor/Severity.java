package io.holdfast.ops.doctor;

/**
 * How a check judged the host and configuration: fine, worth fixing, or impossible or unsafe to serve with.
 */
public enum Severity
{
    /** Nothing to do. */
    OK,
    /** The server runs, but worse than it could: the line says what to change. */
    WARN,
    /** The configuration cannot work on this host, or would harm it: serve refuses to start without --force. */
    FAIL
}
