package io.holdfast.ops;

import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.EngineConfiguration;
import io.holdfast.engine.JdkWebSocketClient;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /publish} of the admin endpoint in this process, publishing through a real engine with the pub/sub
 * handler on port 0: what subscribers receive, the status of every kind of bad request, the body bounds the engine
 * itself would enforce, and the 503s of an engine that is not serving or refuses.
 */
@Timeout(value = 60, unit = SECONDS)
final class PublishEndpointTest
{
    private static final int WORKERS = 2;
    private static final int MAX_MESSAGE = 1024;
    private static final String TOPIC = "prices/eu:1";
    private static final String JSON = "application/json; charset=utf-8";
    private static final long WAIT_MS = 10_000;

    private final CountersManager counters = TestCounters.newManager(WORKERS);
    private final ServerHealth health = new ServerHealth();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Engine engine;
    private PublishEndpoint publish;
    private AdminClient admin;
    private int adminPort;

    @BeforeEach
    void setUp() throws IOException
    {
        final EngineConfig config = engineConfig().maxFrame(MAX_MESSAGE).maxMessage(MAX_MESSAGE)
            .countersManager(counters);
        engine = start(config);
        publish = new PublishEndpoint(HandlerType.PUBSUB, config, health);
        admin = startAdmin(publish);
        publish.connect(engine::publish);
        health.serving();
    }

