package io.holdfast.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's HTTP client pointed at an admin endpoint on 127.0.0.1, every request bounded in time.
 */
final class AdminClient
{
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final int port;

    AdminClient(final int port)
    {
        this.port = port;
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
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(TIMEOUT)
            .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
