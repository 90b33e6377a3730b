package io.holdfast.ops;

import io.holdfast.engine.ConnectionId;
import io.holdfast.engine.JdkWebSocketClient;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code holdfast serve --jfr FILE} records a short, eventful run of the real launcher: connections that open, close
 * politely, break the protocol, stop reading and are still open at shutdown, and a handshake to a wrong path. After
 * SIGTERM the file is complete, and read back with {@link RecordingFile} it holds each holdfast event with the fields
 * the run explains, the periodic statistics, and nothing per message. The other ways README shows (the JVM option,
 * jcmd) record the holdfast events too, and a recording file that cannot be written stops serve with one line.
 */
@Timeout(value = 90, unit = SECONDS)
final class FlightRecordingIT
{
    private static final String PATH = "/ws";
    private static final int WORKERS = 2;
    private static final long MAX_PENDING = 64 << 10;
    /** Fits in one frame under the 16 KiB message limit below; a few hundred fill the socket buffers. */
    private static final int FLOOD_MESSAGE = 16_000;
    private static final long MAX_FLOOD_BYTES = 64L << 20;
    private static final Duration DUTY_CYCLE_THRESHOLD = Duration.ofNanos(1_000);
    /** Longer than the statistics period (1 s), so statistics are taken once the run is quiet. */
    private static final long QUIET_MS = 2_500;
    private static final int REPLY_MS = 10_000;
    private static final int NORMAL_CLOSURE = 1000;
    private static final int GOING_AWAY = 1001;
    private static final int PROTOCOL_ERROR = 1002;
    private static final int POLICY_VIOLATION = 1008;
    /** A close code that must never be on the wire: sending it is a protocol error. */
    private static final int NO_STATUS_RECEIVED = 1005;
    private static final Set<String> HOLDFAST_EVENTS = Set.of("holdfast.ConnectionOpened",
        "holdfast.ConnectionClosed", "holdfast.HandshakeRejected", "holdfast.SlowConsumer",
        "holdfast.DutyCycleExceeded", "holdfast.EngineStatistics");

    @TempDir
    Path directory;

    @Test
    void shouldRecordEngineEventsAndStatisticsToACompleteFileOnSigterm() throws Exception
    {
        final Path recording = directory.resolve("rec.jfr");
        try (HoldfastProcess server = HoldfastProcess.start(directory, "serve", "--jfr", recording.toString(),
            "holdfast.listen.address=127.0.0.1", "holdfast.listen.port=0", "holdfast.dir=" + directory.resolve("run"),
            "holdfast.admin.enabled=false", "holdfast.status.interval=0", "holdfast.workers=" + WORKERS,
            "holdfast.duty.cycle.threshold=1us", "holdfast.max.frame=16KiB", "holdfast.max.message=16KiB",
            "holdfast.max.pending=" + MAX_PENDING))
        {
            final int port = server.awaitPort();
            final URI uri = HoldfastProcess.uri(port, PATH);
            final List<JdkWebSocketClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                clients.add(JdkWebSocketClient.connect(uri));
                assertEquals("hello " + i, clients.get(i).roundTrip("hello " + i));
            }
            final URI wrongPath = HoldfastProcess.uri(port, "/nope");
            assertThrows(ExecutionException.class, () -> JdkWebSocketClient.connect(wrongPath));
            clients.get(0).closeNormally();
            breakTheProtocol(port);
            floodWithoutReading(uri);

            Thread.sleep(QUIET_MS);
            assertEquals(0, server.terminate(), "exit status after SIGTERM");
            assertEquals(GOING_AWAY, clients.get(1).closeCode());
            assertEquals(GOING_AWAY, clients.get(2).closeCode());
            server.assertNoStackTraceOrWorkerError();
        }

        final List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        final Map<String, List<RecordedEvent>> byName = events.stream()
            .filter(event -> event.getEventType().getName().startsWith("holdfast."))
            .collect(Collectors.groupingBy(event -> event.getEventType().getName()));
        assertEquals(HOLDFAST_EVENTS, byName.keySet(), "holdfast event types recorded");
        byName.values().forEach(list -> assertDescribed(list.get(0).getEventType()));

