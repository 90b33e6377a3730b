package io.holdfast.ops.load;

import io.holdfast.engine.EchoHandler;
import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.PubSubHandler;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broadcast mode against a real holdfast engine with the pub/sub handler in this JVM, over real sockets on
 * 127.0.0.1: every subscriber subscribes before the first publish, every publish reaches every subscriber once and
 * in order, across I/O threads, and the report, the histograms and the CSV say so; a server without pub/sub refuses
 * the subscriptions.
 */
@Timeout(value = 60, unit = SECONDS)
final class BroadcastLoadTest
{
    static final Pattern BROADCAST = Pattern.compile("holdfast load: broadcast (\\d+) publishes in " +
        "(\\d+\\.\\d{3}) s to (\\d+) subscribers, publish to last delivery us p50 (\\d+) p90 (\\d+) p99 (\\d+) " +
        "p99\\.9 (\\d+) max (\\d+)");
    static final Pattern DELIVERIES = Pattern.compile("holdfast load: deliveries (\\d+), (\\d+)/s, publish to " +
        "delivery us p50 (\\d+) p90 (\\d+) p99 (\\d+) p99\\.9 (\\d+) max (\\d+)");
    static final Pattern CHECKS =
        Pattern.compile("holdfast load: deliveries missing (\\d+), duplicate (\\d+), out of order (\\d+)");

    private static final int PUBLISHES = 100;

    @TempDir
    Path directory;

    private Engine engine;

    @AfterEach
    void stopServer()
    {
        CloseHelper.close(engine);
    }

    @Test
    void everyPublishReachesEverySubscriberOnceAndInOrder() throws Exception
    {
        final EngineConfig config = config();
        engine = Engine.start(config, (outbound) -> new PubSubHandler(outbound, config));
        final LoadOptions options = options(300).pingIntervalMs(200).threads(2).warmupMs(500)
            .durationMs(20L * PUBLISHES).outputDirectory(directory).name("broadcast");

        final LoadGeneratorTest.Run run = LoadGeneratorTest.run(options);

        final LoadResult result = run.result();
        final BroadcastResult broadcast = result.broadcast();
        assertEquals(301, result.established(), run.output());
        assertEquals(Map.of(), result.failures());
        assertEquals(300, broadcast.subscribers());
        assertEquals(PUBLISHES, broadcast.publishes() + result.unsentMessages(), "one publish per 20 ms for 2 s");
        assertEquals(0, broadcast.missing(), run.output());
        assertEquals(0, broadcast.duplicates());
        assertEquals(0, broadcast.outOfOrder());
        assertEquals(0, result.unexpectedMessages());
        assertTrue(broadcast.measuredPublishes() > 0 && broadcast.measuredPublishes() < broadcast.publishes(),
            "publishes in the warm-up are not measured: " + broadcast.measuredPublishes());
        assertEquals(broadcast.measuredPublishes(), broadcast.lastDeliveryUs().getTotalCount());
        assertEquals(broadcast.measuredPublishes() * 300, broadcast.deliveries());
        assertEquals(broadcast.deliveries(), broadcast.deliveryUs().getTotalCount());
        assertEquals(broadcast.deliveryUs().getMaxValue(), broadcast.lastDeliveryUs().getMaxValue(),
            "the slowest delivery is the last of its publish");
        assertEquals(result.pingsSent(), result.pongsReceived(), "heartbeats answered beside the deliveries");
        assertEquals(301, result.closed());

        final Matcher line = run.line(BROADCAST);
        assertEquals(broadcast.measuredPublishes(), Long.parseLong(line.group(1)));
        assertEquals("1.500", line.group(2));
        assertEquals("300", line.group(3));
        assertEquals(broadcast.deliveries(), Long.parseLong(run.line(DELIVERIES).group(1)));
        assertEquals(List.of("0", "0", "0"), List.of(run.line(CHECKS).group(1), run.line(CHECKS).group(2),
            run.line(CHECKS).group(3)));

        assertEquals(List.of(directory.resolve("broadcast.hgrm"), directory.resolve("broadcast-delivery.hgrm"),
            directory.resolve("broadcast-handshake.hgrm"), directory.resolve("broadcast.csv")),
            ResultFiles.write(result));
        final List<String> csv = Files.readAllLines(directory.resolve("broadcast.csv"));
        assertEquals(ResultFiles.CSV_HEADER, csv.get(0));
        assertTrue(csv.get(1).startsWith("broadcast,ws://127.0.0.1:" + engine.port() + "/ws,broadcast,301,301,0,"),
            csv.get(1));
        assertTrue(csv.get(1).endsWith(",300," + broadcast.deliveries() + "," +
            String.format(Locale.ROOT, "%.3f", broadcast.deliveriesPerSecond()) + "," +
            broadcast.deliveryUs().getValueAtPercentile(50) + "," + broadcast.deliveryUs().getValueAtPercentile(99) +
            "," + broadcast.deliveryUs().getMaxValue() + ",0,0,0"), csv.get(1));
    }

    @Test
    void aServerWithoutPubSubRefusesTheSubscriptions() throws Exception
    {
        engine = Engine.start(config(), EchoHandler::new);

        final LoadGeneratorTest.Run run = LoadGeneratorTest.run(options(20).durationMs(300));

        final LoadResult result = run.result();
        assertEquals(1, result.established(), "only the publisher: " + run.output());
        assertEquals(Map.of("subscribe refused", 20L), result.failures());
        assertTrue(run.output().contains("holdfast load: failed 20: subscribe refused"), run.output());
        assertEquals(0, result.broadcast().subscribers());
    }

    private static EngineConfig config()
    {
        return new EngineConfig().listenAddress("127.0.0.1").listenPort(0).workers(2);
    }

    private LoadOptions options(final int subscribers)
    {
        return new LoadOptions()
            .target(URI.create("ws://127.0.0.1:" + engine.port() + "/ws"),
                new InetSocketAddress("127.0.0.1", engine.port()))
            .connectRate(5_000)
            .pingIntervalMs(0)
            .broadcast(256, subscribers, 20, "bench");
    }
}
