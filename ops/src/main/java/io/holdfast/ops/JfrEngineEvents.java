package io.holdfast.ops;

import io.holdfast.engine.CloseReason;
import io.holdfast.engine.ConnectionId;
import io.holdfast.engine.EngineEvents;
import io.holdfast.engine.HandshakeRejection;
import io.holdfast.engine.SlowConsumerPolicy;
import jdk.jfr.FlightRecorder;

import java.util.Arrays;

/**
 * The engine's lifecycle events as JFR events, committed on the worker that saw them. Each callback first asks
 * whether JFR runs and its event type whether a recording has it on, which read flags and allocate nothing, so a
 * server without a recording (or with these events off) makes no garbage here and loads no event class; with one on,
 * each open, close, rejection or slow consumer costs one small event object, and no event is ever made per message.
 */
final class JfrEngineEvents implements EngineEvents
{
    /** Each slow-consumer action as {@code holdfast.slow.consumer} names it, made once: no String per event. */
    private static final String[] ACTIONS = Arrays.stream(SlowConsumerPolicy.values())
        .map(ConfigValues::choiceText)
        .toArray(String[]::new);

    public void onConnectionOpened(final long connectionId)
    {
        if (FlightRecorder.isInitialized() && JfrEventTypes.CONNECTION_OPENED.isEnabled())
        {
            final ConnectionOpenedEvent event = new ConnectionOpenedEvent();
            event.connectionId = connectionId;
            event.worker = ConnectionId.workerIndex(connectionId);
            event.commit();
        }
    }

    public void onConnectionClosed(
        final long connectionId, final CloseReason reason, final int closeCode, final long lifetimeMs)
    {
        if (FlightRecorder.isInitialized() && JfrEventTypes.CONNECTION_CLOSED.isEnabled())
        {
            final ConnectionClosedEvent event = new ConnectionClosedEvent();
            event.connectionId = connectionId;
            event.worker = ConnectionId.workerIndex(connectionId);
            event.reason = reason.label();
            event.closeCode = closeCode;
            event.lifetime = lifetimeMs;
            event.commit();
        }
    }

    public void onHandshakeRejected(final HandshakeRejection rejection)
    {
        if (FlightRecorder.isInitialized() && JfrEventTypes.HANDSHAKE_REJECTED.isEnabled())
        {
            final HandshakeRejectedEvent event = new HandshakeRejectedEvent();
            event.status = rejection.status();
            event.reason = rejection.reason();
            event.commit();
        }
    }

    public void onSlowConsumer(final long connectionId, final long pendingBytes, final SlowConsumerPolicy action)
    {
        if (FlightRecorder.isInitialized() && JfrEventTypes.SLOW_CONSUMER.isEnabled())
        {
            final SlowConsumerEvent event = new SlowConsumerEvent();
            event.connectionId = connectionId;
            event.worker = ConnectionId.workerIndex(connectionId);
            event.pendingBytes = pendingBytes;
            event.action = ACTIONS[action.ordinal()];
            event.commit();
        }
    }
}
