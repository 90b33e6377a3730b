package io.holdfast.engine;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.util.ArrayList;
import java.util.List;

/**
 * One worker's counters. Each worker writes only its own (single writer, release stores, no locks); readers in
 * other threads or processes add the workers' values up by {@link CounterTypes type id}. Held in a
 * {@link CountersManager}, so the same counters can live in a memory-mapped file that tools read from outside the
 * process.
 */
final class EngineCounters
{
    private final List<AtomicCounter> all = new ArrayList<>();
    private final CountersManager manager;
    private final int workerIndex;
    private final String prefix;
    private final AtomicCounter connectionsActive;
    private final AtomicCounter connectionsOpened;
    private final AtomicCounter connectionsClosed;
    private final AtomicCounter[] closedByReason = new AtomicCounter[CloseReason.values().length];
    private final AtomicCounter handshakesAccepted;
    private final AtomicCounter[] rejectedByCause = new AtomicCounter[HandshakeRejection.values().length];
    private final AtomicCounter handshakeTimeouts;
    private final AtomicCounter closeTimeouts;
    private final AtomicCounter messagesReceived;
    private final AtomicCounter messagesSent;
    private final AtomicCounter bytesReceived;
    private final AtomicCounter bytesSent;
    private final AtomicCounter pingsReceived;
    private final AtomicCounter pongsSent;
    private final AtomicCounter pingsSent;
    private final AtomicCounter pongsReceived;
    private final AtomicCounter pendingBytes;
    private final AtomicCounter acceptFailures;
    private final AtomicCounter dutyCycleMaxNs;
    private final AtomicCounter dutyCyclesExceeded;
    private final AtomicCounter topicsActive;
    private final AtomicCounter subscriptionsActive;
    private final AtomicCounter deliveries;
    private final AtomicCounter messagesDropped;
    private long longestDutyCycleNs;

    EngineCounters(final CountersManager manager, final int workerIndex)
    {
        this.manager = manager;
        this.workerIndex = workerIndex;
        prefix = "worker " + workerIndex + ": ";
        connectionsActive = newCounter("connections active", CounterTypes.CONNECTIONS_ACTIVE, 0);
        connectionsOpened = newCounter("connections opened", CounterTypes.CONNECTIONS_OPENED, 0);
        connectionsClosed = newCounter("connections closed", CounterTypes.CONNECTIONS_CLOSED, 0);
        for (final CloseReason reason : CloseReason.values())
        {
            closedByReason[reason.ordinal()] = newCounter(
                "connections closed: " + reason.label(), CounterTypes.CONNECTIONS_CLOSED_BY_REASON, reason.ordinal());
        }
        handshakesAccepted = newCounter("handshakes accepted", CounterTypes.HANDSHAKES_ACCEPTED, 0);
        for (final HandshakeRejection rejection : HandshakeRejection.values())
        {
            rejectedByCause[rejection.ordinal()] = rejectedWithStatus(rejection);
        }
        handshakeTimeouts = newCounter("handshake timeouts", CounterTypes.HANDSHAKE_TIMEOUTS, 0);
        closeTimeouts = newCounter("close timeouts", CounterTypes.CLOSE_TIMEOUTS, 0);
        messagesReceived = newCounter("messages received", CounterTypes.MESSAGES_RECEIVED, 0);
        messagesSent = newCounter("messages sent", CounterTypes.MESSAGES_SENT, 0);
        bytesReceived = newCounter("bytes received", CounterTypes.BYTES_RECEIVED, 0);
        bytesSent = newCounter("bytes sent", CounterTypes.BYTES_SENT, 0);
        pingsReceived = newCounter("pings received", CounterTypes.PINGS_RECEIVED, 0);
        pongsSent = newCounter("pongs sent", CounterTypes.PONGS_SENT, 0);
        pingsSent = newCounter("pings sent", CounterTypes.PINGS_SENT, 0);
        pongsReceived = newCounter("pongs received", CounterTypes.PONGS_RECEIVED, 0);
        pendingBytes = newCounter("pending output bytes", CounterTypes.PENDING_BYTES, 0);
        acceptFailures = newCounter("accept failures", CounterTypes.ACCEPT_FAILURES, 0);
        dutyCycleMaxNs = newCounter("duty cycle max ns", CounterTypes.DUTY_CYCLE_MAX_NS, 0);
        dutyCyclesExceeded = newCounter("duty cycles over threshold", CounterTypes.DUTY_CYCLES_EXCEEDED, 0);
        topicsActive = newCounter("topics active", CounterTypes.TOPICS_ACTIVE, 0);
        subscriptionsActive = newCounter("subscriptions active", CounterTypes.SUBSCRIPTIONS_ACTIVE, 0);
        deliveries = newCounter("deliveries", CounterTypes.DELIVERIES, 0);
        messagesDropped = newCounter("messages dropped", CounterTypes.MESSAGES_DROPPED, 0);
    }

