package io.holdfast.ops;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.holdfast.codec.topic.RequestError;
import io.holdfast.codec.topic.TopicNames;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.EngineConfiguration;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code POST /publish?topic=T} on the admin endpoint, for backends: the request body, raw bytes, is published to
 * the topic through the engine, so every subscriber receives it as if a client had published it. Answers are small
 * JSON objects: 202 {@code {"type":"published","topic":T,"bytes":N}}, or an error
 * {@code {"type":"error","code":C,"reason":R}} with 400 (topic missing or invalid, body empty), 404 (the server runs
 * the echo handler), 405 (not POST), 411 (no Content-Length and not chunked), 413 (body too large) or 503 with
 * {@code Retry-After: 1} (the engine is not serving, or refused the message for now). The topic's error codes are
 * the pub/sub protocol's. Runs on the admin endpoint's one thread.
 */
final class PublishEndpoint
{
    static final String PATH = "/publish";

    private static final String METHOD = "POST";
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final String TOPIC_PARAMETER = "topic";
    private static final int ACCEPTED = 202;
    private static final int BAD_REQUEST = 400;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int LENGTH_REQUIRED = 411;
    private static final int PAYLOAD_TOO_LARGE = 413;
    private static final int SERVICE_UNAVAILABLE = 503;
    private static final String RETRY_AFTER_SECONDS = "1";

    private final HandlerType handler;
    private final ServerHealth health;
    private final EngineConfig engineConfig;
    private volatile TopicPublisher publisher;

    /**
     * @param handler the handler the server runs: only {@link HandlerType#PUBSUB} has subscribers to publish to.
     * @param config  the engine's config, whose message and command buffer sizes bound a body.
     * @param health  whether the engine is serving.
     */
    PublishEndpoint(final HandlerType handler, final EngineConfig config, final ServerHealth health)
    {
        this.handler = handler;
        this.health = health;
        engineConfig = config;
    }

    /**
     * Publish through this once the engine has started; until then requests are answered 503.
     */
    void connect(final TopicPublisher publisher)
    {
        this.publisher = publisher;
    }

    /**
     * The largest body a publish to a topic of this length may carry ({@link EngineConfig#maxPublishLength(int)}),
     * so that a body the engine would always refuse gets 413 rather than a 503 that retrying cannot cure.
     *
     * @param topicLength bytes of the topic name.
     * @return bytes.
     */
    int maxBody(final int topicLength)
    {
        return engineConfig.maxPublishLength(topicLength);
    }

    /**
     * Answer one request for {@link #PATH}, whatever its method.
     */
    void handle(final HttpExchange exchange) throws IOException
    {
        final Answer answer = answer(exchange);
        final Headers headers = exchange.getResponseHeaders();
        if (answer.status() == METHOD_NOT_ALLOWED)
        {
            headers.set("Allow", METHOD);
        }
        else if (answer.status() == SERVICE_UNAVAILABLE)
        {
            headers.set("Retry-After", RETRY_AFTER_SECONDS);
        }
        AdminServer.respond(exchange, "HEAD".equals(exchange.getRequestMethod()), answer.status(), CONTENT_TYPE,
            answer.json());
    }

