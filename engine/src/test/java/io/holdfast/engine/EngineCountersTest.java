package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.frame.Opcode;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static io.holdfast.engine.CounterTypes.BYTES_RECEIVED;
import static io.holdfast.engine.CounterTypes.BYTES_SENT;
import static io.holdfast.engine.CounterTypes.CLOSE_TIMEOUTS;
import static io.holdfast.engine.CounterTypes.CONNECTIONS_ACTIVE;
import static io.holdfast.engine.CounterTypes.CONNECTIONS_CLOSED;
import static io.holdfast.engine.CounterTypes.CONNECTIONS_CLOSED_BY_REASON;
import static io.holdfast.engine.CounterTypes.CONNECTIONS_OPENED;
import static io.holdfast.engine.CounterTypes.DUTY_CYCLES_EXCEEDED;
import static io.holdfast.engine.CounterTypes.DUTY_CYCLE_MAX_NS;
import static io.holdfast.engine.CounterTypes.ERRORS;
import static io.holdfast.engine.CounterTypes.HANDSHAKES_ACCEPTED;
import static io.holdfast.engine.CounterTypes.HANDSHAKES_REJECTED;
import static io.holdfast.engine.CounterTypes.HANDSHAKE_TIMEOUTS;
import static io.holdfast.engine.CounterTypes.MESSAGES_RECEIVED;
import static io.holdfast.engine.CounterTypes.MESSAGES_SENT;
import static io.holdfast.engine.CounterTypes.PENDING_BYTES;
import static io.holdfast.engine.CounterTypes.PINGS_RECEIVED;
import static io.holdfast.engine.CounterTypes.PINGS_SENT;
import static io.holdfast.engine.CounterTypes.PONGS_RECEIVED;
import static io.holdfast.engine.CounterTypes.PONGS_SENT;
import static io.holdfast.engine.RawClient.pattern;
import static io.holdfast.engine.RawClient.utf8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * System tests of the engine's counters and {@link EngineEvents} against real connections: each test starts an
 * engine whose counters live in a {@link CounterSums} and whose events are recorded, drives clients over loopback,
 * and reads the counters the way a tool in another process would, summed over workers by type and key. Workers
 * update counters on their own threads, so every expectation on them is awaited with a bounded poll.
 */
@Timeout(30)
final class EngineCountersTest
{
    private static final int WORKERS = 2;
    private static final int MAX_HEADER = 1024;
    private static final int MAX_FRAME = 1024;
    private static final long IDLE_MS = 300;
    /** For the handshake, close and shutdown timeouts, which the tests wait out. */
    private static final long TIMEOUT_MS = 300;
    private static final long SHUTDOWN_MS = 2_000;
    private static final long PING_INTERVAL_MS = 50;
    private static final int APPLICATION_CODE = 4000;
    private static final String BOOM = "boom";
    private static final String HEARTBEAT = "{\"type\":\"ping\"}";
    private static final String HEARTBEAT_REPLY = "{\"type\":\"pong\"}";
    /** Echoes of these pile up in the server once the socket buffers of a client that does not read are full. */
    private static final int SLOW_MESSAGE = 16 << 10;
    private static final int SLOW_MAX_PENDING = 4 * SLOW_MESSAGE;
    /** Loopback socket buffers hold megabytes: this is far more than a slow consumer needs to be cut. */
    private static final long MAX_FLOOD_BYTES = 256L << 20;
    /** Burst of each inbound limit the tests go over, at a rate of one per second that adds nothing meanwhile. */
    private static final int INBOUND_BURST = 3;
    private static final long FLOOD_SECONDS = 20;
    private static final long WAIT_SECONDS = 10;
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final CounterSums counters = new CounterSums(WORKERS);
    private final RecordingEvents events = new RecordingEvents();
    private final ConnectionRecorder recorder = new ConnectionRecorder();
    private final List<RawClient> clients = new ArrayList<>();
    private TestServer server;

    /**
     * An upgraded client and the id the engine gave its connection.
     */
    private record Peer(RawClient client, long id)
    {
    }

