package io.holdfast.ops;

import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.EngineConfig;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin endpoint in this process over real HTTP on loopback: which page each path serves with which content
 * type, {@code /health} through the server's states, HEAD, refused methods and paths, {@code /publish} on a server
 * that echoes, its own daemon thread, a port it cannot bind, and with a token: 401 for every path and method without
 * it or with another, the pages as before with it. {@link PublishEndpointTest} publishes through a real engine.
 */
@Timeout(value = 30, unit = SECONDS)
final class AdminServerTest
{
    private static final String TOKEN = "s3cr3t-Token_0123456789";
    private static final String[] EVERY_PATH = {"/metrics", "/stats", "/health", "/publish?topic=news", "/nope"};

    @TempDir
    Path directory;

    private final CountersManager counters = TestCounters.newManager(1);
    private final ServerHealth health = new ServerHealth();
    private AdminServer admin;
    private AdminClient client;

    @BeforeEach
    void setUp() throws IOException
    {
        TestCounters.add(counters, CounterTypes.MESSAGES_RECEIVED, 0, 0, 42);
        admin = AdminServer.start("127.0.0.1", 0, counters, health, echoServerPublishing(), null);
        client = new AdminClient(admin.port());
    }

    @AfterEach
    void tearDown()
    {
        admin.close();
    }

    @Test
    void shouldServeMetricsAsPrometheusText() throws Exception
    {
        final HttpResponse<String> response = client.get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", contentType(response));
        assertEquals("42", AdminPages.parseMetrics(response.body()).get("holdfast_messages_received_total"));
    }

    @Test
    void shouldServeStatsAsJson() throws Exception
    {
        health.serving();
        final HttpResponse<String> response = client.get("/stats");
        assertEquals(200, response.statusCode());
        assertEquals("application/json; charset=utf-8", contentType(response));
        assertEquals("42", AdminPages.parseJson(response.body()).get("messages.received"));
        assertEquals("\"serving\"", AdminPages.parseJson(response.body()).get("state"));
    }

    @Test
    void healthShouldBeOkOnlyWhileServing() throws Exception
    {
        assertHealth(503, "starting");
        health.serving();
        assertHealth(200, "serving");
        health.stopping();
        assertHealth(503, "stopping");
    }

    @Test
    void headShouldAnswerWithTheHeadersOfGetAndNoBody() throws Exception
    {
        final HttpResponse<String> get = client.get("/health");
        final HttpResponse<String> head = client.send("HEAD", "/health");
        assertEquals(503, head.statusCode());
        assertEquals("", head.body());
        assertEquals(contentType(get), contentType(head));
        assertEquals(String.valueOf(get.body().length()), head.headers().firstValue("Content-Length").orElse(""));
        assertEquals(200, client.send("HEAD", "/metrics").statusCode());
        assertEquals(200, client.send("HEAD", "/stats").statusCode());
    }

