package io.holdfast.ops;

import java.io.IOException;

/**
 * The admin endpoint could not open its port: the message names the address and what to change, so serve can
 * print it as it is rather than as a failure of the WebSocket listener.
 */
final class AdminServerException extends IOException
{
    private static final long serialVersionUID = 1L;

    AdminServerException(final String message)
    {
        super(message);
    }
}