    @AfterEach
    void closeClientsThenServer()
    {
        clients.forEach(RawClient::close);
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void countsConnectionsActiveOpenedAndClosedAndHandshakesAccepted() throws Exception
    {
        start(config -> {});
        final List<Peer> peers = new ArrayList<>();
        for (int i = 1; i <= 3; i++)
        {
            peers.add(open());
            awaitValue(() -> counters.sum(CONNECTIONS_ACTIVE), i, "connections active");
            assertEquals(i, counters.sum(CONNECTIONS_OPENED), "connections opened");
            assertEquals(i, counters.sum(HANDSHAKES_ACCEPTED), "handshakes accepted");
        }
        assertEquals(3, peers.stream().map(Peer::id).distinct().count(), "distinct connection ids");
        assertEquals(0, counters.sum(CONNECTIONS_CLOSED), "connections closed");

        for (int i = 1; i <= 3; i++)
        {
            final Peer peer = peers.get(i - 1);
            peer.client().closeNormally();
            expectClosedEvent(peer, CloseReason.CLIENT_CLOSE);
            awaitValue(() -> counters.sum(CONNECTIONS_ACTIVE), 3 - i, "connections active");
            assertEquals(i, counters.sum(CONNECTIONS_CLOSED), "connections closed");
        }
        assertAllClosed(Map.of(CloseReason.CLIENT_CLOSE, 3L));
        assertEquals(0, counters.sum(HANDSHAKES_REJECTED), "handshakes rejected");
    }

    @ParameterizedTest
    @EnumSource(CloseReason.class)
    void countsEachCloseReasonOnceInItsBucketAndReportsItWithItsCloseCode(final CloseReason reason) throws Exception
    {
        start(configFor(reason));
        final Peer peer = open();
        provoke(reason, peer);

        final RecordingEvents.Closed closed = expectClosedEvent(peer, reason);
        if (reason == CloseReason.IDLE_TIMEOUT)
        {
            assertTrue(closed.lifetimeMs() >= IDLE_MS, "lifetime of an idle connection " + closed.lifetimeMs());
        }
        awaitValue(() -> counters.sum(CONNECTIONS_CLOSED), 1, "connections closed");
        assertAllClosed(Map.of(reason, 1L));
        awaitValue(() -> counters.sum(ERRORS), reason == CloseReason.HANDLER_ERROR ? 1 : 0, "errors");
    }

    @Test
    void sumOverCloseReasonsEqualsConnectionsClosedWhenReasonsMix() throws Exception
    {
        start(config -> {});
        final List<CloseReason> reasons = List.of(
            CloseReason.CLIENT_CLOSE, CloseReason.SERVER_CLOSE, CloseReason.PROTOCOL_ERROR_1002,
            CloseReason.PROTOCOL_ERROR_1007, CloseReason.PROTOCOL_ERROR_1009, CloseReason.HANDLER_ERROR,
            CloseReason.CONNECTION_LOST, CloseReason.SHUTDOWN);
        final List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < reasons.size(); i++)
        {
            peers.add(open());
        }
        awaitValue(() -> counters.sum(CONNECTIONS_ACTIVE), reasons.size(), "connections active");

        // One at a time, so a connection still closing cannot be caught by the shutdown at the end.
        for (int i = 0; i < reasons.size(); i++)
        {
            provoke(reasons.get(i), peers.get(i));
            expectClosedEvent(peers.get(i), reasons.get(i));
        }
        assertAllClosed(reasons.stream().collect(Collectors.toMap(reason -> reason, reason -> 1L)));
        assertEquals(1, counters.sum(ERRORS), "errors");
    }

    @Test
    void countsConnectionThatNeverAnswersShutdownAsShutdownAtShutdownTimeout() throws Exception
    {
        start(config -> config.shutdownTimeoutMs(TIMEOUT_MS).closeTimeoutMs(SECONDS.toMillis(WAIT_SECONDS)));
        final Peer silent = open();
        final CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        assertEquals(CloseCodes.GOING_AWAY, silent.client().readFrame().closeCode(), "close code");
        silent.client().readToEnd();
        closing.get(WAIT_SECONDS, SECONDS);

        expectClosedEvent(silent, CloseReason.SHUTDOWN);
        assertAllClosed(Map.of(CloseReason.SHUTDOWN, 1L));
        assertEquals(0, counters.sum(CLOSE_TIMEOUTS), "close timeouts");
    }

