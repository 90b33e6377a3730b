package io.holdfast.ops;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * The holdfast event types whose enabled flag the callers check before making an event, kept apart so their event
 * classes are loaded only once JFR is running: loading a JFR event class makes the JVM set up JFR's metadata, some
 * 8 MB (JDK 17) to 16 MB (JDK 25) of resident memory a server that never records should not pay. Callers test
 * {@link FlightRecorder#isInitialized()}, a flag that costs nothing, before touching a field here.
 */
final class JfrEventTypes
{
    static final EventType CONNECTION_OPENED = EventType.getEventType(ConnectionOpenedEvent.class);
    static final EventType CONNECTION_CLOSED = EventType.getEventType(ConnectionClosedEvent.class);
    static final EventType HANDSHAKE_REJECTED = EventType.getEventType(HandshakeRejectedEvent.class);
    static final EventType SLOW_CONSUMER = EventType.getEventType(SlowConsumerEvent.class);
    static final EventType DUTY_CYCLE_EXCEEDED = EventType.getEventType(DutyCycleExceededEvent.class);

    private JfrEventTypes()
    {
    }
}
