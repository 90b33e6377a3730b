package io.holdfast.ops;

import io.holdfast.engine.JdkWebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code holdfast serve holdfast.handler=pubsub} from the real launcher: a JSON subscriber (the JDK's WebSocket
 * client) receives exactly what a backend POSTs to the admin endpoint's {@code /publish}, and {@code /metrics}
 * counts the topic, the subscription, the publish and the delivery, still passing {@code promtool}.
 */
@Timeout(value = 60, unit = SECONDS)
final class PubSubServeIT
{
    private static final String TOPIC = "chat/room:1";
    private static final String DATA = "{\"from\":\"backend\",\"text\":\"hello, room\",\"n\":[1,2.5,null]}";

    @TempDir
    Path directory;

    @Test
    void subscriberShouldReceiveWhatIsPostedToPublishAndMetricsShouldCountIt() throws Exception
    {
        try (HoldfastProcess holdfast = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            "holdfast.handler=pubsub"))
        {
            final Matcher listening = holdfast.awaitListening();
            assertEquals("pubsub", listening.group(5), listening.group());
            final int port = Integer.parseInt(listening.group(1));
            final AdminClient admin = new AdminClient(holdfast.adminPort());

            final JdkWebSocketClient subscriber =
                JdkWebSocketClient.connect(HoldfastProcess.uri(port, listening.group(2)));
            assertEquals("{\"type\":\"subscribed\",\"topic\":\"" + TOPIC + "\"}",
                subscriber.roundTrip("{\"type\":\"subscribe\",\"topic\":\"" + TOPIC + "\"}"));

            final HttpResponse<String> published =
                admin.post("/publish?topic=" + TOPIC, HttpRequest.BodyPublishers.ofString(DATA));
            assertEquals(202, published.statusCode(), published.body());
            assertEquals("{\"type\":\"published\",\"topic\":\"" + TOPIC + "\",\"bytes\":" + DATA.length() + "}\n",
                published.body());
            assertEquals("{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":" + DATA + "}",
                subscriber.nextText());

            final Map<String, String> expected = Map.of(
                "holdfast_topics", "1",
                "holdfast_subscriptions", "1",
                "holdfast_publishes_total", "1",
                "holdfast_publishes_refused_total", "0",
                "holdfast_deliveries_total", "1",
                "holdfast_messages_dropped_total", "0");
            final String metrics = AdminPages.awaitMetrics(admin, expected);
            final Map<String, String> samples = AdminPages.parseMetrics(metrics);
            for (final Map.Entry<String, String> sample : expected.entrySet())
            {
                assertEquals(sample.getValue(), samples.get(sample.getKey()), sample.getKey() + " in\n" + metrics);
            }
            AdminPages.assertPromtoolAccepts(metrics);

            subscriber.closeNormally();
            assertEquals(Main.EXIT_OK, holdfast.terminate());
            holdfast.assertNoStackTraceOrWorkerError();
        }
    }
}
