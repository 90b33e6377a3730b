package io.holdfast.engine;

import io.holdfast.codec.close.ClosePayload;

/**
 * A worker's limits on what each of its open connections may send per second: complete data messages, frame bytes
 * (headers, control frames and data payload as it arrives), and ping frames. Each is a {@link TokenBucket} per
 * connection, refilled from the worker's duty-cycle clock, with its state in the {@link ConnectionTable}. A
 * connection over a limit is failed with 1008 and the limit's {@link CloseReason}, and what broke the limit goes no
 * further: no handler call, no pong. A limit that is off costs one branch.
 */
final class InboundLimits
{
    private static final byte[] MESSAGE_RATE_REASON =
        ClosePayload.asciiReason(CloseReason.INBOUND_MESSAGE_RATE.label());
    private static final byte[] BYTE_RATE_REASON = ClosePayload.asciiReason(CloseReason.INBOUND_BYTE_RATE.label());
    private static final byte[] PING_FLOOD_REASON = ClosePayload.asciiReason(CloseReason.PING_FLOOD.label());

    private final ConnectionTable table;
    private final Connections connections;
    private final CycleClock clock;
    private final TokenBucket messages;
    private final TokenBucket bytes;
    private final TokenBucket pings;

    InboundLimits(
        final ConnectionTable table, final Connections connections, final CycleClock clock, final EngineConfig config)
    {
        this.table = table;
        this.connections = connections;
        this.clock = clock;
        messages = new TokenBucket(config.maxInboundMessagesRate(), config.maxInboundMessagesBurst());
        bytes = new TokenBucket(config.maxInboundBytesRate(), config.maxInboundBytesBurst());
        pings = new TokenBucket(config.maxInboundPingsRate(), config.maxInboundPingsBurst());
    }

    /**
     * Count a complete data message of an open connection.
     *
     * @return whether it may be handled; if not, the connection is failing.
     */
    boolean onMessage(final int slot)
    {
        return admit(messages, table.messagesOwed, table.messagesRefilledAtMs, slot, 1,
            CloseReason.INBOUND_MESSAGE_RATE, MESSAGE_RATE_REASON);
    }

    /**
     * Count frame bytes that arrived for an open connection.
     *
     * @return whether they may be handled; if not, the connection is failing.
     */
    boolean onBytes(final int slot, final int length)
    {
        return admit(bytes, table.bytesOwed, table.bytesRefilledAtMs, slot, length,
            CloseReason.INBOUND_BYTE_RATE, BYTE_RATE_REASON);
    }

    /**
     * Count a ping frame of an open connection.
     *
     * @return whether it may be answered; if not, the connection is failing.
     */
    boolean onPing(final int slot)
    {
        return admit(pings, table.pingsOwed, table.pingsRefilledAtMs, slot, 1, CloseReason.PING_FLOOD,
            PING_FLOOD_REASON);
    }

    private boolean admit(
        final TokenBucket bucket,
        final long[] owed,
        final long[] refilledAtMs,
        final int slot,
        final long tokens,
        final CloseReason why,
        final byte[] reason)
    {
        if (bucket.take(owed, refilledAtMs, slot, tokens, clock.nowMs()))
        {
            return true;
        }
        connections.failPolicy(slot, why, reason);
        return false;
    }
}
