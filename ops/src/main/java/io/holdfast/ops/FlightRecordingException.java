package io.holdfast.ops;

/**
 * A JFR recording asked for with {@code serve --jfr} could not start: its settings file is missing or invalid, or
 * the recording file cannot be written. The message is one line for the operator.
 */
final class FlightRecordingException extends Exception
{
    FlightRecordingException(final String message)
    {
        super(message);
    }
}
