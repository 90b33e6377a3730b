package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.json.EnvelopeScanner;
import io.holdfast.codec.json.EnvelopeType;
import io.holdfast.codec.protocol.PublishDecoder;
import io.holdfast.codec.protocol.SubscribeDecoder;
import io.holdfast.codec.protocol.UnsubscribeDecoder;
import io.holdfast.codec.topic.BinaryRequestReader;
import io.holdfast.codec.topic.JsonTopicReplies;
import io.holdfast.codec.topic.RequestError;
import io.holdfast.codec.topic.SbeTopicReplies;
import io.holdfast.codec.topic.TopicNames;
import io.holdfast.codec.utf8.Utf8Validator;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The pub/sub protocol: clients subscribe to topics, unsubscribe and publish, in JSON text messages or SBE binary
 * ones (schema {@code holdfast-protocol.xml}), and receive what is published in the form they subscribed with.
 * Subscriptions are acknowledged; a refused request is answered with an error message naming why and the
 * connection stays open, until it has made more refused requests than {@code holdfast.max.request.errors}, when it
 * is closed with 1008. Heartbeats in either form are answered by the engine before messages reach a handler.
 * Allocates nothing per message.
 */
public final class PubSubHandler implements WebSocketHandler
{
    private static final int INITIAL_CONNECTIONS = 64;

    private final Outbound outbound;
    private final int maxRequestErrors;
    private final EngineConfig config;
    private final EnvelopeScanner json = new EnvelopeScanner(MessageRouter.MAX_JSON_DEPTH);
    private final Utf8Validator utf8 = new Utf8Validator();
    private final BinaryRequestReader binary = new BinaryRequestReader();
    private final SbeTopicReplies sbe = new SbeTopicReplies();
    private final UnsafeBuffer reply =
        new UnsafeBuffer(new byte[Math.max(JsonTopicReplies.MAX_REPLY_LENGTH, SbeTopicReplies.MAX_REPLY_LENGTH)]);
    private int[] errorCounts = new int[INITIAL_CONNECTIONS];

    /**
     * @param outbound of the worker this handler serves.
     * @param config   gives the error budget, {@link EngineConfig#maxRequestErrors()}, and the largest publish.
     */
    public PubSubHandler(final Outbound outbound, final EngineConfig config)
    {
        this.outbound = outbound;
        this.config = config;
        maxRequestErrors = config.maxRequestErrors();
    }

    /**
     * {@inheritDoc}
     */
    public void onOpen(final long connectionId)
    {
        final int slot = ConnectionId.slot(connectionId);
        if (slot >= errorCounts.length)
        {
            errorCounts = Arrays.copyOf(errorCounts, Math.max(slot + 1, errorCounts.length << 1));
        }
        errorCounts[slot] = 0;
    }

