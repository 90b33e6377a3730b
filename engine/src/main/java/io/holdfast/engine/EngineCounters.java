package io.holdfast.engine;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * One worker's counters. Each worker writes only its own (single writer, release stores, no locks); readers in
 * other threads or processes add the workers' values up. Held in a {@link CountersManager}, so the same counters can
 * live in a memory-mapped file that tools read from outside the process.
 */
final class EngineCounters
{
    /** Type ids of the counters, so readers can aggregate them across workers. */
    static final int CONNECTIONS_ACTIVE = 1;
    static final int CONNECTIONS_OPENED = 2;
    static final int CONNECTIONS_CLOSED = 3;
    static final int MESSAGES_RECEIVED = 4;
    static final int MESSAGES_SENT = 5;
    static final int BYTES_RECEIVED = 6;
    static final int BYTES_SENT = 7;
    static final int HANDSHAKES_REJECTED = 8;
    static final int PROTOCOL_ERRORS = 9;
    static final int HANDLER_ERRORS = 10;
    static final int SLOW_CONSUMERS = 11;
    static final int PENDING_BYTES = 12;
    static final int IDLE_TIMEOUTS = 13;
    static final int HANDSHAKE_TIMEOUTS = 14;
    static final int CLOSE_TIMEOUTS = 15;
    static final int ACCEPT_FAILURES = 16;

    private final AtomicCounter connectionsActive;
    private final AtomicCounter connectionsOpened;
    private final AtomicCounter connectionsClosed;
    private final AtomicCounter messagesReceived;
    private final AtomicCounter messagesSent;
    private final AtomicCounter bytesReceived;
    private final AtomicCounter bytesSent;
    private final AtomicCounter handshakesRejected;
    private final AtomicCounter protocolErrors;
    private final AtomicCounter handlerErrors;
    private final AtomicCounter slowConsumers;
    private final AtomicCounter pendingBytes;
    private final AtomicCounter idleTimeouts;
    private final AtomicCounter handshakeTimeouts;
    private final AtomicCounter closeTimeouts;
    private final AtomicCounter acceptFailures;

    EngineCounters(final CountersManager manager, final int workerIndex)
    {
        final String prefix = "worker " + workerIndex + ": ";
        connectionsActive = manager.newCounter(prefix + "connections active", CONNECTIONS_ACTIVE);
        connectionsOpened = manager.newCounter(prefix + "connections opened", CONNECTIONS_OPENED);
        connectionsClosed = manager.newCounter(prefix + "connections closed", CONNECTIONS_CLOSED);
        messagesReceived = manager.newCounter(prefix + "messages received", MESSAGES_RECEIVED);
        messagesSent = manager.newCounter(prefix + "messages sent", MESSAGES_SENT);
        bytesReceived = manager.newCounter(prefix + "bytes received", BYTES_RECEIVED);
        bytesSent = manager.newCounter(prefix + "bytes sent", BYTES_SENT);
        handshakesRejected = manager.newCounter(prefix + "handshakes rejected", HANDSHAKES_REJECTED);
        protocolErrors = manager.newCounter(prefix + "protocol errors", PROTOCOL_ERRORS);
        handlerErrors = manager.newCounter(prefix + "handler errors", HANDLER_ERRORS);
        slowConsumers = manager.newCounter(prefix + "slow consumers closed", SLOW_CONSUMERS);
        pendingBytes = manager.newCounter(prefix + "pending output bytes", PENDING_BYTES);
        idleTimeouts = manager.newCounter(prefix + "idle timeouts", IDLE_TIMEOUTS);
        handshakeTimeouts = manager.newCounter(prefix + "handshake timeouts", HANDSHAKE_TIMEOUTS);
        closeTimeouts = manager.newCounter(prefix + "close timeouts", CLOSE_TIMEOUTS);
        acceptFailures = manager.newCounter(prefix + "accept failures", ACCEPT_FAILURES);
    }

    void connectionOpened()
    {
        connectionsOpened.incrementRelease();
        connectionsActive.incrementRelease();
    }

    void connectionClosed()
    {
        connectionsClosed.incrementRelease();
        connectionsActive.decrementRelease();
    }

    long messagesReceived()
    {
        return messagesReceived.get();
    }

    long messagesSent()
    {
        return messagesSent.get();
    }

    long pendingBytes()
    {
        return pendingBytes.get();
    }

    void messageReceived(final int length)
    {
        messagesReceived.incrementRelease();
        bytesReceived.getAndAddRelease(length);
    }

    void messageSent()
    {
        messagesSent.incrementRelease();
    }

    void bytesSent(final int length)
    {
        if (length > 0)
        {
            bytesSent.getAndAddRelease(length);
        }
    }

    void handshakeRejected()
    {
        handshakesRejected.incrementRelease();
    }

    void protocolError()
    {
        protocolErrors.incrementRelease();
    }

    void handlerError()
    {
        handlerErrors.incrementRelease();
    }

    void slowConsumer()
    {
        slowConsumers.incrementRelease();
    }

    void pendingBytes(final long bytes)
    {
        pendingBytes.setRelease(bytes);
    }

    void idleTimeout()
    {
        idleTimeouts.incrementRelease();
    }

    void handshakeTimeout()
    {
        handshakeTimeouts.incrementRelease();
    }

    void closeTimeout()
    {
        closeTimeouts.incrementRelease();
    }

    void acceptFailure()
    {
        acceptFailures.incrementRelease();
    }

    long connectionsActive()
    {
        return connectionsActive.get();
    }

    void close()
    {
        connectionsActive.close();
        connectionsOpened.close();
        connectionsClosed.close();
        messagesReceived.close();
        messagesSent.close();
        bytesReceived.close();
        bytesSent.close();
        handshakesRejected.close();
        protocolErrors.close();
        handlerErrors.close();
        slowConsumers.close();
        pendingBytes.close();
        idleTimeouts.close();
        handshakeTimeouts.close();
        closeTimeouts.close();
        acceptFailures.close();
    }
}