    @Test
    void shouldRefuseOtherMethodsWithAllow() throws Exception
    {
        for (final String method : new String[] {"POST", "PUT", "DELETE"})
        {
            final HttpResponse<String> response = client.send(method, "/metrics");
            assertEquals(405, response.statusCode(), method);
            assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""), method);
        }
    }

    @Test
    void shouldAnswerUnknownPathsWithNotFound() throws Exception
    {
        for (final String path : new String[] {"/", "/metrics/", "/favicon.ico", "/health2"})
        {
            final HttpResponse<String> response = client.get(path);
            assertEquals(404, response.statusCode(), path);
            assertTrue(response.body().contains("/metrics, /stats or /health"), response.body());
        }
    }

    @Test
    void shouldAnswerPublishWithNotFoundNamingTheKeyWhenTheServerEchoes() throws Exception
    {
        health.serving();
        for (final String method : new String[] {"POST", "GET"})
        {
            final HttpResponse<String> response = client.send(method, "/publish?topic=news");
            assertEquals(404, response.statusCode(), method);
            assertEquals("application/json; charset=utf-8", contentType(response));
            assertEquals("{\"type\":\"error\",\"code\":\"pubsub_off\",\"reason\":\"publishing needs " +
                "holdfast.handler=pubsub\"}\n", response.body());
        }
    }

    @Test
    void shouldAnswerOnItsOwnDaemonThread() throws Exception
    {
        client.get("/health");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
            .anyMatch((thread) -> AdminServer.THREAD_NAME.equals(thread.getName()) && thread.isDaemon()),
            "no daemon thread named " + AdminServer.THREAD_NAME);
    }

    @Test
    void shouldStopListeningOnClose() throws Exception
    {
        admin.close();
        assertThrows(ConnectException.class, () -> client.get("/health"));
    }

    @Test
    void shouldNameTheAddressAndTheKeysWhenThePortIsTaken() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final AdminServerException ex = assertThrows(AdminServerException.class,
                () -> AdminServer.start("127.0.0.1", taken.getLocalPort(), counters, health, echoServerPublishing(),
                    null));
            assertTrue(ex.getMessage().startsWith("cannot open the admin endpoint on 127.0.0.1:" +
                taken.getLocalPort() + ": "), ex.getMessage());
            assertTrue(ex.getMessage().contains("holdfast.admin.port"), ex.getMessage());
            assertTrue(ex.getMessage().contains("holdfast.admin.enabled=false"), ex.getMessage());
        }
    }

    @Test
    void shouldAnswerEveryPathAndMethodWithUnauthorizedWhenTheTokenIsMissing() throws Exception
    {
        try (AdminServer guarded = startWithToken())
        {
            final AdminClient anonymous = new AdminClient(guarded.port());
            for (final String path : EVERY_PATH)
            {
                for (final String method : new String[] {"GET", "POST"})
                {
                    final HttpResponse<String> response = anonymous.send(method, path);
                    assertEquals(401, response.statusCode(), method + " " + path);
                    assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""), path);
                    assertEquals("application/json; charset=utf-8", contentType(response), path);
                    assertEquals("{\"type\":\"error\",\"code\":\"unauthorized\",\"reason\":\"send " +
                        "Authorization: Bearer with the token in holdfast.admin.token.file\"}\n", response.body());
                }
            }
            final HttpResponse<String> head = anonymous.send("HEAD", "/metrics");
            assertEquals(401, head.statusCode());
            assertEquals("", head.body());
        }
    }

    @Test
    void shouldAnswerUnauthorizedToAnyOtherToken() throws Exception
    {
        try (AdminServer guarded = startWithToken())
        {
            for (final String authorization : new String[] {"Bearer wrong", "Bearer " + TOKEN + "x",
                "Bearer " + TOKEN.substring(1), "Bearer " + TOKEN.toUpperCase(Locale.ROOT), "Basic " + TOKEN,
                "Bearer", "Bearer ", TOKEN, "Bearer" + TOKEN})
            {
                for (final String path : EVERY_PATH)
                {
                    final HttpResponse<String> response = new AdminClient(guarded.port(), authorization).get(path);
                    assertEquals(401, response.statusCode(), authorization + " " + path);
                    assertEquals("Bearer error=\"invalid_token\"",
                        response.headers().firstValue("WWW-Authenticate").orElse(""), authorization);
                    assertTrue(response.body().contains("\"reason\":\"not the token in holdfast.admin.token.file\""),
                        response.body());
                }
            }
        }
    }

    @Test
    void shouldServeEveryPathAsWithoutATokenWhenTheTokenIsRight() throws Exception
    {
        health.serving();
        try (AdminServer guarded = startWithToken())
        {
            for (final String authorization : new String[] {"Bearer " + TOKEN, "bearer " + TOKEN})
            {
                final AdminClient authorized = new AdminClient(guarded.port(), authorization);
                final HttpResponse<String> metrics = authorized.get("/metrics");
                assertEquals(200, metrics.statusCode(), authorization);
                assertEquals("42", AdminPages.parseMetrics(metrics.body()).get("holdfast_messages_received_total"));
                assertEquals(200, authorized.get("/stats").statusCode());
                assertEquals(200, authorized.get("/health").statusCode());
                assertEquals(200, authorized.send("HEAD", "/metrics").statusCode());
                assertEquals(404, authorized.get("/nope").statusCode());
                final HttpResponse<String> publish = authorized.send("POST", "/publish?topic=news");
                assertEquals(404, publish.statusCode());
                assertTrue(publish.body().contains("\"code\":\"pubsub_off\""), publish.body());
            }
        }
    }

    private AdminServer startWithToken() throws IOException, ConfigException
    {
        final Path file = Files.writeString(directory.resolve("admin.token"), TOKEN + "\n");
        return AdminServer.start("127.0.0.1", 0, counters, health, echoServerPublishing(), AdminToken.read(file));
    }

    private void assertHealth(final int status, final String state) throws Exception
    {
        final HttpResponse<String> response = client.get("/health");
        assertEquals(status, response.statusCode());
        assertEquals("application/json; charset=utf-8", contentType(response));
        assertEquals("{\"status\":\"" + state + "\"}\n", response.body());
    }

    private PublishEndpoint echoServerPublishing()
    {
        return new PublishEndpoint(HandlerType.ECHO, new EngineConfig(), health);
    }

    private static String contentType(final HttpResponse<String> response)
    {
        return response.headers().firstValue("Content-Type").orElse("");
    }
}
