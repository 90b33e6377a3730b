package io.holdfast.ops;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and SIGINT as a request to stop, taken over from the JVM's default handlers. Those start the JVM's
 * shutdown at once with status 143 or 130; taking them over lets serve close the engine gracefully and exit 0,
 * running the shutdown hooks (a JFR recording is written out) on the way.
 */
final class StopSignal
{
    private final CountDownLatch stop = new CountDownLatch(1);

    StopSignal()
    {
        Signal.handle(new Signal("TERM"), (signal) -> stop.countDown());
        Signal.handle(new Signal("INT"), (signal) -> stop.countDown());
    }

    /**
     * Wait for a signal.
     *
     * @param timeoutMs longest wait.
     * @return true when a signal arrived, false when the time ran out first.
     */
    boolean await(final long timeoutMs) throws InterruptedException
    {
        return stop.await(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