    private Answer answer(final HttpExchange exchange) throws IOException
    {
        if (handler != HandlerType.PUBSUB)
        {
            return Answer.error(NOT_FOUND, "pubsub_off", "publishing needs " + OpsConfiguration.HANDLER_PROP_NAME +
                "=" + ConfigValues.choiceText(HandlerType.PUBSUB));
        }
        if (!METHOD.equals(exchange.getRequestMethod()))
        {
            return Answer.error(METHOD_NOT_ALLOWED, "method_not_allowed", "use POST with the message as the body");
        }

        final String topic;
        try
        {
            topic = topicParameter(exchange.getRequestURI().getRawQuery());
        }
        catch (final IllegalArgumentException ex)
        {
            return Answer.error(BAD_REQUEST, RequestError.MALFORMED.code(), ex.getMessage());
        }
        final byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        final RequestError topicError =
            RequestError.ofTopicCheck(TopicNames.check(new UnsafeBuffer(topicBytes), 0, topicBytes.length));
        if (topicError != null)
        {
            return Answer.error(BAD_REQUEST, topicError.code(), topicError.reason());
        }

        final Headers request = exchange.getRequestHeaders();
        final String contentLength = request.getFirst("Content-Length");
        final boolean chunked = "chunked".equalsIgnoreCase(request.getFirst("Transfer-Encoding"));
        final int maxBody = maxBody(topicBytes.length);
        if (contentLength == null && !chunked)
        {
            return Answer.error(LENGTH_REQUIRED, "length_required",
                "send the message as the body, with Content-Length or chunked");
        }
        // The JDK's server has answered 400 to a Content-Length that is not a number before calling here.
        if (contentLength != null && !chunked && Long.parseLong(contentLength.trim()) > maxBody)
        {
            return tooLarge(maxBody);
        }
        final byte[] data = exchange.getRequestBody().readNBytes(maxBody + 1);
        if (data.length > maxBody)
        {
            return tooLarge(maxBody);
        }
        if (data.length == 0)
        {
            return Answer.error(BAD_REQUEST, RequestError.MISSING_DATA.code(), "the body is empty");
        }
        return publish(topic, data);
    }

    private Answer tooLarge(final int maxBody)
    {
        final String bound = maxBody == engineConfig.maxMessage() ? EngineConfiguration.MAX_MESSAGE_PROP_NAME :
            "an eighth of the engine's command buffer, less the topic";
        return Answer.error(PAYLOAD_TOO_LARGE, "message_too_large",
            "the body is larger than " + maxBody + " bytes, the most one publish may carry (" + bound + ")");
    }

    private Answer publish(final String topic, final byte[] data)
    {
        final ServerHealth.State state = health.state();
        final TopicPublisher publisher = this.publisher;
        if (state != ServerHealth.State.SERVING || publisher == null)
        {
            return Answer.error(SERVICE_UNAVAILABLE, "not_serving",
                "the server is " + state.name().toLowerCase(Locale.ROOT) + "; retry");
        }
        if (!publisher.publish(topic, new UnsafeBuffer(data), 0, data.length))
        {
            return Answer.error(SERVICE_UNAVAILABLE, RequestError.OVERLOADED.code(), RequestError.OVERLOADED.reason());
        }
        return new Answer(ACCEPTED,
            "{\"type\":\"published\",\"topic\":\"" + topic + "\",\"bytes\":" + data.length + "}\n");
    }

    /**
     * @param rawQuery the query as sent, still URL-encoded; null when there is none.
     * @return the decoded value of the one {@code topic} parameter, or "" when there is none.
     * @throws IllegalArgumentException when the topic is given more than once.
     */
    private static String topicParameter(final String rawQuery)
    {
        String topic = null;
        for (final String parameter : rawQuery == null ? new String[0] : rawQuery.split("&"))
        {
            final int equals = parameter.indexOf('=');
            if (TOPIC_PARAMETER.equals(equals < 0 ? parameter : parameter.substring(0, equals)))
            {
                if (topic != null)
                {
                    throw new IllegalArgumentException("topic given more than once");
                }
                // The JDK's server has refused a query with a broken %-escape; bytes that are not UTF-8 decode to
                // U+FFFD, which the topic check refuses.
                topic = URLDecoder.decode(equals < 0 ? "" : parameter.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return topic == null ? "" : topic;
    }

    /**
     * A status and its JSON body. Codes, reasons and a topic that passed its check need no JSON escapes.
     */
    private record Answer(int status, String json)
    {
        static Answer error(final int status, final String code, final String reason)
        {
            return new Answer(status, "{\"type\":\"error\",\"code\":\"" + code + "\",\"reason\":\"" + reason + "\"}\n");
        }
    }
}