    @Test
    void countsServerCloseNeverAnsweredAsCloseTimeout() throws Exception
    {
        start(config -> config.closeTimeoutMs(TIMEOUT_MS));
        final Peer silent = open();
        assertTrue(server.engine().close(silent.id(), APPLICATION_CODE), "close command queued");
        assertEquals(APPLICATION_CODE, silent.client().readFrame().closeCode(), "close code");
        silent.client().readToEnd();

        expectClosedEvent(silent, CloseReason.SERVER_CLOSE);
        awaitValue(() -> counters.sum(CLOSE_TIMEOUTS), 1, "close timeouts");
        assertAllClosed(Map.of(CloseReason.SERVER_CLOSE, 1L));
    }

    @Test
    void countsHandshakeNotCompletedInTimeAsHandshakeTimeoutOnly() throws Exception
    {
        start(config -> config.handshakeTimeoutMs(TIMEOUT_MS));
        try (RawClient client = RawClient.connect(server.port()))
        {
            assertEquals(0, client.readToEnd().length, "bytes from the server");
        }
        awaitValue(() -> counters.sum(HANDSHAKE_TIMEOUTS), 1, "handshake timeouts");
        assertEquals(0, counters.sum(HANDSHAKES_REJECTED), "handshakes rejected");
        assertAllClosed(Map.of());
    }

    // The refusals of the request itself; the others need their own configuration or handler, and HandshakeChecksTest,
    // AuthenticationTest and HandshakeHookTest count them.
    @ParameterizedTest
    @EnumSource(value = HandshakeRejection.class, mode = EnumSource.Mode.INCLUDE,
        names = {"BAD_REQUEST", "NOT_FOUND", "METHOD_NOT_ALLOWED", "UPGRADE_REQUIRED", "HEADERS_TOO_LARGE"})
    void countsRejectedHandshakeUnderItsStatus(final HandshakeRejection rejection) throws Exception
    {
        start(config -> {});
        try (RawClient client = RawClient.connect(server.port()))
        {
            client.sendRaw(requestRejectedWith(client, rejection));
            assertEquals(rejection.status(), client.readHttpHead().status(), "HTTP status");
            client.readToEnd();
        }
        expectRejectedOnce(rejection);
        assertEquals(0, counters.sum(HANDSHAKES_ACCEPTED), "handshakes accepted");
        assertEquals(0, counters.sum(CONNECTIONS_OPENED), "connections opened");
        assertEquals(0, counters.sum(CONNECTIONS_CLOSED), "connections closed");
    }

    @Test
    void countsHandshakeBeyondMaxConnectionsAsServerFull() throws Exception
    {
        start(config -> config.workers(1).maxConnections(1));
        final Peer peer = open();
        try (RawClient refused = RawClient.connect(server.port()))
        {
            // The server answers 503 as it accepts, before any request.
            assertEquals(HandshakeRejection.SERVER_FULL.status(), refused.readHttpHead().status(), "HTTP status");
            refused.readToEnd();
        }
        expectRejectedOnce(HandshakeRejection.SERVER_FULL);
        assertEquals(1, counters.sum(HANDSHAKES_ACCEPTED), "handshakes accepted");

        peer.client().closeNormally();
        expectClosedEvent(peer, CloseReason.CLIENT_CLOSE);
        assertAllClosed(Map.of(CloseReason.CLIENT_CLOSE, 1L));
    }

