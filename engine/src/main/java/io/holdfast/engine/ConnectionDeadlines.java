package io.holdfast.engine;

import io.holdfast.codec.close.ClosePayload;
import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.frame.Opcode;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a connection's deadline means in each state: a handshake not completed in time is dropped; an open
 * connection silent for the idle timeout is closed with 1001 (going away, reason "idle timeout"), and one silent for
 * the ping interval is sent a ping; a connection waiting on its peer to finish closing is dropped at the close
 * timeout.
 */
final class ConnectionDeadlines implements ConnectionTimers.ExpiryHandler
{
    private static final byte[] IDLE_REASON = ClosePayload.asciiReason("idle timeout");
    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[0]);

    private final ConnectionTable table;
    private final Connections connections;
    private final ConnectionWriter writer;
    private final ConnectionTimers timers;
    private final EngineCounters counters;
    private final long idleTimeoutMs;
    private final long pingIntervalMs;

    ConnectionDeadlines(
        final ConnectionTable table,
        final Connections connections,
        final ConnectionWriter writer,
        final ConnectionTimers timers,
        final EngineCounters counters,
        final EngineConfig config)
    {
        this.table = table;
        this.connections = connections;
        this.writer = writer;
        this.timers = timers;
        this.counters = counters;
        idleTimeoutMs = config.idleTimeoutMs();
        pingIntervalMs = config.serverPingIntervalMs();
    }

    /**
     * {@inheritDoc}
     */
    public void onDeadline(final int slot, final long nowMs)
    {
        switch (table.states[slot])
        {
            case ConnectionTable.HANDSHAKE:
                counters.handshakeTimeout();
                connections.closeSocket(slot, CloseCodes.ABNORMAL_CLOSURE);
                break;

            case ConnectionTable.OPEN:
                checkActivity(slot, nowMs);
                break;

            case ConnectionTable.CLOSE_SENT:
            case ConnectionTable.CLOSE_AFTER_FLUSH:
            case ConnectionTable.DRAINING:
                counters.closeTimeout();
                connections.closeSocket(slot, table.closeCodes[slot]);
                break;

            default:
                break;
        }
    }

    private void checkActivity(final int slot, final long nowMs)
    {
        final long lastActivityMs = table.lastActivityMs[slot];
        long nextCheckMs = Long.MAX_VALUE;
        if (idleTimeoutMs > 0)
        {
            nextCheckMs = lastActivityMs + idleTimeoutMs;
            if (nowMs >= nextCheckMs)
            {
                connections.startClose(slot, CloseCodes.GOING_AWAY, IDLE_REASON, CloseReason.IDLE_TIMEOUT);
                return;
            }
        }
        if (pingIntervalMs > 0)
        {
            long pingDueMs = Math.max(lastActivityMs, table.lastPingMs[slot]) + pingIntervalMs;
            if (nowMs >= pingDueMs)
            {
                writer.sendFrame(slot, Opcode.PING, EMPTY, 0, 0);
                counters.pingSent();
                table.lastPingMs[slot] = nowMs;
                pingDueMs = nowMs + pingIntervalMs;
            }
            nextCheckMs = Math.min(nextCheckMs, pingDueMs);
        }
        timers.schedule(slot, nextCheckMs);
    }
}
