package io.holdfast.engine;

import io.holdfast.codec.http.UpgradeRequestParser;
import org.agrona.AsciiSequenceView;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A read-only view of an upgrade request that passed every check the engine makes, given to
 * {@link WebSocketHandler#onHandshake} to accept it or refuse it with an HTTP status. The views are valid only during
 * that call; copy what must outlive it. One per worker, rewrapped for each handshake.
 */
public final class UpgradeRequest
{
    /** What {@link WebSocketHandler#onHandshake} returns to accept the request. */
    public static final int ACCEPT = 0;

    private final AsciiSequenceView path = new AsciiSequenceView();
    private final AsciiSequenceView query = new AsciiSequenceView();
    private final AsciiSequenceView header = new AsciiSequenceView();
    private DirectBuffer buffer;
    private UpgradeRequestParser parser;
    private SocketChannel channel;
    private CharSequence subject;

    UpgradeRequest wrap(
        final DirectBuffer buffer, final UpgradeRequestParser parser, final SocketChannel channel,
        final CharSequence subject)
    {
        this.buffer = buffer;
        this.parser = parser;
        this.channel = channel;
        this.subject = subject;
        path.wrap(buffer, parser.pathOffset(), parser.pathLength());
        query.wrap(buffer, Math.max(0, parser.queryOffset()), parser.queryLength());
        return this;
    }

    /**
     * @return the request path, without the query.
     */
    public CharSequence path()
    {
        return path;
    }

    /**
     * @return the query after {@code ?}, as sent (not percent-decoded); empty when there is none.
     */
    public CharSequence query()
    {
        return query;
    }

    /**
     * @param name a header name in any case.
     * @return the first such header's value, trimmed; null when the request has none. The view is reused by the next
     * call.
     */
    public CharSequence header(final CharSequence name)
    {
        final int offset = parser.findHeader(name);
        if (offset < 0)
        {
            return null;
        }
        header.wrap(buffer, offset, parser.foundHeaderLength());
        return header;
    }

    /**
     * @return the peer's address and port, or null when the socket no longer knows it.
     */
    public InetSocketAddress remoteAddress()
    {
        try
        {
            return (InetSocketAddress)channel.getRemoteAddress();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * @return the {@code sub} claim of the request's verified token; empty without authentication or without one.
     */
    public CharSequence subject()
    {
        return subject;
    }
}