    @Test
    void countsMessagesBytesAndHeartbeatsBothWays() throws Exception
    {
        start(config -> {});
        final int messages = 3;
        final RawClient client = RawClient.connect(server.port());
        clients.add(client);
        final String key = client.newKey();
        final byte[] request = utf8(client.handshakeRequest(RawClient.PATH, key));
        client.sendRaw(request);
        client.expectSwitchingProtocols(key);
        long bytesFromClient = request.length;
        long frameBytesFromServer = 0;

        for (int i = 0; i < messages; i++)
        {
            final byte[] payload = utf8("message " + i);
            bytesFromClient += send(client, Opcode.TEXT, payload);
            client.expectMessage(Opcode.TEXT, payload);
            frameBytesFromServer += 2 + payload.length;
        }
        bytesFromClient += send(client, Opcode.TEXT, utf8(HEARTBEAT));
        client.expectMessage(Opcode.TEXT, utf8(HEARTBEAT_REPLY));
        frameBytesFromServer += 2 + HEARTBEAT_REPLY.length();

        final byte[] pingPayload = utf8("still there?");
        bytesFromClient += send(client, Opcode.PING, pingPayload);
        final RawClient.Frame pong = client.readFrame();
        assertEquals(Opcode.PONG, pong.opcode(), "answer to a ping frame");
        assertArrayEquals(pingPayload, pong.payload(), "pong payload");
        frameBytesFromServer += 2 + pingPayload.length;

        bytesFromClient += send(client, Opcode.CLOSE, RawClient.closePayload(CloseCodes.NORMAL, new byte[0]));
        client.expectClose(CloseCodes.NORMAL);
        frameBytesFromServer += 2 + 2;
        awaitValue(() -> counters.sum(CONNECTIONS_CLOSED), 1, "connections closed");

        assertEquals(messages + 1, counters.sum(MESSAGES_RECEIVED), "messages received, heartbeat included");
        assertEquals(messages + 1, counters.sum(MESSAGES_SENT), "messages sent, heartbeat reply included");
        assertEquals(2, counters.sum(PINGS_RECEIVED), "pings received: heartbeat and ping frame");
        assertEquals(2, counters.sum(PONGS_SENT), "pongs sent: heartbeat reply and pong frame");
        assertEquals(0, counters.sum(PINGS_SENT), "pings sent");
        assertEquals(0, counters.sum(PONGS_RECEIVED), "pongs received");
        assertEquals(bytesFromClient, counters.sum(BYTES_RECEIVED), "bytes received: the handshake and every frame");
        final long bytesSent = counters.sum(BYTES_SENT);
        final long minimum = frameBytesFromServer + "HTTP/1.1 101 Switching Protocols\r\n\r\n".length();
        assertTrue(bytesSent >= minimum && bytesSent < frameBytesFromServer + 512,
            "bytes sent " + bytesSent + " for " + frameBytesFromServer + " bytes of frames after a 101 response");
    }

    @Test
    void countsServerPingsAndThePongsAnsweringThem() throws Exception
    {
        final int pings = 3;
        start(config -> config.serverPingIntervalMs(PING_INTERVAL_MS));
        final Peer peer = open();
        for (int i = 0; i < pings; i++)
        {
            final RawClient.Frame ping = peer.client().readFrame();
            assertEquals(Opcode.PING, ping.opcode(), "frame from the server");
            peer.client().sendFrame(true, Opcode.PONG, ping.payload());
        }
        awaitValue(() -> counters.sum(PONGS_RECEIVED), pings, "pongs received");
        assertTrue(counters.sum(PINGS_SENT) >= pings, "pings sent " + counters.sum(PINGS_SENT));
        assertEquals(0, counters.sum(PINGS_RECEIVED), "pings received");
        assertEquals(0, counters.sum(PONGS_SENT), "pongs sent");
        peer.client().closeNormally();
        expectClosedEvent(peer, CloseReason.CLIENT_CLOSE);
    }

    @Test
    void countsDutyCyclesOverAZeroThreshold() throws Exception
    {
        start(config -> config.dutyCycleThresholdNs(0));
        open().client().expectEcho("work for a worker");
        awaitTrue(() -> counters.max(DUTY_CYCLE_MAX_NS) > 0, () -> "duty cycle max ns still 0");
        awaitTrue(() -> counters.sum(DUTY_CYCLES_EXCEEDED) > 0, () -> "no duty cycle counted over threshold 0");
    }