    /**
     * {@inheritDoc}
     */
    public void onMessage(
        final long connectionId, final DirectBuffer buffer, final int offset, final int length, final boolean isText)
    {
        if (isText)
        {
            onJson(connectionId, buffer, offset, length);
        }
        else
        {
            onBinary(connectionId, buffer, offset, length);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onClose(final long connectionId, final int code)
    {
    }

    private void onJson(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final int type = json.scan(buffer, offset, length);
        if (type == EnvelopeType.INVALID)
        {
            refuse(connectionId, true, 0, RequestError.MALFORMED);
            return;
        }
        if (type != EnvelopeType.SUBSCRIBE && type != EnvelopeType.UNSUBSCRIBE && type != EnvelopeType.PUBLISH)
        {
            refuse(connectionId, true, 0, RequestError.UNKNOWN_TYPE);
            return;
        }

        final int topicOffset = json.topicOffset();
        final int topicLength = json.topicLength();
        final RequestError topicError = topicOffset < 0 ? RequestError.MISSING_TOPIC :
            json.topicHasEscapes() ? RequestError.TOPIC_FORBIDDEN_CHARACTER :
            RequestError.ofTopicCheck(TopicNames.check(buffer, topicOffset, topicLength));
        if (topicError != null)
        {
            refuse(connectionId, true, 0, topicError);
        }
        else if (type == EnvelopeType.SUBSCRIBE)
        {
            onSubscribe(connectionId, true, 0, buffer, topicOffset, topicLength);
        }
        else if (type == EnvelopeType.UNSUBSCRIBE)
        {
            onUnsubscribe(connectionId, true, 0, buffer, topicOffset, topicLength);
        }
        else if (!json.hasData())
        {
            refuse(connectionId, true, 0, RequestError.MISSING_DATA);
        }
        else
        {
            onPublish(connectionId, true, 0, buffer, topicOffset, topicLength,
                buffer, json.dataOffset(), json.dataLength(), true);
        }
    }

    private void onBinary(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = binary.read(buffer, offset, length);
        final long correlationId = binary.correlationId();
        if (templateId == BinaryRequestReader.MALFORMED)
        {
            refuse(connectionId, false, correlationId, RequestError.MALFORMED);
            return;
        }
        if (templateId != SubscribeDecoder.TEMPLATE_ID && templateId != UnsubscribeDecoder.TEMPLATE_ID &&
            templateId != PublishDecoder.TEMPLATE_ID)
        {
            refuse(connectionId, false, correlationId, RequestError.UNKNOWN_TYPE);
            return;
        }

        final int topicOffset = binary.topicOffset();
        final int topicLength = binary.topicLength();
        final RequestError topicError = RequestError.ofTopicCheck(TopicNames.check(buffer, topicOffset, topicLength));
        if (topicError != null)
        {
            refuse(connectionId, false, correlationId, topicError);
        }
        else if (templateId == SubscribeDecoder.TEMPLATE_ID)
        {
            onSubscribe(connectionId, false, correlationId, buffer, topicOffset, topicLength);
        }
        else if (templateId == UnsubscribeDecoder.TEMPLATE_ID)
        {
            onUnsubscribe(connectionId, false, correlationId, buffer, topicOffset, topicLength);
        }
        else
        {
            final int dataOffset = binary.dataOffset();
            final int dataLength = binary.dataLength();
            final boolean isJson = json.isJsonValue(buffer, dataOffset, dataLength) &&
                utf8.validateWhole(buffer, dataOffset, dataLength);
            onPublish(connectionId, false, correlationId, buffer, topicOffset, topicLength,
                buffer, dataOffset, dataLength, isJson);
        }
    }

    private void onSubscribe(
        final long connectionId,
        final boolean isText,
        final long correlationId,
        final DirectBuffer topic,
        final int topicOffset,
        final int topicLength)
    {
        if (!outbound.isTopicAllowed(connectionId, topic, topicOffset, topicLength))
        {
            refuse(connectionId, isText, correlationId, RequestError.FORBIDDEN);
            return;
        }
        final SubscriptionResult result = outbound.subscribe(connectionId, topic, topicOffset, topicLength, !isText);
        if (result == SubscriptionResult.SUBSCRIBED || result == SubscriptionResult.ALREADY_SUBSCRIBED)
        {
            final int length = isText ?
                JsonTopicReplies.subscribed(reply, 0, topic, topicOffset, topicLength) :
                sbe.subscribed(reply, 0, correlationId, topic, topicOffset, topicLength);
            outbound.send(connectionId, reply, 0, length, isText);
        }
        else if (result == SubscriptionResult.TOO_MANY_SUBSCRIPTIONS)
        {
            refuse(connectionId, isText, correlationId, RequestError.TOO_MANY_SUBSCRIPTIONS);
        }
        else if (result == SubscriptionResult.TOO_MANY_TOPICS)
        {
            refuse(connectionId, isText, correlationId, RequestError.TOO_MANY_TOPICS);
        }
    }

    private void onUnsubscribe(
        final long connectionId,
        final boolean isText,
        final long correlationId,
        final DirectBuffer topic,
        final int topicOffset,
        final int topicLength)
    {
        final SubscriptionResult result = outbound.unsubscribe(connectionId, topic, topicOffset, topicLength);
        if (result == SubscriptionResult.UNSUBSCRIBED)
        {
            final int length = isText ?
                JsonTopicReplies.unsubscribed(reply, 0, topic, topicOffset, topicLength) :
                sbe.unsubscribed(reply, 0, correlationId, topic, topicOffset, topicLength);
            outbound.send(connectionId, reply, 0, length, isText);
        }
        else if (result == SubscriptionResult.NOT_SUBSCRIBED)
        {
            refuse(connectionId, isText, correlationId, RequestError.NOT_SUBSCRIBED);
        }
    }

    private void onPublish(
        final long connectionId,
        final boolean isText,
        final long correlationId,
        final DirectBuffer topic,
        final int topicOffset,
        final int topicLength,
        final DirectBuffer data,
        final int dataOffset,
        final int dataLength,
        final boolean isJson)
    {
        if (!outbound.isTopicAllowed(connectionId, topic, topicOffset, topicLength))
        {
            refuse(connectionId, isText, correlationId, RequestError.FORBIDDEN);
        }
        else if (dataLength > config.maxPublishLength(topicLength))
        {
            refuse(connectionId, isText, correlationId, RequestError.MESSAGE_TOO_LARGE);
        }
        else if (!outbound.publish(topic, topicOffset, topicLength, data, dataOffset, dataLength, isJson))
        {
            refuse(connectionId, isText, correlationId, RequestError.OVERLOADED);
        }
    }

    /**
     * Answer a refused request with an error in the form it came in, or close a connection past its error budget.
     */
    private void refuse(
        final long connectionId, final boolean isText, final long correlationId, final RequestError error)
    {
        final int slot = ConnectionId.slot(connectionId);
        if (++errorCounts[slot] > maxRequestErrors)
        {
            outbound.close(connectionId, CloseCodes.POLICY_VIOLATION);
            return;
        }
        final int length = isText ?
            JsonTopicReplies.error(reply, 0, error) : sbe.error(reply, 0, correlationId, error);
        outbound.send(connectionId, reply, 0, length, isText);
    }
}
