package io.holdfast.engine;

import io.holdfast.codec.frame.Opcode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static io.holdfast.engine.RawClient.pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * System tests of output the sockets do not take: a client that stops reading while the echo server writes to it
 * has its output queued up to the configured bounds, per connection and per worker, and is then cut with 1008
 * (policy violation) without disturbing any other connection. Loopback socket buffers hold megabytes, so the
 * clients send tens of megabytes before anything is queued in the server at all.
 */
@Timeout(30)
final class BackPressureTest
{
    private static final int MESSAGE = 64 << 10;
    private static final long MAX_FLOOD_BYTES = 64L << 20;
    private static final int MAX_MESSAGES = (int)(MAX_FLOOD_BYTES / MESSAGE);
    private static final int POLICY_VIOLATION = 1008;
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void closesConnectionThatStopsReadingWith1008WhileAnotherKeepsEchoing() throws Exception
    {
        final int maxPending = 256 << 10;
        final ConnectionRecorder recorder = new ConnectionRecorder();
        try (TestServer server = TestServer.start(limits(maxPending), recorder::newHandler);
            RawClient healthy = RawClient.open(server.port());
            RawClient slow = RawClient.open(server.port()))
        {
            recorder.nextOpened();
            final long slowId = recorder.nextOpened();
            final AtomicBoolean flooding = new AtomicBoolean(true);
            final CompletableFuture<Integer> echoes = echoWhile(healthy, flooding);

            floodUntilCut(slow, slow.frame(Opcode.BINARY, pattern(MESSAGE)));
            assertEquals(POLICY_VIOLATION, recorder.awaitClose(slowId));
            flooding.set(false);
            assertTrue(echoes.get(10, TimeUnit.SECONDS) > 0, "echoes while the slow client was flooding");

            healthy.expectEcho("after the slow consumer was cut");
            awaitPendingBytes(server.engine(), 0);
            server.awaitConnectionCount(1, SETTLE);
            healthy.closeNormally();
        }
    }

    @Test
    void cutsConnectionWithMostPendingOutputWhenWorkerShareIsSpent() throws Exception
    {
        // The config asks for maxPendingTotal >= maxPending; with both equal only the total bound is reached here.
        final int maxPendingTotal = 1 << 20;
        final ConnectionRecorder recorder = new ConnectionRecorder();
        try (TestServer server = TestServer.start(
            limits(maxPendingTotal).andThen(config -> config.workers(1).maxPendingTotal(maxPendingTotal)),
            recorder::newHandler);
            RawClient normal = RawClient.open(server.port());
            RawClient first = RawClient.open(server.port());
            RawClient second = RawClient.open(server.port()))
        {
            final Engine engine = server.engine();
            recorder.nextOpened();
            final long firstId = recorder.nextOpened();
            final long secondId = recorder.nextOpened();
            final byte[] payload = pattern(MESSAGE);
            final byte[] frame = first.frame(Opcode.BINARY, payload);
            normal.expectEcho("before");

            growPending(engine, recorder, firstId, first, frame, () -> engine.pendingBytes() >= 10 * MESSAGE);
            assertFalse(recorder.isClosed(firstId), "first slow reader cut while alone under the bound");
            assertTrue(engine.pendingBytes() < maxPendingTotal, "pending after the first " + engine.pendingBytes());

            final int secondSent =
                growPending(engine, recorder, secondId, second, frame, () -> recorder.isClosed(firstId));
            assertEquals(POLICY_VIOLATION, recorder.awaitClose(firstId));
            assertFalse(recorder.isClosed(secondId), "the reader with less pending output was cut");
            assertTrue(engine.pendingBytes() > 0 && engine.pendingBytes() <= maxPendingTotal,
                "pending after the cut " + engine.pendingBytes());
            normal.expectEcho("after");

            for (int i = 0; i < secondSent; i++)
            {
                second.expectMessage(Opcode.BINARY, payload);
            }
            second.expectEcho("caught up");
            awaitPendingBytes(engine, 0);
            second.closeNormally();
            normal.closeNormally();
            server.awaitConnectionCount(0, SETTLE);
        }
    }

