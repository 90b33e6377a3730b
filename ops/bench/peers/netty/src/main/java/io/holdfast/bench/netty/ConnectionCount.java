package io.holdfast.bench.netty;

import io.netty.channel.ChannelFutureListener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open WebSocket connections, counted from the completed handshake to the channel's close, and printed as
 * {@code connections N} when the count changed since the last report.
 */
final class ConnectionCount
{
    private final AtomicInteger live = new AtomicInteger();
    private final ChannelFutureListener onClose = future -> live.decrementAndGet();
    private int reported;

    /**
     * @return the listener to add to a counted channel's close future, which takes it off the count.
     */
    ChannelFutureListener opened()
    {
        live.incrementAndGet();
        return onClose;
    }

    /**
     * Prints the count if it changed; called from one scheduled task only.
     */
    void reportIfChanged()
    {
        final int now = live.get();
        if (now != reported)
        {
            reported = now;
            System.out.println("connections " + now);
        }
    }
}
