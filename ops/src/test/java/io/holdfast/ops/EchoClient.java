package io.holdfast.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The JDK's WebSocket client, a client nobody here wrote, taking whole text messages one at a time.
 */
final class EchoClient implements WebSocket.Listener
{
    static final long REPLY_SECONDS = 10;

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private WebSocket webSocket;

    private EchoClient()
    {
    }

    static EchoClient connect(final int port, final String path) throws Exception
    {
        final EchoClient client = new EchoClient();
        client.webSocket = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
            .newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + port + path), client)
            .get(REPLY_SECONDS, SECONDS);
        return client;
    }

    String roundTrip(final String message) throws Exception
    {
        webSocket.sendText(message, true).get(REPLY_SECONDS, SECONDS);
        final String reply = texts.poll(REPLY_SECONDS, SECONDS);
        assertNotNull(reply, "no reply to " + message + " within " + REPLY_SECONDS + " s");
        return reply;
    }

    void closeNormally() throws Exception
    {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(REPLY_SECONDS, SECONDS);
        assertEquals(WebSocket.NORMAL_CLOSURE, closeCode.get(REPLY_SECONDS, SECONDS));
    }

    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        text.append(data);
        if (last)
        {
            texts.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        closeCode.complete(statusCode);
        return null;
    }

    public void onError(final WebSocket webSocket, final Throwable error)
    {
        closeCode.completeExceptionally(error);
    }
}
