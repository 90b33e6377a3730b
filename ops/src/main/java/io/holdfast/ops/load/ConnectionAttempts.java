package io.holdfast.ops.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Opens one I/O thread's connections: non-blocking connects paced by a {@link TokenBucket}, each from the next
 * source address when there are several, and each failed once it outlives the handshake timeout. Attempts start in
 * slot order, so the oldest one still under way is found by a cursor that only moves forward.
 */
final class ConnectionAttempts
{
    /** Connection attempts that may start at once after a late wake-up: 10 ms worth. */
    private static final double BURST_SECONDS = 0.01;

    private final int count;
    private final long timeoutNs;
    private final InetSocketAddress target;
    private final InetSocketAddress[] sources;
    private final Selector selector;
    private final ClientTable table;
    private final ClientFrames frames;
    private final ClientConnections connections;
    private final TokenBucket tokens;
    private int next;
    private int oldest;

    ConnectionAttempts(
        final int count,
        final double perSecond,
        final long timeoutNs,
        final InetSocketAddress target,
        final InetSocketAddress[] sources,
        final Selector selector,
        final ClientTable table,
        final ClientFrames frames,
        final ClientConnections connections,
        final long nowNs)
    {
        this.count = count;
        this.timeoutNs = timeoutNs;
        this.target = target;
        this.sources = sources;
        this.selector = selector;
        this.table = table;
        this.frames = frames;
        this.connections = connections;
        tokens = new TokenBucket(perSecond, perSecond * BURST_SECONDS, nowNs);
    }

    /**
     * Start the attempts whose time has come and fail those that took too long.
     *
     * @return the number started or failed.
     */
    int poll(final long nowNs)
    {
        int work = 0;
        if (next < count)
        {
            final int granted = tokens.take(nowNs, count - next);
            for (int i = 0; i < granted; i++)
            {
                start(next++, nowNs);
            }
            work += granted;
        }
        return work + expire(nowNs);
    }

    /**
     * @return whether every attempt has started and ended, open or failed.
     */
    boolean isDone()
    {
        return next == count && connections.attempting() == 0;
    }

    /**
     * @return when {@link #poll} next has something to do.
     */
    long nextDueNs(final long nowNs)
    {
        long dueNs = Long.MAX_VALUE;
        if (next < count)
        {
            dueNs = nowNs + tokens.nanosUntilNext(nowNs);
        }
        if (oldest < next)
        {
            dueNs = Math.min(dueNs, table.startedNs[oldest] + timeoutNs);
        }
        return dueNs;
    }

    /**
     * Start no more attempts and drop those under way.
     */
    void abandon()
    {
        for (int slot = oldest; slot < next; slot++)
        {
            if (isUnderWay(table.states[slot]))
            {
                connections.abandon(slot);
            }
        }
        next = count;
    }

    /**
     * The socket's connect finished, one way or the other.
     */
    void onConnectable(final int slot)
    {
        try
        {
            if (!table.channels[slot].finishConnect())
            {
                return;
            }
        }
        catch (final IOException ex)
        {
            connections.fail(slot, FailureReason.ofConnect(ex), 0);
            return;
        }
        onConnected(slot);
    }

    private void start(final int slot, final long nowNs)
    {
        connections.attemptStarted(slot, nowNs);
        try
        {
            final SocketChannel channel = SocketChannel.open();
            table.channels[slot] = channel;
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE);
            if (sources.length > 0)
            {
                channel.bind(sources[frames.globalIndex(slot) % sources.length]);
            }
            table.keys[slot] = channel.register(selector, SelectionKey.OP_CONNECT, slot);
            if (channel.connect(target))
            {
                onConnected(slot);
            }
        }
        catch (final IOException ex)
        {
            connections.fail(slot, FailureReason.ofConnect(ex), 0);
        }
    }

    private void onConnected(final int slot)
    {
        table.states[slot] = ClientTable.HANDSHAKING;
        table.rxScanned[slot] = 0;
        table.keys[slot].interestOps(SelectionKey.OP_READ);
        connections.writer().send(slot, ClientFrames.REQUEST);
    }

    private int expire(final long nowNs)
    {
        int expired = 0;
        while (oldest < next)
        {
            final byte state = table.states[oldest];
            if (isUnderWay(state))
            {
                if (nowNs - table.startedNs[oldest] < timeoutNs)
                {
                    break;
                }
                connections.fail(oldest, state == ClientTable.CONNECTING ?
                    FailureReason.CONNECT_TIMEOUT : FailureReason.HANDSHAKE_TIMEOUT, 0);
                expired++;
            }
            oldest++;
        }
        return expired;
    }

    private static boolean isUnderWay(final byte state)
    {
        return state == ClientTable.CONNECTING || state == ClientTable.HANDSHAKING;
    }
}
