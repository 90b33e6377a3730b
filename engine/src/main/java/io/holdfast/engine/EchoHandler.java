package io.holdfast.engine;

import org.agrona.DirectBuffer;

/**
 * The default handler: sends every message back to its sender unchanged, with its type.
 */
public final class EchoHandler implements WebSocketHandler
{
    private final Outbound outbound;

    /**
     * @param outbound of the worker this handler serves.
     */
    public EchoHandler(final Outbound outbound)
    {
        this.outbound = outbound;
    }

    /**
     * {@inheritDoc}
     */
    public void onOpen(final long connectionId)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onMessage(
        final long connectionId, final DirectBuffer buffer, final int offset, final int length, final boolean isText)
    {
        outbound.send(connectionId, buffer, offset, length, isText);
    }

    /**
     * {@inheritDoc}
     */
    public void onClose(final long connectionId, final int code)
    {
    }
}