    @Test
    void countsNoDutyCycleOverAThresholdNoneReaches() throws Exception
    {
        start(config -> config.dutyCycleThresholdNs(Long.MAX_VALUE));
        open().client().expectEcho("work for a worker");
        awaitTrue(() -> counters.max(DUTY_CYCLE_MAX_NS) > 0, () -> "duty cycle max ns still 0");
        assertEquals(0, counters.sum(DUTY_CYCLES_EXCEEDED), "duty cycles over threshold");
    }

    @Test
    void keysHoldTheWorkerIndexAndTheDetailOfEveryCounter() throws Exception
    {
        start(config -> {});
        final Set<Integer> workers = Set.of(0, 1);
        final Set<Integer> reasons = new TreeSet<>();
        for (final CloseReason reason : CloseReason.values())
        {
            reasons.add(reason.ordinal());
        }
        final Set<Integer> statuses = new TreeSet<>();
        for (final HandshakeRejection rejection : HandshakeRejection.values())
        {
            statuses.add(rejection.status());
        }

        for (int typeId = CONNECTIONS_ACTIVE; typeId <= DUTY_CYCLES_EXCEEDED; typeId++)
        {
            final Set<Integer> details = typeId == CONNECTIONS_CLOSED_BY_REASON ? reasons :
                (typeId == HANDSHAKES_REJECTED ? statuses : Set.of(0));
            for (final int worker : workers)
            {
                assertEquals(details, detailsOf(typeId, worker), "details of type " + typeId + ", worker " + worker);
            }
            assertEquals(workers, workersOf(typeId), "workers with counters of type " + typeId);
        }
        assertEquals(Set.of(-1), workersOf(ERRORS), "the errors counter belongs to the whole engine");
        assertEquals(Set.of(0), detailsOf(ERRORS, -1), "detail of the errors counter");
    }

    /**
     * Start an engine whose counters and events this test reads; the customizer may change the base config.
     */
    private void start(final Consumer<EngineConfig> customizer) throws IOException
    {
        server = TestServer.start(
            config -> customizer.accept(config
                .workers(WORKERS)
                .maxHeader(MAX_HEADER)
                .maxFrame(MAX_FRAME)
                .shutdownTimeoutMs(SHUTDOWN_MS)
                .countersManager(counters.manager())
                .events(events)),
            outbound -> new FailingOnBoom(recorder.newHandler(outbound)));
        counters.index();
    }

    /**
     * Connect and upgrade a client, and check the events and the handler were told the same new id.
     */
    private Peer open() throws IOException, InterruptedException
    {
        final RawClient client = RawClient.open(server.port());
        clients.add(client);
        final long id = next(events.opened, "connection opened");
        assertEquals(recorder.nextOpened(), id, "id in the event and in the handler's onOpen");
        return new Peer(client, id);
    }

    private static Consumer<EngineConfig> configFor(final CloseReason reason)
    {
        switch (reason)
        {
            case IDLE_TIMEOUT:
                return config -> config.idleTimeoutMs(IDLE_MS);

            case SLOW_CONSUMER:
                return config -> config.maxMessage(SLOW_MESSAGE).maxFrame(SLOW_MESSAGE).maxPending(SLOW_MAX_PENDING);

            case INBOUND_MESSAGE_RATE:
                return config -> config.maxInboundMessagesRate(1).maxInboundMessagesBurst(INBOUND_BURST);

            case INBOUND_BYTE_RATE:
                // Room for the burst's frames with their headers (14 bytes at most each), not for one more.
                return config -> config.maxMessage(INBOUND_BURST * MAX_FRAME)
                    .maxInboundBytesRate(1).maxInboundBytesBurst(INBOUND_BURST * (MAX_FRAME + 14));

            case PING_FLOOD:
                return config -> config.maxInboundPingsRate(1).maxInboundPingsBurst(INBOUND_BURST);

            default:
                return config -> {};
        }
    }

