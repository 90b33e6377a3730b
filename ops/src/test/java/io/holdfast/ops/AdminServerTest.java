package io.holdfast.ops;

import io.holdfast.engine.CounterTypes;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin endpoint in this process over real HTTP on loopback: which page each path serves with which content
 * type, {@code /health} through the server's states, HEAD, refused methods and paths, its own daemon thread, and a
 * port it cannot bind.
 */
@Timeout(value = 30, unit = SECONDS)
final class AdminServerTest
{
    private final CountersManager counters = TestCounters.newManager(1);
    private final ServerHealth health = new ServerHealth();
    private AdminServer admin;
    private AdminClient client;

    @BeforeEach
    void setUp() throws IOException
    {
        TestCounters.add(counters, CounterTypes.MESSAGES_RECEIVED, 0, 0, 42);
        admin = AdminServer.start("127.0.0.1", 0, counters, health);
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
                () -> AdminServer.start("127.0.0.1", taken.getLocalPort(), counters, health));
            assertTrue(ex.getMessage().startsWith("cannot open the admin endpoint on 127.0.0.1:" +
                taken.getLocalPort() + ": "), ex.getMessage());
            assertTrue(ex.getMessage().contains("holdfast.admin.port"), ex.getMessage());
            assertTrue(ex.getMessage().contains("holdfast.admin.enabled=false"), ex.getMessage());
        }
    }

    private void assertHealth(final int status, final String state) throws Exception
    {
        final HttpResponse<String> response = client.get("/health");
        assertEquals(status, response.statusCode());
        assertEquals("application/json; charset=utf-8", contentType(response));
        assertEquals("{\"status\":\"" + state + "\"}\n", response.body());
    }

    private static String contentType(final HttpResponse<String> response)
    {
        return response.headers().firstValue("Content-Type").orElse("");
    }
}