    /**
     * Allocate a counter of the whole engine (worker index -1), which any thread may increment.
     */
    static AtomicCounter newEngineCounter(final CountersManager manager, final String label, final int typeId)
    {
        return manager.newCounter(label, typeId, (key) ->
        {
            key.putInt(CounterTypes.KEY_WORKER_OFFSET, -1);
            key.putInt(CounterTypes.KEY_DETAIL_OFFSET, 0);
        });
    }

    void connectionOpened()
    {
        handshakesAccepted.incrementRelease();
        connectionsOpened.incrementRelease();
        connectionsActive.incrementRelease();
    }

    void connectionClosed(final CloseReason reason)
    {
        closedByReason[reason.ordinal()].incrementRelease();
        connectionsClosed.incrementRelease();
        connectionsActive.decrementRelease();
    }

    void handshakeRejected(final HandshakeRejection rejection)
    {
        rejectedByCause[rejection.ordinal()].incrementRelease();
    }

    void handshakeTimeout()
    {
        handshakeTimeouts.incrementRelease();
    }

    void closeTimeout()
    {
        closeTimeouts.incrementRelease();
    }

    void messageReceived()
    {
        messagesReceived.incrementRelease();
    }

    void messageSent()
    {
        messagesSent.incrementRelease();
    }

    void bytesReceived(final int length)
    {
        bytesReceived.getAndAddRelease(length);
    }

    void bytesSent(final int length)
    {
        if (length > 0)
        {
            bytesSent.getAndAddRelease(length);
        }
    }

    void pingReceived()
    {
        pingsReceived.incrementRelease();
    }

    void pongSent()
    {
        pongsSent.incrementRelease();
    }

    void pingSent()
    {
        pingsSent.incrementRelease();
    }

    void pongReceived()
    {
        pongsReceived.incrementRelease();
    }

    void pendingBytes(final long bytes)
    {
        pendingBytes.setRelease(bytes);
    }

    void acceptFailure()
    {
        acceptFailures.incrementRelease();
    }

    void subscriptions(final int topics, final int subscriptions)
    {
        topicsActive.setRelease(topics);
        subscriptionsActive.setRelease(subscriptions);
    }

    /**
     * Published messages went to a subscriber: counted as deliveries and as messages sent.
     */
    void delivered(final int messages)
    {
        deliveries.getAndAddRelease(messages);
        messagesSent.getAndAddRelease(messages);
    }

    void messagesDropped(final int messages)
    {
        messagesDropped.getAndAddRelease(messages);
    }

    /**
     * Record the length of one duty cycle.
     */
    void dutyCycle(final long durationNs, final long thresholdNs)
    {
        if (durationNs > longestDutyCycleNs)
        {
            longestDutyCycleNs = durationNs;
            dutyCycleMaxNs.setRelease(durationNs);
        }
        if (durationNs > thresholdNs)
        {
            dutyCyclesExceeded.incrementRelease();
        }
    }

    long connectionsActive()
    {
        return connectionsActive.get();
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

    void close()
    {
        for (final AtomicCounter counter : all)
        {
            counter.close();
        }
    }

    /**
     * The counter of a rejection's HTTP status, shared by the rejections answered with the same status (counters are
     * keyed by status, and a key names one counter).
     */
    private AtomicCounter rejectedWithStatus(final HandshakeRejection rejection)
    {
        for (final HandshakeRejection earlier : HandshakeRejection.values())
        {
            if (earlier == rejection)
            {
                break;
            }
            if (earlier.status() == rejection.status())
            {
                return rejectedByCause[earlier.ordinal()];
            }
        }
        return newCounter("handshakes rejected: " + rejection.status(), CounterTypes.HANDSHAKES_REJECTED,
            rejection.status());
    }

    private AtomicCounter newCounter(final String name, final int typeId, final int detail)
    {
        final AtomicCounter counter = manager.newCounter(prefix + name, typeId, (key) ->
        {
            key.putInt(CounterTypes.KEY_WORKER_OFFSET, workerIndex);
            key.putInt(CounterTypes.KEY_DETAIL_OFFSET, detail);
        });
        all.add(counter);
        return counter;
    }
}
