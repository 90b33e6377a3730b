package io.holdfast.engine;

import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.topic.JsonTopicReplies;
import io.holdfast.codec.topic.SbeTopicReplies;
import io.holdfast.codec.topic.TopicNames;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Delivers publishes to one worker's subscribers: each message is framed once per form its subscribers take (the
 * JSON envelope in a text frame, the SBE message in a binary frame) and the same bytes are written to each of them.
 * Data that is not a JSON value goes to every subscriber in the binary form, the only one that can carry it.
 * <p>
 * Consecutive publishes to one topic (a burst from the command ring) are framed one after another and written to
 * each subscriber at once, so a subscriber costs one write per burst rather than one per message. Anything that may
 * change who subscribes must {@link #flush()} first. Single-threaded: owned by its worker.
 */
final class TopicFanOut
{
    /** Frames of one burst kept before they are written; a single larger frame is written alone. */
    private static final int BURST_BYTES = 64 << 10;

    private final TopicTable topics;
    private final ConnectionWriter writer;
    private final EngineCounters counters;
    private final FrameScratch jsonFrames;
    private final FrameScratch binaryFrames;
    private final SbeTopicReplies sbe = new SbeTopicReplies();
    private int burstTopicId = TopicTable.NONE;
    private boolean burstIsJson;
    private int burstMessages;
    private int jsonLength;
    private int binaryLength;

    TopicFanOut(
        final TopicTable topics, final ConnectionWriter writer, final EngineCounters counters, final int maxData)
    {
        this.topics = topics;
        this.writer = writer;
        this.counters = counters;
        jsonFrames = new FrameScratch(Math.max(BURST_BYTES,
            JsonTopicReplies.messageLength(TopicNames.MAX_LENGTH, maxData) + ConnectionWriter.MAX_HEADER_LENGTH));
        binaryFrames = new FrameScratch(Math.max(BURST_BYTES,
            SbeTopicReplies.messageLength(TopicNames.MAX_LENGTH, maxData) + ConnectionWriter.MAX_HEADER_LENGTH));
    }

    /**
     * Send one published message to every local subscriber of its topic now.
     *
     * @param isJson whether the data is one JSON value in UTF-8, which JSON subscribers can take in their envelope.
     */
    void publish(
        final DirectBuffer topic,
        final int topicOffset,
        final int topicLength,
        final DirectBuffer data,
        final int dataOffset,
        final int dataLength,
        final boolean isJson)
    {
        add(topic, topicOffset, topicLength, data, dataOffset, dataLength, isJson);
        flush();
    }

    /**
     * Frame a published message for the local subscribers of its topic, to be written with the rest of its burst by
     * {@link #flush()}; a message for another topic writes the burst before it first.
     */
    void add(
        final DirectBuffer topic,
        final int topicOffset,
        final int topicLength,
        final DirectBuffer data,
        final int dataOffset,
        final int dataLength,
        final boolean isJson)
    {
        final int topicId = topics.topicId(topic, topicOffset, topicLength);
        if (topicId == TopicTable.NONE)
        {
            return;
        }

        final int members = topics.memberCount(topicId);
        final boolean anyBinary = !isJson || topics.binaryMemberCount(topicId) > 0;
        final boolean anyJson = isJson && topics.binaryMemberCount(topicId) < members;
        final int jsonPayloadLength = anyJson ? JsonTopicReplies.messageLength(topicLength, dataLength) : 0;
        final int binaryPayloadLength = anyBinary ? SbeTopicReplies.messageLength(topicLength, dataLength) : 0;
        if (topicId != burstTopicId || isJson != burstIsJson ||
            !fits(jsonFrames, jsonLength, jsonPayloadLength) || !fits(binaryFrames, binaryLength, binaryPayloadLength))
        {
            flush();
        }

        burstTopicId = topicId;
        burstIsJson = isJson;
        burstMessages++;
        if (anyJson)
        {
            final int payloadOffset = frameHeader(jsonFrames, jsonLength, Opcode.TEXT, jsonPayloadLength);
            jsonLength = payloadOffset + JsonTopicReplies.message(jsonFrames.buffer(), payloadOffset,
                topic, topicOffset, topicLength, data, dataOffset, dataLength);
        }
        if (anyBinary)
        {
            final int payloadOffset = frameHeader(binaryFrames, binaryLength, Opcode.BINARY, binaryPayloadLength);
            binaryLength = payloadOffset + sbe.message(binaryFrames.buffer(), payloadOffset,
                topic, topicOffset, topicLength, data, dataOffset, dataLength);
        }
    }

    /**
     * Write the burst framed so far to every subscriber of its topic, in the order of the topic's members.
     */
    void flush()
    {
        final int topicId = burstTopicId;
        if (topicId == TopicTable.NONE)
        {
            return;
        }
        for (int i = 0, members = topics.memberCount(topicId); i < members; i++)
        {
            final boolean binary = !burstIsJson || topics.isMemberBinary(topicId, i);
            final int slot = topics.memberSlot(topicId, i);
            final boolean sent = binary ?
                writer.sendPrepared(slot, binaryFrames.buffer(), binaryLength, burstMessages) :
                writer.sendPrepared(slot, jsonFrames.buffer(), jsonLength, burstMessages);
            if (sent)
            {
                counters.delivered(burstMessages);
            }
        }
        burstTopicId = TopicTable.NONE;
        burstMessages = 0;
        jsonLength = 0;
        binaryLength = 0;
    }

    /**
     * Whether one more frame fits the burst; a frame alone always does, since the buffers hold the largest.
     */
    private static boolean fits(final FrameScratch frames, final int burstLength, final int payloadLength)
    {
        return burstLength + FrameHeaderEncoder.headerLength(payloadLength, false) + payloadLength <=
            frames.maxLength();
    }

    /**
     * Make room for a frame at the end of a burst and write its header.
     *
     * @return where its payload goes.
     */
    private static int frameHeader(
        final FrameScratch frames, final int offset, final int opcode, final int payloadLength)
    {
        final UnsafeBuffer buffer = frames.ensure(offset + ConnectionWriter.MAX_HEADER_LENGTH + payloadLength);
        return offset + FrameHeaderEncoder.encode(buffer, offset, true, 0, opcode, payloadLength, false, 0);
    }
}