    /**
     * Make the peer's connection end for the reason, and let the client finish its side so the server can release
     * it: the server waits for the end of stream after a protocol error and for the close reply after its own close.
     */
    private void provoke(final CloseReason reason, final Peer peer) throws Exception
    {
        final RawClient client = peer.client();
        switch (reason)
        {
            case CLIENT_CLOSE:
                client.closeNormally();
                break;

            case SERVER_CLOSE:
                assertTrue(server.engine().close(peer.id(), APPLICATION_CODE), "close command queued");
                client.expectClose(APPLICATION_CODE);
                break;

            case IDLE_TIMEOUT:
                client.expectClose(CloseCodes.GOING_AWAY);
                break;

            case PROTOCOL_ERROR_1002:
                client.sendFrame(true, 0, Opcode.TEXT, utf8("unmasked"), false);
                expectCloseThenEnd(client, CloseCodes.PROTOCOL_ERROR);
                break;

            case PROTOCOL_ERROR_1007:
                client.sendFrame(true, Opcode.TEXT, new byte[]{'a', (byte)0xC0, (byte)0xAF});
                expectCloseThenEnd(client, CloseCodes.INVALID_PAYLOAD);
                break;

            case PROTOCOL_ERROR_1009:
                client.sendFrame(true, Opcode.BINARY, pattern(MAX_FRAME + 1));
                expectCloseThenEnd(client, CloseCodes.MESSAGE_TOO_BIG);
                break;

            case SLOW_CONSUMER:
                cutAsSlowConsumer(peer);
                break;

            case SHUTDOWN:
                shutDownAnswering(client);
                break;

            case HANDLER_ERROR:
                client.sendText(BOOM);
                client.expectClose(CloseCodes.INTERNAL_ERROR);
                break;

            case CONNECTION_LOST:
                client.close();
                break;

            case INBOUND_MESSAGE_RATE:
                client.sendFrames(Opcode.TEXT, utf8("one too many"), INBOUND_BURST + 1);
                expectCloseThenEnd(client, CloseCodes.POLICY_VIOLATION);
                break;

            case INBOUND_BYTE_RATE:
                client.sendFrames(Opcode.BINARY, pattern(MAX_FRAME), INBOUND_BURST + 1);
                expectCloseThenEnd(client, CloseCodes.POLICY_VIOLATION);
                break;

            case PING_FLOOD:
                client.sendFrames(Opcode.PING, utf8("flood"), INBOUND_BURST + 1);
                expectCloseThenEnd(client, CloseCodes.POLICY_VIOLATION);
                break;

            default:
                fail("no way to provoke " + reason);
        }
    }

    /**
     * @return the close code the server reports for a connection that ended for the reason.
     */
    private static int expectedCode(final CloseReason reason)
    {
        switch (reason)
        {
            case CLIENT_CLOSE:
                return CloseCodes.NORMAL;

            case SERVER_CLOSE:
                return APPLICATION_CODE;

            case IDLE_TIMEOUT:
            case SHUTDOWN:
                return CloseCodes.GOING_AWAY;

            case PROTOCOL_ERROR_1002:
                return CloseCodes.PROTOCOL_ERROR;

            case PROTOCOL_ERROR_1007:
                return CloseCodes.INVALID_PAYLOAD;

            case PROTOCOL_ERROR_1009:
                return CloseCodes.MESSAGE_TOO_BIG;

            case SLOW_CONSUMER:
            case INBOUND_MESSAGE_RATE:
            case INBOUND_BYTE_RATE:
            case PING_FLOOD:
                return CloseCodes.POLICY_VIOLATION;

            case HANDLER_ERROR:
                return CloseCodes.INTERNAL_ERROR;

            default:
                return CloseCodes.ABNORMAL_CLOSURE;
        }
    }

    /**
     * Close the engine as an application's shutdown would, from another thread, while the client answers its close.
     */
    private void shutDownAnswering(final RawClient client) throws Exception
    {
        final CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        client.expectClose(CloseCodes.GOING_AWAY);
        closing.get(WAIT_SECONDS, SECONDS);
    }

    private static void expectCloseThenEnd(final RawClient client, final int code) throws IOException
    {
        client.expectClose(code);
        client.close();
    }

