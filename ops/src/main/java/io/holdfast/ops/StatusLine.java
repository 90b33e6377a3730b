package io.holdfast.ops;

import io.holdfast.engine.Engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * The line serve prints every status interval: open connections, message rates since the last line, output
 * pending on slow sockets and heap in use. Read from the engine's counters, off the worker threads.
 */
final class StatusLine
{
    private final Engine engine;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private long lastNs = System.nanoTime();
    private long lastReceived;
    private long lastSent;

    StatusLine(final Engine engine)
    {
        this.engine = engine;
        lastReceived = engine.messagesReceived();
        lastSent = engine.messagesSent();
    }

    /**
     * @return the status as of now, with rates over the time since the previous call.
     */
    String next()
    {
        final long nowNs = System.nanoTime();
        final long received = engine.messagesReceived();
        final long sent = engine.messagesSent();
        final double seconds = Math.max(1e-9, (nowNs - lastNs) / 1e9);
        final String line = String.format(Locale.ROOT,
            "holdfast status: connections %d, messages in %.0f/s out %.0f/s, pending %d bytes, heap %.1f MiB",
            engine.connectionCount(), (received - lastReceived) / seconds, (sent - lastSent) / seconds,
            engine.pendingBytes(), memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0));
        lastNs = nowNs;
        lastReceived = received;
        lastSent = sent;
        return line;
    }
}
