package io.holdfast.ops.load;

import com.sun.management.OperatingSystemMXBean;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@code holdfast load}: starts one {@link LoadWorker} thread per {@code --threads}, prints the established
 * line once every thread's connections are up or failed, starts the traffic of all threads at the same instant,
 * and prints the summary once every thread has closed its connections. Every phase is bounded: connection attempts
 * by the handshake timeout, traffic by the duration, draining and closing by short waits; {@link #stop()} ends a run
 * early.
 */
public final class LoadGenerator
{
    /** Longer than any thread can run after its traffic ends; reaching it means a thread hangs. */
    private static final long JOIN_MARGIN_MS = 30_000;
    private static final double NANOS_PER_SECOND = 1e9;
    private static final long NANOS_PER_MILLI = 1_000_000;

    private final LoadOptions options;
    private final LoadWorker[] workers;
    private final CountDownLatch connected;
    private volatile boolean stopped;

    /**
     * Prepare the I/O threads, each with its selector.
     *
     * @throws IllegalArgumentException when the options do not fit together.
     * @throws IOException              when a selector cannot be opened.
     */
    public LoadGenerator(final LoadOptions options) throws IOException
    {
        options.validate();
        this.options = options;
        workers = new LoadWorker[options.threads()];
        connected = new CountDownLatch(workers.length);
        final long keySeed = System.nanoTime() ^ ProcessHandle.current().pid();
        final BroadcastProgress broadcastProgress = new BroadcastProgress();
        for (int i = 0; i < workers.length; i++)
        {
            workers[i] = new LoadWorker(i, options, connected, keySeed, broadcastProgress);
        }
    }

    /**
     * Run to the end, printing the report lines as they become known.
     *
     * @param out where the lines go, flushed after each phase.
     * @return what was measured.
     */
    public LoadResult run(final PrintStream out) throws InterruptedException
    {
        final long startNs = System.nanoTime();
        final long startCpuNs = processCpuNs();
        final Thread[] threads = new Thread[workers.length];
        for (int i = 0; i < workers.length; i++)
        {
            threads[i] = new Thread(workers[i], "holdfast-load-" + i);
            threads[i].start();
        }

        connected.await();
        final long connectedNs = System.nanoTime();
        printEstablished(out, (connectedNs - startNs) / NANOS_PER_SECOND);
        if (!stopped)
        {
            final long trafficStartNs = System.nanoTime();
            for (final LoadWorker worker : workers)
            {
                worker.startTraffic(trafficStartNs);
            }
        }

        final long joinMs = options.durationMs() + (LoadWorker.DRAIN_NS + LoadWorker.CLOSE_WAIT_NS) / NANOS_PER_MILLI +
            JOIN_MARGIN_MS;
        for (final Thread thread : threads)
        {
            thread.join(joinMs);
        }

        final LoadResult result = new LoadResult(options, workers, (connectedNs - startNs) / NANOS_PER_SECOND,
            (processCpuNs() - startCpuNs) / NANOS_PER_SECOND, (System.nanoTime() - startNs) / NANOS_PER_SECOND);
        for (final String line : ReportLines.summary(result))
        {
            out.println(line);
        }
        out.flush();
        return result;
    }

    /**
     * End the run early, from any thread (a signal handler's, say): attempts under way are abandoned, the traffic
     * stops, and every open connection is closed before {@link #run} reports.
     */
    public void stop()
    {
        stopped = true;
        for (final LoadWorker worker : workers)
        {
            worker.requestStop();
        }
    }

    private void printEstablished(final PrintStream out, final double seconds)
    {
        int established = 0;
        long failed = 0;
        final Histogram handshakeUs = LoadTotals.newLatencyHistogram();
        for (final LoadWorker worker : workers)
        {
            final LoadTotals totals = worker.totals();
            established += totals.establishedAtConnect;
            failed += totals.failedAtConnect;
            handshakeUs.add(totals.handshakeUs);
        }
        out.println(ReportLines.established(established, failed, seconds, handshakeUs));
        out.flush();
    }

    private static long processCpuNs()
    {
        return ((OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
