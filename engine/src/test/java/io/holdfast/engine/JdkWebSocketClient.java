package io.holdfast.engine;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The JDK's own WebSocket client (a client nobody here wrote) and what it received: complete messages (the JDK
 * hands large ones over in parts), pongs and the close code. Every wait is bounded.
 */
public final class JdkWebSocketClient implements WebSocket.Listener
{
    private static final long WAIT_SECONDS = 10;
    private static final HttpClient HTTP_CLIENT =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder textParts = new StringBuilder();
    private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();
    private WebSocket webSocket;

    private JdkWebSocketClient()
    {
    }

    /**
     * Open a connection, offering the given subprotocols in order.
     */
    public static JdkWebSocketClient connect(final URI uri, final String... subprotocols) throws Exception
    {
        final JdkWebSocketClient client = new JdkWebSocketClient();
        final WebSocket.Builder builder = HTTP_CLIENT.newWebSocketBuilder();
        if (subprotocols.length > 0)
        {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        client.webSocket = builder.buildAsync(uri, client).get(WAIT_SECONDS, SECONDS);
        return client;
    }

    public WebSocket webSocket()
    {
        return webSocket;
    }

    /**
     * Send a text message and wait for the next text message to come back.
     */
    public String roundTrip(final String text) throws Exception
    {
        sendText(text);
        return nextText();
    }

    /**
     * Close with 1000 and check the server answers 1000.
     */
    public void closeNormally() throws Exception
    {
        await(webSocket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        assertEquals(WebSocket.NORMAL_CLOSURE, closeCode());
    }

    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        textParts.append(data);
        if (last)
        {
            texts.add(textParts.toString());
            textParts.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
    {
        binaryParts.writeBytes(copyOf(data));
        if (last)
        {
            binaries.add(binaryParts.toByteArray());
            binaryParts.reset();
        }
        webSocket.request(1);
        return null;
    }

    public CompletionStage<?> onPong(final WebSocket webSocket, final ByteBuffer message)
    {
        pongs.add(copyOf(message));
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

    public void sendText(final String text) throws Exception
    {
        sendTextPart(text, true);
    }

    void sendTextPart(final String text, final boolean last) throws Exception
    {
        await(webSocket.sendText(text, last));
    }

    void sendBinary(final byte[] payload) throws Exception
    {
        sendBinaryPart(payload, true);
    }

    void sendBinaryPart(final byte[] payload, final boolean last) throws Exception
    {
        await(webSocket.sendBinary(ByteBuffer.wrap(payload), last));
    }

    public String nextText() throws InterruptedException
    {
        return next(texts, "text message");
    }

    byte[] nextBinary() throws InterruptedException
    {
        return next(binaries, "binary message");
    }

    byte[] nextPong() throws InterruptedException
    {
        return next(pongs, "pong");
    }

    public int closeCode() throws Exception
    {
        return closeCode.get(WAIT_SECONDS, SECONDS);
    }

    void await(final CompletableFuture<WebSocket> send) throws Exception
    {
        send.get(WAIT_SECONDS, SECONDS);
    }

    private <T> T next(final BlockingQueue<T> queue, final String what) throws InterruptedException
    {
        final T item = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (item == null)
        {
            fail("no " + what + " within " + WAIT_SECONDS + " s; close: " + closeCode);
        }
        return item;
    }

    /** The JDK may reuse the buffer once the callback returns. */
    private static byte[] copyOf(final ByteBuffer data)
    {
        final byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return bytes;
    }
}