        final List<Long> opened = assertOpened(byName.get("holdfast.ConnectionOpened"));
        final long slowConsumerId = assertClosed(byName.get("holdfast.ConnectionClosed"), opened);
        assertHandshakeRejected(byName.get("holdfast.HandshakeRejected"));
        assertSlowConsumer(byName.get("holdfast.SlowConsumer"), slowConsumerId);
        assertDutyCyclesExceeded(byName.get("holdfast.DutyCycleExceeded"));
        assertStatistics(byName.get("holdfast.EngineStatistics"));
    }

    @Test
    void shouldExitWithOneLineWhenTheRecordingCannotBeWritten() throws Exception
    {
        final Path notAFolder = Files.createFile(directory.resolve("not-a-folder"));
        final Path recording = notAFolder.resolve("rec.jfr");
        final HoldfastProcess.Result result = HoldfastProcess.runToExit(directory, "serve", "--jfr",
            recording.toString(), "holdfast.listen.address=127.0.0.1", "holdfast.listen.port=0",
            "holdfast.dir=" + directory.resolve("run"), "holdfast.admin.enabled=false");

        result.assertOneLineError(Main.EXIT_FAILED, "holdfast serve: cannot write the JFR recording to " + recording);
    }

    /**
     * The way without {@code --jfr}, as README shows it: the JVM option with the bundled settings starts recording
     * before holdfast registers its events, which still get the settings.
     */
    @Test
    void shouldRecordHoldfastEventsWithTheJvmOptionAndTheBundledSettings() throws Exception
    {
        final Path recording = directory.resolve("plain.jfr");
        try (HoldfastProcess server = HoldfastProcess.startWithJvmFlags(directory,
            "-XX:StartFlightRecording:settings=" + OpsFiles.opsDirectory().resolve("config/holdfast.jfc") +
            ",filename=" + recording, "serve", "holdfast.listen.address=127.0.0.1", "holdfast.listen.port=0",
            "holdfast.dir=" + directory.resolve("run"), "holdfast.admin.enabled=false", "holdfast.status.interval=0"))
        {
            final JdkWebSocketClient client = JdkWebSocketClient.connect(HoldfastProcess.uri(server.awaitPort(), PATH));
            assertEquals("hello", client.roundTrip("hello"));
            client.closeNormally();
            Thread.sleep(QUIET_MS);
            assertEquals(0, server.terminate(), "exit status after SIGTERM");
        }

        assertHoldfastEvents(recording);
    }

    /**
     * The way for a server already running without a recording, as README shows it: {@code jcmd PID JFR.start} with
     * the bundled settings, then {@code JFR.dump} and {@code JFR.stop}. The server registers its events only once JFR
     * runs, so this checks they still reach a recording started from outside.
     */
    @Test
    void shouldRecordHoldfastEventsWhenJcmdStartsARecordingWhileServing() throws Exception
    {
        final Path recording = directory.resolve("jcmd.jfr");
        final Path serverDirectory = directory.resolve("run");
        try (HoldfastProcess server = HoldfastProcess.start(directory, "serve", "holdfast.listen.address=127.0.0.1",
            "holdfast.listen.port=0", "holdfast.dir=" + serverDirectory, "holdfast.admin.enabled=false",
            "holdfast.status.interval=0"))
        {
            final int port = server.awaitPort();
            final String pid = Long.toString(serverPid(serverDirectory));
            jcmd(pid, "JFR.start", "name=holdfast",
                "settings=" + OpsFiles.opsDirectory().resolve("config/holdfast.jfc"));
            final JdkWebSocketClient client = JdkWebSocketClient.connect(HoldfastProcess.uri(port, PATH));
            assertEquals("hello", client.roundTrip("hello"));
            client.closeNormally();
            Thread.sleep(QUIET_MS);
            jcmd(pid, "JFR.dump", "name=holdfast", "filename=" + recording);
            jcmd(pid, "JFR.stop", "name=holdfast");
            assertEquals(0, server.terminate(), "exit status after SIGTERM");
        }

        assertHoldfastEvents(recording);
    }

    /**
     * Open a connection and send a close frame with a code reserved for local use: the server answers 1002.
     */
    private static void breakTheProtocol(final int port) throws IOException
    {
        try (RawWebSocket webSocket = RawWebSocket.connect(port, PATH))
        {
            assertTrue(webSocket.awaitUpgrade(REPLY_MS), "no upgrade within " + REPLY_MS + " ms");
            webSocket.sendClose(NO_STATUS_RECEIVED);
            final RawWebSocket.Frame reply = webSocket.readFrame(REPLY_MS);
            assertEquals(RawWebSocket.OPCODE_CLOSE, reply.opcode(), "opcode of the reply");
            assertEquals(PROTOCOL_ERROR, reply.closeCode(), "close code of the reply");
        }
    }

    /**
     * Send with the JDK client while never asking it to read, so the echoes pile up in the server until it cuts the
     * connection and a send fails.
     */
    private static void floodWithoutReading(final URI uri) throws Exception
    {
        final WebSocket webSocket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(uri, new WebSocket.Listener()
            {
                public void onOpen(final WebSocket webSocket)
                {
                    // No request(n): the client reads nothing.
                }
            })
            .get(REPLY_MS, MILLISECONDS);
        final String message = "x".repeat(FLOOD_MESSAGE);
        try
        {
            for (long sent = 0; sent < MAX_FLOOD_BYTES; sent += FLOOD_MESSAGE)
            {
                webSocket.sendText(message, true).get(REPLY_MS, MILLISECONDS);
            }
        }
        catch (final ExecutionException cut)
        {
            webSocket.abort();
            return;
        }
        webSocket.abort();
        throw new AssertionError("not cut after " + MAX_FLOOD_BYTES + " bytes without reading");
    }

    /**
     * The events of one connection opened and closed, and the periodic statistics.
     */
    private static void assertHoldfastEvents(final Path recording) throws IOException
    {
        final Map<String, Long> counts = RecordingFile.readAllEvents(recording).stream()
            .filter(event -> event.getEventType().getName().startsWith("holdfast."))
            .collect(Collectors.groupingBy(event -> event.getEventType().getName(), Collectors.counting()));
        assertEquals(1, counts.get("holdfast.ConnectionOpened"), "events: " + counts);
        assertEquals(1, counts.get("holdfast.ConnectionClosed"), "events: " + counts);
        assertTrue(counts.getOrDefault("holdfast.EngineStatistics", 0L) > 0, "events: " + counts);
    }

    /**
     * @return the process id of the server JVM this test started with that directory (the launcher execs it).
     */
    private static long serverPid(final Path serverDirectory)
    {
        final String argument = "holdfast.dir=" + serverDirectory;
        return ProcessHandle.current().children()
            .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).contains(argument))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no child process with " + argument))
            .pid();
    }

    /**
     * Run the JDK's jcmd against a process and fail unless it succeeds.
     */
    private static void jcmd(final String pid, final String... command) throws Exception
    {
        final List<String> commandLine = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid));
        commandLine.addAll(List.of(command));
        final Process jcmd = new ProcessBuilder(commandLine).redirectErrorStream(true).start();
        jcmd.getOutputStream().close();
        final String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(REPLY_MS, MILLISECONDS), "jcmd still running: " + commandLine);
        assertEquals(0, jcmd.exitValue(), commandLine + ": " + output);
    }

    private static void assertDescribed(final EventType type)
    {
        assertEquals(List.of("holdfast"), type.getCategoryNames(), type.getName());
        assertNotNull(type.getLabel(), type.getName());
        assertNotNull(type.getDescription(), type.getName());
        for (final ValueDescriptor field : type.getFields())
        {
            assertNotNull(field.getLabel(), type.getName() + "." + field.getName());
        }
        type.getFields().stream()
            .filter(field -> !Set.of("startTime", "duration", "eventThread", "stackTrace").contains(field.getName()))
            .forEach(field -> assertNotNull(field.getDescription(), type.getName() + "." + field.getName()));
    }

    /**
     * Three JDK clients, the protocol breaker and the slow consumer: five connections, each on the worker its id
     * names.
     *
     * @return their ids.
     */
    private static List<Long> assertOpened(final List<RecordedEvent> events)
    {
        assertEquals(5, events.size(), "connections opened: " + events);
        for (final RecordedEvent event : events)
        {
            final int worker = event.getInt("worker");
            assertTrue(worker >= 0 && worker < WORKERS, "worker " + worker);
            assertEquals(ConnectionId.workerIndex(event.getLong("connectionId")), worker, "worker of " + event);
        }
        return events.stream().map(event -> event.getLong("connectionId")).collect(Collectors.toList());
    }

    /**
     * @return the id of the connection closed as a slow consumer.
     */
    private static long assertClosed(final List<RecordedEvent> events, final List<Long> opened)
    {
        final Map<String, List<RecordedEvent>> byReason =
            events.stream().collect(Collectors.groupingBy(event -> event.getString("reason")));
        assertEquals(Map.of("client close", 1, "protocol error 1002", 1, "slow consumer", 1, "shutdown", 2),
            byReason.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().size())),
            "closes by reason: " + events);
        assertCloses(byReason.get("client close"), NORMAL_CLOSURE, Duration.ofMillis(1));
        assertCloses(byReason.get("protocol error 1002"), PROTOCOL_ERROR, Duration.ZERO);
        assertCloses(byReason.get("slow consumer"), POLICY_VIOLATION, Duration.ZERO);
        assertCloses(byReason.get("shutdown"), GOING_AWAY, Duration.ofMillis(QUIET_MS));
        assertEquals(Set.copyOf(opened),
            events.stream().map(event -> event.getLong("connectionId")).collect(Collectors.toSet()),
            "every connection opened was closed once");
        return byReason.get("slow consumer").get(0).getLong("connectionId");
    }

    private static void assertCloses(final List<RecordedEvent> events, final int closeCode, final Duration minLifetime)
    {
        for (final RecordedEvent event : events)
        {
            assertEquals(closeCode, event.getInt("closeCode"), "close code of " + event);
            assertTrue(event.getDuration("lifetime").compareTo(minLifetime) >= 0, "lifetime of " + event);
            assertEquals(ConnectionId.workerIndex(event.getLong("connectionId")), event.getInt("worker"));
        }
    }

    private static void assertHandshakeRejected(final List<RecordedEvent> events)
    {
        assertEquals(1, events.size(), "handshakes rejected: " + events);
        assertEquals(404, events.get(0).getInt("status"));
        assertEquals("unknown path", events.get(0).getString("reason"));
    }

    private static void assertSlowConsumer(final List<RecordedEvent> events, final long connectionId)
    {
        assertEquals(1, events.size(), "slow consumers: " + events);
        assertEquals(connectionId, events.get(0).getLong("connectionId"));
        assertTrue(events.get(0).getLong("pendingBytes") > MAX_PENDING, "pending bytes of " + events.get(0));
    }

    /**
     * A threshold of a microsecond: every worker's busy cycles exceed it.
     */
    private static void assertDutyCyclesExceeded(final List<RecordedEvent> events)
    {
        for (final RecordedEvent event : events)
        {
            assertEquals(DUTY_CYCLE_THRESHOLD, event.getDuration("threshold"), "threshold of " + event);
            assertTrue(event.getLong("cyclesExceeded") > 0, "cycles exceeded in " + event);
            assertTrue(event.getDuration("longestDutyCycle").compareTo(DUTY_CYCLE_THRESHOLD) > 0,
                "longest duty cycle in " + event);
        }
        assertEquals(Set.of(0, 1), events.stream().map(event -> event.getInt("worker")).collect(Collectors.toSet()),
            "workers that ran cycles over " + DUTY_CYCLE_THRESHOLD);
    }

    /**
     * While the run was quiet, at least one statistics event saw all of it: five connections opened, three closed,
     * two open, one handshake refused, the echoes counted and nothing pending.
     */
    private static void assertStatistics(final List<RecordedEvent> events)
    {
        final RecordedEvent quiet = events.stream()
            .filter(event -> event.getLong("connectionsOpened") == 5 && event.getLong("connectionsClosed") == 3)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no statistics of the quiet run in " + events));
        assertEquals(WORKERS, quiet.getInt("workers"));
        assertEquals(2, quiet.getLong("connectionsActive"));
        assertEquals(5, quiet.getLong("handshakesAccepted"));
        assertEquals(1, quiet.getLong("handshakesRejected"));
        assertEquals(0, quiet.getLong("pendingBytes"));
        assertEquals(0, quiet.getLong("errors"));
        assertTrue(quiet.getLong("messagesReceived") > MAX_PENDING / FLOOD_MESSAGE, "messages received: " + quiet);
        assertTrue(quiet.getLong("messagesSent") >= 3, "messages sent: " + quiet);
        assertTrue(quiet.getLong("bytesReceived") > MAX_PENDING, "bytes received: " + quiet);
        assertTrue(quiet.getLong("bytesSent") > MAX_PENDING, "bytes sent: " + quiet);
        assertTrue(quiet.getDuration("longestDutyCycle").compareTo(DUTY_CYCLE_THRESHOLD) > 0, "duty cycle: " + quiet);
    }
}
