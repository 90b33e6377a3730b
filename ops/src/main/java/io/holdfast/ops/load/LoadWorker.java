package io.holdfast.ops.load;

import org.agrona.CloseHelper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * One I/O thread of the load generator and its share of the connections, on its own selector. It goes through the
 * run's phases on its own clock: connecting (paced attempts, each bounded by the handshake timeout), connected
 * (waiting for the generator to start every thread's traffic at once), traffic (heartbeats, echo messages),
 * draining (waiting briefly for echoes still out), closing (a close frame on every connection, a brief wait for the
 * server's) and done. Heartbeats start with the first connection, so a slow connect phase does not leave the early
 * connections silent.
 * <p>
 * Waiting is a blocking select until the next thing due, so a client that holds idle connections uses no CPU; only
 * the open loop spins through the last millisecond before a send, to send on time.
 */
final class LoadWorker implements Runnable
{
    /** The longest the draining phase waits for echoes still out. */
    static final long DRAIN_NS = 2_000_000_000L;
    /** The longest the closing phase waits for the server's close frames. */
    static final long CLOSE_WAIT_NS = 5_000_000_000L;
    static final long NANOS_PER_MILLI = 1_000_000L;

    private static final long MAX_WAIT_NS = 100_000_000L;
    private static final long SPIN_NS = NANOS_PER_MILLI;

    private static final int CONNECTING = 0;
    private static final int CONNECTED = 1;
    private static final int TRAFFIC = 2;
    private static final int DRAINING = 3;
    private static final int CLOSING = 4;
    private static final int DONE = 5;

    private final LoadOptions options;
    private final int index;
    private final int count;
    private final long keySeed;
    private final CountDownLatch connected;
    private final BroadcastProgress broadcastProgress;
    private final Selector selector;
    private final LoadTotals totals = new LoadTotals();
    private final Consumer<SelectionKey> onReady = this::onReady;
    private ClientConnections connections;
    private ConnectionAttempts attempts;
    private ClientTraffic traffic;
    private ClientReader reader;
    private int phase = CONNECTING;
    private long firstReadyNs;
    private long busyNs;
    private long trafficStartNs;
    private long deadlineNs;
    private Throwable error;

    private volatile long requestedTrafficStartNs;
    private volatile boolean stopRequested;

    /**
     * @param index             this thread's index among {@code options.threads()}.
     * @param connected         counted down once this thread's connections are all up (and subscribed, in a
     *                          broadcast run) or failed.
     * @param keySeed           seed of the handshake keys and masking keys.
     * @param broadcastProgress shared by every I/O thread of a broadcast run: how many the publisher sent.
     */
    LoadWorker(final int index, final LoadOptions options, final CountDownLatch connected, final long keySeed,
        final BroadcastProgress broadcastProgress) throws IOException
    {
        final int threads = options.threads();
        this.options = options;
        this.index = index;
        count = options.connections() / threads + (index < options.connections() % threads ? 1 : 0);
        this.keySeed = keySeed;
        this.connected = connected;
        this.broadcastProgress = broadcastProgress;
        selector = Selector.open();
    }

    /**
     * Run every phase to the end; a failure of the thread itself is kept for {@link #error()}.
     */
    public void run()
    {
        try
        {
            start(System.nanoTime());
            loop();
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            error = ex;
        }
        finally
        {
            if (connections != null)
            {
                connections.closeSockets(count);
            }
            CloseHelper.quietClose(selector);
            if (phase == CONNECTING)
            {
                connected.countDown();
            }
        }
    }

    /**
     * Start the traffic phase, from another thread, once every thread is connected.
     *
     * @param startNs the common start, in {@link System#nanoTime()} terms.
     */
    void startTraffic(final long startNs)
    {
        requestedTrafficStartNs = startNs;
        selector.wakeup();
    }

    /**
     * End the run early, from any thread: stop connecting or sending and close what is open.
     */
    void requestStop()
    {
        stopRequested = true;
        selector.wakeup();
    }

    /**
     * @return what the thread counted: after {@code connected} for the connect figures, after the thread ended for
     * the rest.
     */
    LoadTotals totals()
    {
        return totals;
    }

    Throwable error()
    {
        return error;
    }

    /**
     * Build the thread's parts on the thread itself, so that what it allocates is its own (and in its TLAB).
     */
    private void start(final long nowNs)
    {
        final int threads = options.threads();
        final ClientTable table = new ClientTable(count);
        final ByteStash stash = new ByteStash(ClientReader.MAX_RESPONSE_HEAD);
        final BroadcastFormat format = options.mode() == LoadMode.BROADCAST ?
            new BroadcastFormat(options.topic(), options.messageSize()) : null;
        final ClientFrames frames = new ClientFrames(hostHeader(options), requestTarget(options), options.header(),
            options.mode().isEcho() ? options.messageSize() : 0, options.binary(), format, table, stash, keySeed,
            index, threads);
        connections = new ClientConnections(table, frames, stash, new SplitMix64(keySeed ^ index), totals);
        final InetSocketAddress[] sources = options.sourceAddresses().stream()
            .map((address) -> new InetSocketAddress(address, 0)).toArray(InetSocketAddress[]::new);
        attempts = new ConnectionAttempts(count, (double)options.connectRate() / threads,
            LoadOptions.HANDSHAKE_TIMEOUT_MS * NANOS_PER_MILLI, options.target(), sources, selector, table, frames,
            connections, nowNs);
        traffic = new ClientTraffic(options, count, table, frames, connections, stash, totals,
            format != null ? broadcast(format, table) : null, nowNs);
        reader = new ClientReader(table, stash, frames, connections, traffic);
    }

    /**
     * The publisher is the run's first connection: slot 0 of the first I/O thread.
     */
    private BroadcastTraffic broadcast(final BroadcastFormat format, final ClientTable table)
    {
        final boolean hasPublisher = index == 0;
        totals.deliveries = new DeliveryBook(options.maxPublishes(), count, hasPublisher);
        return new BroadcastTraffic(options, count, hasPublisher, table, connections,
            new TopicMessageReader(format, count), totals.deliveries, broadcastProgress, totals);
    }

    private void loop() throws IOException
    {
        long nowNs = System.nanoTime();
        while (phase != DONE)
        {
            final long waitNs = nextDueNs(nowNs) - nowNs;
            firstReadyNs = 0;
            int work = select(waitNs);
            final long selectedNs = System.nanoTime();
            work += doDueWork(selectedNs);
            nowNs = System.nanoTime();
            if (work > 0)
            {
                busyNs += nowNs - (firstReadyNs != 0 ? firstReadyNs : selectedNs);
            }
        }
    }

    private int select(final long waitNs) throws IOException
    {
        final boolean spin = phase == TRAFFIC && options.mode() == LoadMode.OPEN_LOOP;
        if (waitNs <= 0 || (spin && waitNs < SPIN_NS))
        {
            return selector.selectNow(onReady);
        }
        // Spinning, wake up to a millisecond early and spin to the due time; otherwise never wake early.
        final long waitMs = spin ? waitNs / NANOS_PER_MILLI : (waitNs + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
        return selector.select(onReady, waitMs);
    }

    private long nextDueNs(final long nowNs)
    {
        long dueNs = Math.min(nowNs + MAX_WAIT_NS, traffic.nextDueNs());
        if (phase == CONNECTING)
        {
            dueNs = Math.min(dueNs, attempts.nextDueNs(nowNs));
        }
        else if (phase >= DRAINING)
        {
            dueNs = Math.min(dueNs, deadlineNs);
        }
        return dueNs;
    }

    private int doDueWork(final long nowNs)
    {
        int work = traffic.poll(nowNs);
        switch (phase)
        {
            case CONNECTING:
                work += attempts.poll(nowNs);
                if (stopRequested)
                {
                    attempts.abandon();
                }
                if (attempts.isDone() && (stopRequested || traffic.subscriptionsSettled(nowNs)))
                {
                    enterConnected();
                }
                break;
            case CONNECTED:
                if (stopRequested)
                {
                    enterClosing(nowNs);
                }
                else if (requestedTrafficStartNs != 0)
                {
                    enterTraffic(requestedTrafficStartNs);
                }
                break;
            case TRAFFIC:
                if (stopRequested || traffic.isOver(nowNs))
                {
                    enterDraining(nowNs);
                }
                break;
            case DRAINING:
                if ((connections.inFlight() == 0 && traffic.isDrained()) || nowNs >= deadlineNs)
                {
                    enterClosing(nowNs);
                }
                break;
            default:
                if (connections.closing() == 0 || nowNs >= deadlineNs)
                {
                    connections.closeUnanswered(count);
                    phase = DONE;
                }
                break;
        }
        return work;
    }

    private void enterConnected()
    {
        phase = CONNECTED;
        totals.establishedAtConnect = connections.open();
        totals.failedAtConnect = totals.failures.total();
        connected.countDown();
    }

    private void enterTraffic(final long startNs)
    {
        phase = TRAFFIC;
        trafficStartNs = startNs;
        busyNs = 0;
        traffic.start(startNs);
    }

    private void enterDraining(final long nowNs)
    {
        phase = DRAINING;
        traffic.stopSending(nowNs);
        totals.trafficBusyNs = busyNs;
        totals.trafficWallNs = nowNs - trafficStartNs;
        deadlineNs = nowNs + DRAIN_NS;
    }

    private void enterClosing(final long nowNs)
    {
        if (phase == CONNECTED)
        {
            traffic.stopSending(nowNs);
        }
        phase = CLOSING;
        traffic.stopMeasuring();
        connections.closeAll(count);
        deadlineNs = nowNs + CLOSE_WAIT_NS;
    }

    private void onReady(final SelectionKey key)
    {
        if (firstReadyNs == 0)
        {
            firstReadyNs = System.nanoTime();
            traffic.readyAt(firstReadyNs);
        }
        final int slot = (Integer)key.attachment();
        if (!key.isValid())
        {
            return;
        }
        final int readyOps = key.readyOps();
        if ((readyOps & SelectionKey.OP_CONNECT) != 0)
        {
            attempts.onConnectable(slot);
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0)
        {
            connections.writer().onWritable(slot);
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && key.isValid())
        {
            reader.onReadable(slot);
        }
    }

    private static String hostHeader(final LoadOptions options)
    {
        final int port = options.target().getPort();
        return options.url().getHost() + (port == 80 ? "" : ":" + port);
    }

    private static String requestTarget(final LoadOptions options)
    {
        final String path = options.url().getRawPath();
        final String query = options.url().getRawQuery();
        return (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query);
    }
}
