package io.holdfast.ops;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin HTTP endpoint: {@code GET /metrics} (Prometheus text), {@code /stats} (JSON) and {@code /health}
 * (200 while serving, 503 while starting or stopping), served by the JDK's HTTP server. Requests are answered one
 * at a time on a daemon thread of its own, never a worker's: pages are built from the counters, which workers
 * publish for other threads to read, and from the JVM's beans, so the endpoint never touches a connection. Being
 * one thread, it reuses its totals and pages from request to request.
 */
final class AdminServer implements AutoCloseable
{
    static final String THREAD_NAME = "holdfast-admin";

    private static final String METRICS = "/metrics";
    private static final String STATS = "/stats";
    private static final String HEALTH = "/health";
    private static final String ALLOWED_METHODS = "GET, HEAD";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final int OK = 200;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int SERVICE_UNAVAILABLE = 503;
    /** Tells {@link HttpExchange#sendResponseHeaders} that no body follows. */
    private static final int NO_BODY = -1;

    private final HttpServer server;
    private final ExecutorService executor;
    private final CountersReader counters;
    private final ServerHealth health;
    private final EngineTotals engineTotals = new EngineTotals();
    private final JvmTotals jvmTotals = new JvmTotals();
    private final MetricsPage metricsPage = new MetricsPage();
    private final StatsPage statsPage = new StatsPage();

    private AdminServer(
        final HttpServer server, final ExecutorService executor, final CountersReader counters,
        final ServerHealth health)
    {
        this.server = server;
        this.executor = executor;
        this.counters = counters;
        this.health = health;
    }

    /**
     * Listen and serve until {@link #close()}.
     *
     * @param address host or IP address to listen on.
     * @param port    TCP port; 0 picks a free one, see {@link #port()}.
     * @param counters the engine's counters.
     * @param health  whether the server is serving, for {@code /health}.
     * @return the running endpoint.
     * @throws AdminServerException when the address does not resolve or the port cannot be bound.
     */
    static AdminServer start(
        final String address, final int port, final CountersReader counters, final ServerHealth health)
        throws IOException
    {
        final HttpServer server;
        try
        {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        }
        catch (final IOException | UnresolvedAddressException ex)
        {
            final String why = ex instanceof UnresolvedAddressException ? "the address does not resolve" :
                ex.getMessage();
            throw new AdminServerException("cannot open the admin endpoint on " + address + ":" + port + ": " +
                why + "; set " + OpsConfiguration.ADMIN_ADDRESS_PROP_NAME + " or " +
                OpsConfiguration.ADMIN_PORT_PROP_NAME + " (0 picks a free port), or " +
                OpsConfiguration.ADMIN_ENABLED_PROP_NAME + "=false");
        }
        final ExecutorService executor = Executors.newSingleThreadExecutor((task) ->
        {
            final Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        final AdminServer admin = new AdminServer(server, executor, counters, health);
        server.setExecutor(executor);
        server.createContext("/", admin::handle);
        server.start();
        return admin;
    }

    /**
     * @return the TCP port it listens on, the one picked when started with 0.
     */
    int port()
    {
        return server.getAddress().getPort();
    }

    /**
     * Stop listening, drop open connections without waiting for exchanges in progress, and end the thread.
     */
    public void close()
    {
        server.stop(0);
        executor.shutdown();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getPath();
            final boolean head = "HEAD".equals(method);
            if (!METRICS.equals(path) && !STATS.equals(path) && !HEALTH.equals(path))
            {
                respond(exchange, head, NOT_FOUND, TEXT, "no page " + path + "; try /metrics, /stats or /health\n");
            }
            else if (!head && !"GET".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", ALLOWED_METHODS);
                respond(exchange, false, METHOD_NOT_ALLOWED, TEXT, method + " not allowed; use GET or HEAD\n");
            }
            else
            {
                page(exchange, head, path);
            }
        }
    }

    private void page(final HttpExchange exchange, final boolean head, final String path) throws IOException
    {
        switch (path)
        {
            case METRICS -> respond(exchange, head, OK, MetricsPage.CONTENT_TYPE,
                metricsPage.render(engineTotals.read(counters), jvmTotals.read()));
            case STATS -> respond(exchange, head, OK, StatsPage.CONTENT_TYPE,
                statsPage.render(engineTotals.read(counters), jvmTotals.read(), health.state()));
            default ->
            {
                final ServerHealth.State state = health.state();
                respond(exchange, head, state == ServerHealth.State.SERVING ? OK : SERVICE_UNAVAILABLE,
                    StatsPage.CONTENT_TYPE, "{\"status\":\"" + state.name().toLowerCase(Locale.ROOT) + "\"}\n");
            }
        }
    }

    /**
     * Send a whole response; to a HEAD request the same status and headers, Content-Length included, and no body.
     */
    private static void respond(
        final HttpExchange exchange, final boolean head, final int status, final String contentType,
        final CharSequence body) throws IOException
    {
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        final Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        if (head)
        {
            headers.set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(status, NO_BODY);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }
}