    /**
     * Flood the echo server without reading until it reports the client a slow consumer, then check the report.
     */
    private void cutAsSlowConsumer(final Peer peer) throws InterruptedException
    {
        floodUntilCut(peer.client(), peer.client().frame(Opcode.BINARY, pattern(SLOW_MESSAGE)));
        final RecordingEvents.SlowConsumer cut = next(events.slowConsumers, "slow consumer");
        assertEquals(peer.id(), cut.connectionId(), "slow consumer's id");
        assertTrue(cut.pendingBytes() > SLOW_MAX_PENDING, "pending bytes when cut " + cut.pendingBytes());
        peer.client().close();
        awaitValue(() -> counters.sum(PENDING_BYTES), 0, "pending bytes after the cut");
    }

    /**
     * Send the frame again and again without reading the echoes, until the server reports a slow consumer or cuts
     * the connection so that writes fail. A write blocks while the server does not read, so a watchdog closes the
     * socket if it takes too long.
     */
    private void floodUntilCut(final RawClient client, final byte[] frame)
    {
        final CompletableFuture<Void> watchdog = CompletableFuture.runAsync(
            client::close, CompletableFuture.delayedExecutor(FLOOD_SECONDS, SECONDS));
        try
        {
            for (long sent = 0; sent < MAX_FLOOD_BYTES && events.slowConsumers.isEmpty(); sent += frame.length)
            {
                client.sendRaw(frame);
            }
        }
        catch (final IOException cut)
        {
            // Expected once the server closed the connection.
        }
        finally
        {
            watchdog.cancel(false);
        }
    }

    /**
     * @return the bytes of the masked frame sent, as they appear on the wire.
     */
    private static int send(final RawClient client, final int opcode, final byte[] payload) throws IOException
    {
        client.sendFrame(true, opcode, payload);
        return client.frame(opcode, payload).length;
    }

    /**
     * @return an upgrade request the server answers with the rejection's status.
     */
    private static String requestRejectedWith(final RawClient client, final HandshakeRejection rejection)
    {
        final String valid = client.handshakeRequest(RawClient.PATH, client.newKey());
        switch (rejection)
        {
            case BAD_REQUEST:
                return "HELLO\r\n\r\n";

            case NOT_FOUND:
                return client.handshakeRequest("/elsewhere", client.newKey());

            case METHOD_NOT_ALLOWED:
                return valid.replace("GET ", "POST ");

            case UPGRADE_REQUIRED:
                return valid.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");

            case HEADERS_TOO_LARGE:
                return valid.replace("\r\n\r\n", "\r\nX-Filler: " + "x".repeat(2 * MAX_HEADER) + "\r\n\r\n");

            default:
                return fail("no request for " + rejection);
        }
    }

    /**
     * Take the next close event and check it is the peer's, for the reason, with the reason's close code, which the
     * handler was told too.
     */
    private RecordingEvents.Closed expectClosedEvent(final Peer peer, final CloseReason reason)
        throws InterruptedException
    {
        final RecordingEvents.Closed closed = next(events.closed, "connection closed");
        assertEquals(new RecordingEvents.Closed(peer.id(), reason, expectedCode(reason), closed.lifetimeMs()), closed);
        assertTrue(closed.lifetimeMs() >= 0, "lifetime " + closed.lifetimeMs());
        assertEquals(expectedCode(reason), recorder.awaitClose(peer.id()), "close code the handler was told");
        return closed;
    }

    /**
     * Check that every opened connection closed and each was counted once, under its reason.
     */
    private void assertAllClosed(final Map<CloseReason, Long> expected)
    {
        final Map<CloseReason, Long> counted = new EnumMap<>(CloseReason.class);
        for (final CloseReason reason : CloseReason.values())
        {
            final long count = counters.closedBy(reason);
            if (count != 0)
            {
                counted.put(reason, count);
            }
        }
        assertEquals(expected, counted, "connections closed by reason");
        final long total = expected.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(total, counters.sum(CONNECTIONS_CLOSED_BY_REASON), "sum over close reasons");
        assertEquals(total, counters.sum(CONNECTIONS_CLOSED), "connections closed");
        assertEquals(total, counters.sum(CONNECTIONS_OPENED), "connections opened");
        assertEquals(total, counters.sum(HANDSHAKES_ACCEPTED), "handshakes accepted");
        assertEquals(0, counters.sum(CONNECTIONS_ACTIVE), "connections active");
    }