    @AfterEach
    void tearDown() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    @Test
    void shouldDeliverTheBodyExactlyToEverySubscriberAndCountIt() throws Exception
    {
        final List<JdkWebSocketClient> subscribers = List.of(subscriber(TOPIC), subscriber(TOPIC));
        final JdkWebSocketClient other = subscriber("prices/us");
        final String data = "{\"price\": 42.5, \"tags\": [\"a\", \"b\"]}";

        final HttpResponse<String> response = admin.post("/publish?topic=" + TOPIC, body(data));

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(JSON, contentType(response));
        assertEquals("{\"type\":\"published\",\"topic\":\"" + TOPIC + "\",\"bytes\":" + data.length() + "}\n",
            response.body());
        for (final JdkWebSocketClient subscriber : subscribers)
        {
            assertEquals("{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":" + data + "}",
                subscriber.nextText());
        }
        final EngineTotals totals = new EngineTotals();
        awaitValue(2, () -> totals.read(counters).get(CounterTypes.DELIVERIES));
        awaitValue(3, () -> totals.read(counters).get(CounterTypes.SUBSCRIPTIONS_ACTIVE));
        assertEquals(1, totals.get(CounterTypes.PUBLISHES));
        assertEquals(0, totals.get(CounterTypes.PUBLISHES_REFUSED));
        assertEquals("{\"type\":\"pong\"}", other.roundTrip("{\"type\":\"ping\"}"), "no message for another topic");
    }

    @Test
    void shouldDecodeTheTopicAndTakeAChunkedBody() throws Exception
    {
        final JdkWebSocketClient subscriber = subscriber(TOPIC);

        final HttpResponse<String> response = admin.post("/publish?x=1&topic=prices%2Feu%3A1", chunked("[1,2,3]"));

        assertEquals(202, response.statusCode(), response.body());
        assertEquals("{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":[1,2,3]}", subscriber.nextText());
    }

    @Test
    void shouldRefuseAMissingOrInvalidTopicNamingTheProblem() throws Exception
    {
        final Map<String, String> codes = Map.of(
            "/publish", "missing_topic",
            "/publish?topic=", "missing_topic",
            "/publish?other=news", "missing_topic",
            "/publish?topic=" + "t".repeat(129), "topic_too_long",
            "/publish?topic=a%20b", "topic_forbidden_character",
            "/publish?topic=caf%C3%A9", "topic_forbidden_character",
            "/publish?topic=a*b", "topic_forbidden_character",
            "/publish?topic=a&topic=b", "malformed");
        for (final Map.Entry<String, String> query : codes.entrySet())
        {
            final HttpResponse<String> response = admin.post(query.getKey(), body("1"));
            assertEquals(400, response.statusCode(), query.getKey());
            assertEquals(JSON, contentType(response), query.getKey());
            assertTrue(response.body().startsWith("{\"type\":\"error\",\"code\":\"" + query.getValue() +
                "\",\"reason\":\""), query.getKey() + " -> " + response.body());
        }
        assertEquals("{\"type\":\"error\",\"code\":\"topic_too_long\",\"reason\":\"topic longer than 128 bytes\"}\n",
            admin.post("/publish?topic=" + "t".repeat(129), body("1")).body());
        assertEquals("HTTP/1.1 400 Bad Request", rawStatusLine("POST /publish?topic=%zz HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\nContent-Length: 1\r\nConnection: close\r\n\r\n1"));
        assertEquals(0, new EngineTotals().read(counters).get(CounterTypes.PUBLISHES));
    }

    @Test
    void shouldRefuseAnEmptyBodyAndOneWithoutLength() throws Exception
    {
        final HttpResponse<String> empty = admin.post("/publish?topic=" + TOPIC, body(""));
        assertEquals(400, empty.statusCode());
        assertEquals("{\"type\":\"error\",\"code\":\"missing_data\",\"reason\":\"the body is empty\"}\n", empty.body());

        assertEquals("HTTP/1.1 411 Length Required", rawStatusLine(
            "POST /publish?topic=news HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void shouldTakeABodyOfMaxMessageAndRefuseOneByteMore() throws Exception
    {
        final JdkWebSocketClient subscriber = subscriber(TOPIC);
        final String atLimit = "\"" + "x".repeat(MAX_MESSAGE - 2) + "\"";

        assertEquals(202, admin.post("/publish?topic=" + TOPIC, body(atLimit)).statusCode());
        assertEquals("{\"type\":\"message\",\"topic\":\"" + TOPIC + "\",\"data\":" + atLimit + "}",
            subscriber.nextText());

        for (final HttpRequest.BodyPublisher overLimit : List.of(body(atLimit + " "), chunked(atLimit + " ")))
        {
            final HttpResponse<String> response = admin.post("/publish?topic=" + TOPIC, overLimit);
            assertEquals(413, response.statusCode());
            assertEquals("{\"type\":\"error\",\"code\":\"message_too_large\",\"reason\":\"the body is larger than " +
                MAX_MESSAGE + " bytes, the most one publish may carry (" + EngineConfiguration.MAX_MESSAGE_PROP_NAME +
                ")\"}\n", response.body());
        }
        assertEquals(1, new EngineTotals().read(counters).get(CounterTypes.PUBLISHES));
    }

    @Test
    void shouldBoundTheBodyByWhatTheEnginesCommandBufferHolds() throws Exception
    {
        final EngineConfig config = engineConfig().commandBuffer(4096);
        final Engine smallBuffers = start(config);
        final PublishEndpoint endpoint = new PublishEndpoint(HandlerType.PUBSUB, config, health);
        final AdminClient client = startAdmin(endpoint);
        endpoint.connect(smallBuffers::publish);
        final int maxBody = endpoint.maxBody(TOPIC.length());
        assertTrue(maxBody < 4096 / 8 && maxBody > 4096 / 16, "max body " + maxBody);

        final HttpResponse<String> atLimit = client.post("/publish?topic=" + TOPIC, body("x".repeat(maxBody)));
        assertEquals(202, atLimit.statusCode(), "the engine takes what the endpoint lets through: " + atLimit.body());
        final HttpResponse<String> overLimit = client.post("/publish?topic=" + TOPIC, body("x".repeat(maxBody + 1)));
        assertEquals(413, overLimit.statusCode());
        assertTrue(overLimit.body().contains("command buffer"), overLimit.body());
    }

    @Test
    void shouldAnswerOtherMethodsWithAllowPost() throws Exception
    {
        for (final String method : new String[] {"GET", "PUT", "DELETE", "HEAD"})
        {
            final HttpResponse<String> response = admin.send(method, "/publish?topic=" + TOPIC);
            assertEquals(405, response.statusCode(), method);
            assertEquals("POST", response.headers().firstValue("Allow").orElse(""), method);
            assertEquals(method.equals("HEAD"), response.body().isEmpty(), method + ": " + response.body());
        }
    }

    @Test
    void shouldAnswerServiceUnavailableWithRetryAfterUntilServingAndWhileStopping() throws Exception
    {
        final ServerHealth starting = new ServerHealth();
        final PublishEndpoint notStarted = new PublishEndpoint(HandlerType.PUBSUB, engineConfig(), starting);
        final AdminClient client = startAdmin(notStarted);
        assertUnavailable(client.post("/publish?topic=" + TOPIC, body("1")), "not_serving", "the server is starting; retry");

        notStarted.connect(engine::publish);
        starting.serving();
        assertEquals(202, client.post("/publish?topic=" + TOPIC, body("1")).statusCode());
        starting.stopping();
        assertUnavailable(client.post("/publish?topic=" + TOPIC, body("1")), "not_serving", "the server is stopping; retry");
    }

    @Test
    void shouldAnswerServiceUnavailableWithRetryAfterWhenTheEngineRefuses() throws Exception
    {
        publish.connect((topic, data, offset, length) -> false);

        assertUnavailable(admin.post("/publish?topic=" + TOPIC, body("1")), "overloaded", "server busy, retry");
    }

    private static void assertUnavailable(final HttpResponse<String> response, final String code, final String reason)
    {
        assertEquals(503, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
        assertEquals("{\"type\":\"error\",\"code\":\"" + code + "\",\"reason\":\"" + reason + "\"}\n",
            response.body());
    }

    private static EngineConfig engineConfig()
    {
        return new EngineConfig().listenAddress("127.0.0.1").listenPort(0).workers(WORKERS);
    }

    private Engine start(final EngineConfig config) throws IOException
    {
        final Engine started = Engine.start(config, HandlerType.PUBSUB.factory(config));
        resources.add(started);
        return started;
    }

    private AdminClient startAdmin(final PublishEndpoint endpoint) throws IOException
    {
        final AdminServer server = AdminServer.start("127.0.0.1", 0, counters, health, endpoint, null);
        resources.add(server);
        adminPort = server.port();
        return new AdminClient(server.port());
    }

    /**
     * @return a client of the first engine subscribed to the topic with JSON, its acknowledgement read.
     */
    private JdkWebSocketClient subscriber(final String topic) throws Exception
    {
        final JdkWebSocketClient client =
            JdkWebSocketClient.connect(URI.create("ws://127.0.0.1:" + engine.port() + "/ws"));
        assertEquals("{\"type\":\"subscribed\",\"topic\":\"" + topic + "\"}",
            client.roundTrip("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}"));
        return client;
    }

    /**
     * Send a request as written, for what the JDK's client will not send, and read the status line of the answer.
     */
    private String rawStatusLine(final String request) throws IOException
    {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), adminPort))
        {
            socket.setSoTimeout((int)WAIT_MS);
            final OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertFalse(response.isEmpty(), "no answer to " + request);
            return response.substring(0, response.indexOf("\r\n"));
        }
    }

    private static HttpRequest.BodyPublisher body(final String text)
    {
        return HttpRequest.BodyPublishers.ofString(text);
    }

    /**
     * @return a body of unknown length, which the JDK's client sends chunked.
     */
    private static HttpRequest.BodyPublisher chunked(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream)new ByteArrayInputStream(bytes));
    }

    private static String contentType(final HttpResponse<String> response)
    {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static void awaitValue(final long expected, final LongSupplier value) throws InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + WAIT_MS;
        while (value.getAsLong() != expected && System.currentTimeMillis() < deadlineMs)
        {
            Thread.sleep(10);
        }
        assertEquals(expected, value.getAsLong());
    }
}
