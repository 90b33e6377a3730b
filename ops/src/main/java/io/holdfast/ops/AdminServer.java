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
import java.util.concurrent.TimeUnit;

/**
 * The admin HTTP endpoint: {@code GET /metrics} (Prometheus text), {@code /stats} (JSON) and {@code /health}
 * (200 while serving, 503 while starting or stopping), and {@code POST /publish} for backends (see
 * {@link PublishEndpoint}), served by the JDK's HTTP server. Requests are answered one at a time on a daemon thread
 * of its own, never a worker's: pages are built from the counters, which workers publish for other threads to read,
 * and from the JVM's beans, and a publish goes to the workers as a command, so the endpoint never touches a
 * connection. Being one thread, it reuses its totals and pages from request to request. Anyone who reaches it may
 * publish: it listens on loopback unless configured otherwise, and with an {@link AdminToken} every request, whatever
 * its path, must carry the token or is answered 401, so a caller without it learns nothing, not even which pages
 * exist.
 */
final class AdminServer implements AutoCloseable
{
    static final String THREAD_NAME = "holdfast-admin";

    private static final String METRICS = "/metrics";
    private static final String STATS = "/stats";
    private static final String HEALTH = "/health";
    private static final String AUTHORIZATION = "Authorization";
    private static final String ALLOWED_METHODS = "GET, HEAD";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final int OK = 200;
    private static final int UNAUTHORIZED = 401;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int SERVICE_UNAVAILABLE = 503;
    /** Tells {@link HttpExchange#sendResponseHeaders} that no body follows. */
    private static final int NO_BODY = -1;
    /** How long {@link #close()} waits for a request being answered, which may be reading a publish's body. */
    private static final long CLOSE_WAIT_MS = 1_000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final CountersReader counters;
    private final ServerHealth health;
    private final PublishEndpoint publish;
    private final AdminToken token;
    private final EngineTotals engineTotals = new EngineTotals();
    private final JvmTotals jvmTotals = new JvmTotals();
    private final MetricsPage metricsPage = new MetricsPage();
    private final StatsPage statsPage = new StatsPage();

    private AdminServer(
        final HttpServer server, final ExecutorService executor, final CountersReader counters,
        final ServerHealth health, final PublishEndpoint publish, final AdminToken token)
    {
        this.server = server;
        this.executor = executor;
        this.counters = counters;
        this.health = health;
        this.publish = publish;
        this.token = token;
    }

    /**
     * Listen and serve until {@link #close()}.
     *
     * @param address host or IP address to listen on.
     * @param port    TCP port; 0 picks a free one, see {@link #port()}.
     * @param counters the engine's counters.
     * @param health  whether the server is serving, for {@code /health}.
     * @param publish answers {@code /publish}.
     * @param token   the token every request must carry; null when requests need none.
     * @return the running endpoint.
     * @throws AdminServerException when the address does not resolve or the port cannot be bound.
     */
    static AdminServer start(
        final String address,
        final int port,
        final CountersReader counters,
        final ServerHealth health,
        final PublishEndpoint publish,
        final AdminToken token) throws IOException
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
        final AdminServer admin = new AdminServer(server, executor, counters, health, publish, token);
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
     * Stop listening, drop open connections, and end the thread, waiting briefly for a request being answered so
     * that the counters it reads may be unmapped after.
     */
    public void close()
    {
        server.stop(0);
        executor.shutdown();
        try
        {
            executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getPath();
            final boolean head = "HEAD".equals(method);
            if (token != null && !token.authorizes(exchange.getRequestHeaders().getFirst(AUTHORIZATION)))
            {
                unauthorized(exchange, head);
            }
            else if (PublishEndpoint.PATH.equals(path))
            {
                publish.handle(exchange);
            }
            else if (!METRICS.equals(path) && !STATS.equals(path) && !HEALTH.equals(path))
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

    /**
     * Answer 401 with the challenge RFC 6750 asks for, saying whether a token came at all or was the wrong one.
     */
    private static void unauthorized(final HttpExchange exchange, final boolean head) throws IOException
    {
        final boolean presented = exchange.getRequestHeaders().containsKey(AUTHORIZATION);
        final String tokenFile = OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME;
        final String reason = presented ? "not the token in " + tokenFile :
            "send Authorization: Bearer with the token in " + tokenFile;
        exchange.getResponseHeaders().set("WWW-Authenticate", presented ? "Bearer error=\"invalid_token\"" : "Bearer");
        respond(exchange, head, UNAUTHORIZED, StatsPage.CONTENT_TYPE,
            "{\"type\":\"error\",\"code\":\"unauthorized\",\"reason\":\"" + reason + "\"}\n");
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
    static void respond(
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
