package io.holdfast.ops;

/**
 * A configuration the server must not start with; the message says which key, where it came from and what form
 * was expected, and is shown to the operator as it is.
 */
final class ConfigException extends Exception
{
    private static final long serialVersionUID = 1L;

    ConfigException(final String message)
    {
        super(message);
    }
}