    private void expectRejectedOnce(final HandshakeRejection rejection) throws InterruptedException
    {
        assertEquals(rejection, next(events.rejected, "handshake rejected"));
        awaitValue(() -> counters.rejected(rejection), 1, "handshakes rejected with " + rejection.status());
        assertEquals(1, counters.sum(HANDSHAKES_REJECTED), "handshakes rejected under any status");
    }

    private Set<Integer> workersOf(final int typeId)
    {
        return counters.counters().stream()
            .filter(counter -> counter.typeId() == typeId)
            .map(CounterSums.Counter::worker)
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<Integer> detailsOf(final int typeId, final int worker)
    {
        final List<Integer> details = counters.counters().stream()
            .filter(counter -> counter.typeId() == typeId && counter.worker() == worker)
            .map(CounterSums.Counter::detail)
            .collect(Collectors.toList());
        final Set<Integer> distinct = new TreeSet<>(details);
        assertEquals(distinct.size(), details.size(), "two counters of type " + typeId + " with the same key");
        return distinct;
    }

    private static <T> T next(final BlockingQueue<T> queue, final String what) throws InterruptedException
    {
        final T item = queue.poll(WAIT_SECONDS, SECONDS);
        assertNotNull(item, () -> "no " + what + " event within " + WAIT_SECONDS + " s");
        return item;
    }

    private static void awaitValue(final LongSupplier actual, final long expected, final String what)
    {
        awaitTrue(() -> actual.getAsLong() == expected,
            () -> what + ": expected " + expected + ", still " + actual.getAsLong());
    }

    private static void awaitTrue(final BooleanSupplier condition, final Supplier<String> message)
    {
        final long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail(message);
            }
            LockSupport.parkNanos(POLL_NS);
        }
    }

    /**
     * Every event the engine reported, in order per kind; the workers call it on their own threads.
     */
    private static final class RecordingEvents implements EngineEvents
    {
        record Closed(long connectionId, CloseReason reason, int closeCode, long lifetimeMs)
        {
        }

        record SlowConsumer(long connectionId, long pendingBytes)
        {
        }

        final BlockingQueue<Long> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();
        final BlockingQueue<HandshakeRejection> rejected = new LinkedBlockingQueue<>();
        final BlockingQueue<SlowConsumer> slowConsumers = new LinkedBlockingQueue<>();

        public void onConnectionOpened(final long connectionId)
        {
            opened.add(connectionId);
        }

        public void onConnectionClosed(
            final long connectionId, final CloseReason reason, final int closeCode, final long lifetimeMs)
        {
            closed.add(new Closed(connectionId, reason, closeCode, lifetimeMs));
        }

        public void onHandshakeRejected(final HandshakeRejection rejection)
        {
            rejected.add(rejection);
        }

        public void onSlowConsumer(
            final long connectionId, final long pendingBytes, final SlowConsumerPolicy action)
        {
            slowConsumers.add(new SlowConsumer(connectionId, pendingBytes));
        }
    }

    /**
     * Hands everything to another handler but throws for the text {@link #BOOM}, as a buggy application would.
     */
    private static final class FailingOnBoom implements WebSocketHandler
    {
        private final WebSocketHandler delegate;

        FailingOnBoom(final WebSocketHandler delegate)
        {
            this.delegate = delegate;
        }

        public void onOpen(final long connectionId)
        {
            delegate.onOpen(connectionId);
        }

        public void onMessage(
            final long connectionId,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final boolean isText)
        {
            if (isText && length == BOOM.length() && BOOM.equals(buffer.getStringWithoutLengthAscii(offset, length)))
            {
                throw new IllegalStateException("handler failure on " + BOOM);
            }
            delegate.onMessage(connectionId, buffer, offset, length, isText);
        }

        public void onClose(final long connectionId, final int code)
        {
            delegate.onClose(connectionId, code);
        }
    }
}
