package io.holdfast.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's HTTP client pointed at an admin endpoint on 127.0.0.1, every request bounded in time, each carrying an
 * {@code Authorization} header when one is given.
 */
final class AdminClient
{
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final int port;
    private final String authorization;

    AdminClient(final int port)
    {
        this(port, null);
    }

    /**
     * @param authorization the {@code Authorization} header of every request, as {@code Bearer TOKEN}.
     */
    AdminClient(final int port, final String authorization)
    {
        this.port = port;
        this.authorization = authorization;
    }

    HttpResponse<String> get(final String path) throws Exception
    {
        return send("GET", path);
    }

    /**
     * Send a request without a body and read the whole response.
     */
    HttpResponse<String> send(final String method, final String path) throws Exception
    {
        return send(method, path, HttpRequest.BodyPublishers.noBody());
    }

    /**
     * Send a POST with a body (chunked when the publisher does not know its length) and read the whole response.
     */
    HttpResponse<String> post(final String path, final HttpRequest.BodyPublisher body) throws Exception
    {
        return send("POST", path, body);
    }

    private HttpResponse<String> send(final String method, final String path, final HttpRequest.BodyPublisher body)
        throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body)
            .timeout(TIMEOUT);
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
