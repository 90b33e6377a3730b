package io.holdfast.ops.client;

import io.holdfast.codec.protocol.ErrorDecoder;
import io.holdfast.codec.protocol.MessageDecoder;
import io.holdfast.codec.protocol.MessageHeaderDecoder;
import io.holdfast.codec.protocol.MessageHeaderEncoder;
import io.holdfast.codec.protocol.PingEncoder;
import io.holdfast.codec.protocol.PongDecoder;
import io.holdfast.codec.protocol.PublishEncoder;
import io.holdfast.codec.protocol.SubscribeEncoder;
import io.holdfast.codec.protocol.SubscribedDecoder;
import io.holdfast.codec.protocol.UnsubscribeEncoder;
import io.holdfast.codec.protocol.UnsubscribedDecoder;
import io.holdfast.codec.topic.TopicNames;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * A client of holdfast's binary pub/sub protocol, the SBE messages of {@code holdfast-protocol.xml} in binary
 * WebSocket frames, on the JDK's {@link WebSocket}: what a Java application uses to subscribe, publish and ping
 * without any JSON. Every request carries a correlation id, 1, 2, 3... in the order requests are made on this
 * client, which the server echoes in its ack, pong or error, so each request's future completes with its own reply.
 * <p>
 * Example-grade: it allocates per message, does not reconnect and leaves timeouts to the caller (e.g.
 * {@link CompletableFuture#orTimeout}). Thread-safe: requests may be made from any thread and are sent in the order
 * made. Messages published to subscribed topics go to the {@link MessageListener} on the receive thread.
 */
public final class SbePubSubClient implements AutoCloseable
{
    private static final long CLOSE_TIMEOUT_MS = 5_000;
    private static final HttpClient HTTP_CLIENT =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MessageListener listener;
    private final Map<Long, CompletableFuture<Void>> pendingReplies = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PingEncoder ping = new PingEncoder();
    private final SubscribeEncoder subscribe = new SubscribeEncoder();
    private final UnsubscribeEncoder unsubscribe = new UnsubscribeEncoder();
    private final PublishEncoder publish = new PublishEncoder();
    private WebSocket webSocket;
    private long lastCorrelationId;
    private CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);
    private boolean closing;

    private SbePubSubClient(final MessageListener listener)
    {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Open a connection to a holdfast server running the pub/sub handler.
     *
     * @param uri      the server's WebSocket address, e.g. {@code ws://127.0.0.1:8080/ws}.
     * @param listener told of every message published to a topic this client subscribes to.
     * @return completes with the open client, or exceptionally when the connection or handshake failed.
     */
    public static CompletableFuture<SbePubSubClient> connect(final URI uri, final MessageListener listener)
    {
        final SbePubSubClient client = new SbePubSubClient(listener);
        return HTTP_CLIENT.newWebSocketBuilder().buildAsync(uri, client.new Receiver()).thenApply(client::attach);
    }

    /**
     * Subscribe to a topic: every message published to it after the ack reaches the listener once.
     *
     * @param topic 1 to 128 ASCII letters, digits and {@code . _ - / :}; the server refuses other names.
     * @return completes when the server acks, or exceptionally with a {@link RequestRefusedException} naming why it
     * refused, or an {@link IOException} when the connection closed first.
     * @throws IllegalArgumentException when the topic is longer than 128 characters, which no request can carry.
     */
    public CompletableFuture<Void> subscribe(final String topic)
    {
        return request(
            HEADER_LENGTH + SubscribeEncoder.BLOCK_LENGTH + SubscribeEncoder.topicHeaderLength() + length(topic),
            (buffer, correlationId) ->
                subscribe.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).topic(topic));
    }

    /**
     * Unsubscribe from a topic: once the ack arrives, no more of its messages do.
     *
     * @param topic a topic this client subscribed to.
     * @return completes when the server acks, or exceptionally as {@link #subscribe} does, with
     * {@code NOT_SUBSCRIBED} for a topic this client was not subscribed to.
     * @throws IllegalArgumentException when the topic is longer than 128 characters.
     */
    public CompletableFuture<Void> unsubscribe(final String topic)
    {
        return request(
            HEADER_LENGTH + UnsubscribeEncoder.BLOCK_LENGTH + UnsubscribeEncoder.topicHeaderLength() + length(topic),
            (buffer, correlationId) ->
                unsubscribe.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).topic(topic));
    }

    /**
     * Send the server's heartbeat, an SBE {@code Ping}, which the engine itself answers with a {@code Pong}.
     *
     * @return completes when the pong arrives, or exceptionally when the connection closed first.
     */
    public CompletableFuture<Void> ping()
    {
        return request(
            HEADER_LENGTH + PingEncoder.BLOCK_LENGTH,
            (buffer, correlationId) -> ping.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId));
    }

    /**
     * Publish data to every subscriber of a topic, this client included if it subscribed. Subscribers that
     * subscribed in JSON receive it in the JSON envelope when it is one JSON value in UTF-8, else in this binary form.
     * Publishes have no ack: a refusal reaches {@link MessageListener#onPublishRefused}.
     *
     * @param topic 1 to 128 ASCII letters, digits and {@code . _ - / :}.
     * @param data  the bytes to publish, copied before this returns.
     * @return completes when the publish has been handed to the socket.
     * @throws IllegalArgumentException when the topic is longer than 128 characters.
     */
    public CompletableFuture<Void> publish(final String topic, final byte[] data)
    {
        final int length = HEADER_LENGTH + PublishEncoder.BLOCK_LENGTH + PublishEncoder.topicHeaderLength() +
            length(topic) + PublishEncoder.dataHeaderLength() + data.length;
        synchronized (this)
        {
            final byte[] frame = new byte[length];
            publish.wrapAndApplyHeader(new UnsafeBuffer(frame), 0, header)
                .correlationId(++lastCorrelationId)
                .topic(topic)
                .putData(data, 0, data.length);
            return send(frame);
        }
    }

    /**
     * Publish the remaining bytes of a buffer, as {@link #publish(String, byte[])}; the buffer's position is left as
     * it was.
     *
     * @param topic 1 to 128 ASCII letters, digits and {@code . _ - / :}.
     * @param data  its bytes from position to limit are published, copied before this returns.
     * @return completes when the publish has been handed to the socket.
     */
    public CompletableFuture<Void> publish(final String topic, final ByteBuffer data)
    {
        final byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return publish(topic, bytes);
    }

    /**
     * @return completes with the close code once the connection has closed, or exceptionally when it failed; the
     * caller cannot complete it.
     */
    public CompletableFuture<Integer> closed()
    {
        return closed.copy();
    }

    /**
     * Close the connection with 1000 after every request made so far has been sent, and wait up to five seconds for
     * the server to close too; then release the socket. Requests still awaiting a reply fail with an
     * {@link IOException}. Later calls return at once.
     */
    public void close()
    {
        final WebSocket webSocket;
        synchronized (this)
        {
            if (closing)
            {
                return;
            }
            closing = true;
            webSocket = this.webSocket;
            lastSend = afterLastSend(() -> webSocket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        }
        try
        {
            closed.get(CLOSE_TIMEOUT_MS, MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            // The connection failed or the server did not answer: the socket is released below either way.
        }
        finally
        {
            webSocket.abort();
            final IOException cause = new IOException("connection closed by the client");
            closed.completeExceptionally(cause);
            failPendingReplies(cause);
        }
    }

    private SbePubSubClient attach(final WebSocket webSocket)
    {
        synchronized (this)
        {
            this.webSocket = webSocket;
        }
        return this;
    }

    private synchronized CompletableFuture<Void> request(final int length, final RequestEncoding encoding)
    {
        final long correlationId = ++lastCorrelationId;
        final byte[] frame = new byte[length];
        encoding.encode(new UnsafeBuffer(frame), correlationId);

        final CompletableFuture<Void> reply = new CompletableFuture<>();
        pendingReplies.put(correlationId, reply);
        if (closed.isDone())
        {
            // The connection closed before the put, so failPendingReplies may have missed this request.
            failReply(correlationId, new IOException("connection closed"));
            return reply;
        }
        send(frame).whenComplete(
            (ignored, error) ->
            {
                if (error != null)
                {
                    failReply(correlationId, error);
                }
            });
        return reply;
    }

    /**
     * Queue one binary message behind the previous one: the JDK's WebSocket refuses a send while one is pending.
     */
    private CompletableFuture<Void> send(final byte[] frame)
    {
        final WebSocket webSocket = this.webSocket;
        lastSend = afterLastSend(() -> webSocket.sendBinary(ByteBuffer.wrap(frame), true));
        return lastSend;
    }

    private CompletableFuture<Void> afterLastSend(final Send send)
    {
        // A failed send does not hold back later ones: each fails or succeeds on its own.
        return lastSend.handle((ignored, error) -> null).thenCompose(ignored -> send.start()).thenApply(ws -> null);
    }

    private void completeReply(final long correlationId)
    {
        final CompletableFuture<Void> reply = pendingReplies.remove(correlationId);
        if (reply != null)
        {
            reply.complete(null);
        }
    }

    private void failReply(final long correlationId, final Throwable cause)
    {
        final CompletableFuture<Void> reply = pendingReplies.remove(correlationId);
        if (reply != null)
        {
            reply.completeExceptionally(cause);
        }
    }

    private void failPendingReplies(final Throwable cause)
    {
        for (final Long correlationId : pendingReplies.keySet())
        {
            failReply(correlationId, cause);
        }
    }

    private static int length(final String topic)
    {
        if (topic.length() > TopicNames.MAX_LENGTH)
        {
            throw new IllegalArgumentException(
                "topic longer than " + TopicNames.MAX_LENGTH + " characters: " + topic.length());
        }
        return topic.length();
    }

    /** Writes one request, header first, with the correlation id given. */
    @FunctionalInterface
    private interface RequestEncoding
    {
        void encode(MutableDirectBuffer buffer, long correlationId);
    }

    /** Starts one send on the JDK's WebSocket. */
    @FunctionalInterface
    private interface Send
    {
        CompletableFuture<WebSocket> start();
    }

    /**
     * Reassembles the server's binary messages from the parts the JDK hands over and decodes them. The JDK calls it
     * on one thread at a time, asking for each next message only once the previous one was handled. A message that
     * is not of the schema, or whose lengths overrun it (Agrona's bounds checks, on unless disabled, catch those),
     * aborts the connection.
     */
    private final class Receiver implements WebSocket.Listener
    {
        private final ExpandableArrayBuffer parts = new ExpandableArrayBuffer();
        private final UnsafeBuffer message = new UnsafeBuffer(new byte[0]);
        private final MessageHeaderDecoder messageHeader = new MessageHeaderDecoder();
        private final SubscribedDecoder subscribed = new SubscribedDecoder();
        private final UnsubscribedDecoder unsubscribed = new UnsubscribedDecoder();
        private final PongDecoder pong = new PongDecoder();
        private final ErrorDecoder error = new ErrorDecoder();
        private final MessageDecoder published = new MessageDecoder();
        private int partsLength;

        public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
        {
            final int length = data.remaining();
            parts.putBytes(partsLength, data, data.position(), length);
            partsLength += length;
            if (last)
            {
                // A view of exactly this message, so a length field that lies fails the bounds checks.
                message.wrap(parts.byteArray(), 0, partsLength);
                partsLength = 0;
                try
                {
                    onMessage();
                }
                catch (final RuntimeException ex)
                {
                    closed.completeExceptionally(ex);
                    failPendingReplies(ex);
                    webSocket.abort();
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            // This client subscribes in binary, so the server has no text for it.
            webSocket.request(1);
            return null;
        }

        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            closed.complete(statusCode);
            failPendingReplies(new IOException("connection closed with " + statusCode + " " + reason));
            return null;
        }

        public void onError(final WebSocket webSocket, final Throwable cause)
        {
            closed.completeExceptionally(cause);
            failPendingReplies(cause);
        }

        private void onMessage()
        {
            messageHeader.wrap(message, 0);
            if (messageHeader.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
            {
                throw new IllegalStateException("not a holdfast protocol message: schema " + messageHeader.schemaId());
            }
            switch (messageHeader.templateId())
            {
                case SubscribedDecoder.TEMPLATE_ID:
                    completeReply(subscribed.wrapAndApplyHeader(message, 0, messageHeader).correlationId());
                    break;

                case UnsubscribedDecoder.TEMPLATE_ID:
                    completeReply(unsubscribed.wrapAndApplyHeader(message, 0, messageHeader).correlationId());
                    break;

                case PongDecoder.TEMPLATE_ID:
                    completeReply(pong.wrapAndApplyHeader(message, 0, messageHeader).correlationId());
                    break;

                case ErrorDecoder.TEMPLATE_ID:
                    onRefusal();
                    break;

                case MessageDecoder.TEMPLATE_ID:
                    onPublished();
                    break;

                default:
                    // A message of a newer server that this client does not know: skipped.
            }
        }

        private void onRefusal()
        {
            error.wrapAndApplyHeader(message, 0, messageHeader);
            final RequestRefusedException refusal =
                new RequestRefusedException(error.correlationId(), error.code(), error.reason());
            final CompletableFuture<Void> reply = pendingReplies.remove(refusal.correlationId());
            if (reply != null)
            {
                reply.completeExceptionally(refusal);
            }
            else
            {
                listener.onPublishRefused(refusal);
            }
        }

        private void onPublished()
        {
            published.wrapAndApplyHeader(message, 0, messageHeader);
            final String topic = published.topic();
            final byte[] data = new byte[published.dataLength()];
            published.getData(data, 0, data.length);
            listener.onMessage(topic, data);
        }
    }
}