    @Test
    void neverHoldsMoreThanMaxPendingForOneConnection() throws Exception
    {
        final int maxPending = 256 << 10;
        final ConnectionRecorder recorder = new ConnectionRecorder();
        try (TestServer server = TestServer.start(limits(maxPending), recorder::newHandler);
            RawClient slow = RawClient.open(server.port()))
        {
            final Engine engine = server.engine();
            final long slowId = recorder.nextOpened();
            final byte[] frame = slow.frame(Opcode.BINARY, pattern(MESSAGE));
            long mostPending = 0;
            try
            {
                for (int i = 0; i < MAX_MESSAGES && !recorder.isClosed(slowId); i++)
                {
                    sendAndAwaitEcho(engine, recorder, slowId, slow, frame);
                    mostPending = Math.max(mostPending, recorder.isClosed(slowId) ? 0 : engine.pendingBytes());
                }
            }
            catch (final IOException cut)
            {
                // Expected once the server closed the connection.
            }
            assertEquals(POLICY_VIOLATION, recorder.awaitClose(slowId));
            assertTrue(mostPending <= maxPending, "pending output of one open connection: " + mostPending);
        }
    }

    /**
     * Messages of at most {@link #MESSAGE} bytes, so a pending bound of a few of them is a valid config.
     */
    private static Consumer<EngineConfig> limits(final int maxPending)
    {
        return config -> config.maxMessage(MESSAGE).maxFrame(MESSAGE).maxPending(maxPending);
    }

    /**
     * Echo round trips on one connection, in the background, for as long as the flag stays set.
     *
     * @return the number of round trips.
     */
    private static CompletableFuture<Integer> echoWhile(final RawClient client, final AtomicBoolean running)
    {
        return CompletableFuture.supplyAsync(() ->
        {
            int echoes = 0;
            try
            {
                while (running.get())
                {
                    client.expectEcho("echo " + echoes++);
                }
                return echoes;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        });
    }

    /**
     * Send the frame again and again without reading, up to {@link #MAX_FLOOD_BYTES}, until the server cuts the
     * connection. Writes block when the server stops reading, so a watchdog closes the socket if it takes too long.
     */
    private static void floodUntilCut(final RawClient client, final byte[] frame)
    {
        final CompletableFuture<Void> watchdog =
            CompletableFuture.runAsync(client::close, CompletableFuture.delayedExecutor(15, TimeUnit.SECONDS));
        try
        {
            for (long sent = 0; sent < MAX_FLOOD_BYTES; sent += frame.length)
            {
                client.sendRaw(frame);
            }
        }
        catch (final IOException cut)
        {
            // Expected: the server closed the connection, so writes fail.
        }
        finally
        {
            watchdog.cancel(false);
        }
    }

    /**
     * Send messages one at a time without reading the echoes, each handled by the server before the next is sent, so
     * the server's pending output is known after each, until the condition holds.
     *
     * @return the number of messages sent.
     */
    private static int growPending(
        final Engine engine,
        final ConnectionRecorder recorder,
        final long connectionId,
        final RawClient client,
        final byte[] frame,
        final BooleanSupplier done) throws IOException
    {
        for (int sent = 0; sent < MAX_MESSAGES; sent++)
        {
            if (done.getAsBoolean())
            {
                return sent;
            }
            sendAndAwaitEcho(engine, recorder, connectionId, client, frame);
        }
        return fail("condition not reached after " + MAX_MESSAGES + " messages");
    }

    /**
     * Send one message and wait until the server has sent (or queued) its echo, or closed the connection.
     */
    private static void sendAndAwaitEcho(
        final Engine engine,
        final ConnectionRecorder recorder,
        final long connectionId,
        final RawClient client,
        final byte[] frame) throws IOException
    {
        final long sentBefore = engine.messagesSent();
        client.sendRaw(frame);
        awaitTrue(() -> engine.messagesSent() > sentBefore || recorder.isClosed(connectionId), "echo of a message");
    }

    private static void awaitPendingBytes(final Engine engine, final long expected)
    {
        awaitTrue(() -> engine.pendingBytes() == expected, "pending bytes " + expected);
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + WAIT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(50_000);
        }
    }

}
