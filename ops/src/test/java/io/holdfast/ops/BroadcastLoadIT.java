package io.holdfast.ops;

import io.holdfast.ops.HoldfastProcess.Result;
import io.holdfast.ops.load.ResultFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code holdfast load --broadcast} as an operator runs it, from the packaged launcher, against both servers of the
 * broadcast benchmark: {@code holdfast serve holdfast.handler=pubsub} and the Go + gorilla peer (skipped on a machine
 * without Go, unless {@code CI} is set). Every subscriber subscribes, every publish reaches every subscriber once and
 * in order, and the report and CSV say so.
 */
@Timeout(value = 120, unit = SECONDS)
final class BroadcastLoadIT
{
    private static final Pattern ESTABLISHED = Pattern.compile("holdfast load: established (\\d+) connections " +
        "\\(failed (\\d+)\\) in \\d+\\.\\d{3} s, handshake p50 \\d+ us p99 \\d+ us");
    private static final Pattern BROADCAST = Pattern.compile("holdfast load: broadcast (\\d+) publishes in " +
        "(\\d+\\.\\d{3}) s to (\\d+) subscribers, publish to last delivery us p50 \\d+ p90 \\d+ p99 \\d+ " +
        "p99\\.9 \\d+ max \\d+");
    private static final Pattern DELIVERIES = Pattern.compile("holdfast load: deliveries (\\d+), (\\d+)/s, " +
        "publish to delivery us p50 \\d+ p90 \\d+ p99 \\d+ p99\\.9 \\d+ max \\d+");
    private static final Pattern CHECKS =
        Pattern.compile("holdfast load: deliveries missing (\\d+), duplicate (\\d+), out of order (\\d+)");
    private static final Pattern CLOSED = Pattern.compile("holdfast load: closed (\\d+) connections");
    private static final int SUBSCRIBERS = 100;

    @TempDir
    Path directory;

    @Test
    void broadcastsThroughHoldfastPubSub() throws Exception
    {
        try (HoldfastProcess server = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            "holdfast.handler=pubsub"))
        {
            assertEveryPublishReachesEverySubscriber(server.awaitPort(), "holdfast");
        }
    }

    @Test
    void broadcastsThroughTheGoPeer() throws Exception
    {
        try (GoPeer peer = GoPeer.start(directory))
        {
            assertEveryPublishReachesEverySubscriber(peer.port(), "go");
            peer.assertRunning();
        }
    }

    /**
     * Broadcast for 2 s, one publish every 50 ms, the first 500 ms a warm-up.
     */
    private void assertEveryPublishReachesEverySubscriber(final int port, final String name) throws Exception
    {
        final Path output = directory.resolve("results");
        final String url = "ws://127.0.0.1:" + port + "/ws";
        final Result result = HoldfastProcess.runToExit(directory, "load", "--url", url, "--broadcast", "256",
            "--subscribers", Integer.toString(SUBSCRIBERS), "--publish-interval", "50ms", "--rate", "2000/s",
            "--ping", "300ms", "--warmup", "500ms", "--duration", "2s", "--output", output.toString(),
            "--name", name);

        final String stdout = String.join("\n", result.stdout());
        assertEquals(0, result.status(), "stderr: " + result.stderr() + "\n" + stdout);
        assertEquals("", result.stderr());
        final Matcher established = OutputLines.only(result.stdout(), ESTABLISHED);
        assertEquals(SUBSCRIBERS + 1, Integer.parseInt(established.group(1)), stdout);
        assertEquals("0", established.group(2));
        final Matcher broadcast = OutputLines.only(result.stdout(), BROADCAST);
        final long publishes = Long.parseLong(broadcast.group(1));
        assertTrue(publishes >= 25 && publishes <= 30, "about 30 publishes after the warm-up: " + stdout);
        assertEquals("1.500", broadcast.group(2));
        assertEquals(Integer.toString(SUBSCRIBERS), broadcast.group(3));
        final long deliveries = Long.parseLong(OutputLines.only(result.stdout(), DELIVERIES).group(1));
        assertEquals(publishes * SUBSCRIBERS, deliveries, stdout);
        final Matcher checks = OutputLines.only(result.stdout(), CHECKS);
        assertEquals(List.of("0", "0", "0"), List.of(checks.group(1), checks.group(2), checks.group(3)), stdout);
        assertEquals(Integer.toString(SUBSCRIBERS + 1), OutputLines.only(result.stdout(), CLOSED).group(1));
        assertTrue(result.stdout().stream().noneMatch((text) -> text.contains("unexpected")), stdout);

        final List<String> csv = Files.readAllLines(output.resolve(name + ".csv"));
        assertEquals(ResultFiles.CSV_HEADER, csv.get(0));
        assertTrue(csv.get(1).startsWith(name + "," + url + ",broadcast," + (SUBSCRIBERS + 1) + "," +
            (SUBSCRIBERS + 1) + ",0,"), csv.get(1));
        assertTrue(csv.get(1).contains("," + SUBSCRIBERS + "," + deliveries + ","), csv.get(1));
        assertTrue(csv.get(1).endsWith(",0,0,0"), csv.get(1));
        assertTrue(Files.readString(output.resolve(name + "-delivery.hgrm"))
            .contains("Total count    = " + String.format("%12d", deliveries)));
    }
}
