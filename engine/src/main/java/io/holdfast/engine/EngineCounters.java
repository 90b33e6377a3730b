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
    }
}
