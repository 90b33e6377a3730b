package io.holdfast.engine;

import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.json.EnvelopeScanner;
import io.holdfast.codec.json.EnvelopeType;
import io.holdfast.codec.protocol.MessageHeaderDecoder;
import io.holdfast.codec.protocol.PingDecoder;
import io.holdfast.codec.topic.BinaryRequestReader;
import io.holdfast.codec.topic.SbeTopicReplies;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Decides what a complete message is for: the client heartbeat, {@code {"type":"ping"}} as text or the SBE
 * {@code Ping} of {@code holdfast-protocol.xml} as binary, is answered here (the text one as configured, the binary one
 * with an SBE {@code Pong}) and never reaches the handler; everything else goes to the handler. Heartbeat replies
 * are control output: a slow consumer's drop policy never drops them.
 */
final class MessageRouter
{
    /** Shortest text that can hold {@code {"type":"ping"}}. */
    private static final int MIN_HEARTBEAT_LENGTH = 15;
    /** Deepest JSON nesting the engine reads, the envelope object counting as 1. */
    static final int MAX_JSON_DEPTH = 32;
    private static final int PING_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH + PingDecoder.BLOCK_LENGTH;
    private static final UnsafeBuffer PONG_TEXT =
        new UnsafeBuffer("{\"type\":\"pong\"}".getBytes(StandardCharsets.US_ASCII));

    private final Connections connections;
    private final ConnectionWriter writer;
    private final EngineCounters counters;
    private final boolean replyWithText;
    private final boolean replyWithFrame;
    private final EnvelopeScanner envelope = new EnvelopeScanner(MAX_JSON_DEPTH);
    private final BinaryRequestReader binaryRequest = new BinaryRequestReader();
    private final SbeTopicReplies sbe = new SbeTopicReplies();
    private final UnsafeBuffer pong = new UnsafeBuffer(new byte[SbeTopicReplies.MAX_REPLY_LENGTH]);

    MessageRouter(
        final Connections connections,
        final ConnectionWriter writer,
        final EngineCounters counters,
        final HeartbeatReply heartbeatReply)
    {
        this.connections = connections;
        this.writer = writer;
        this.counters = counters;
        replyWithText = heartbeatReply != HeartbeatReply.FRAME;
        replyWithFrame = heartbeatReply != HeartbeatReply.TEXT;
    }

    void onMessage(final int slot, final DirectBuffer buffer, final int offset, final int length, final boolean isText)
    {
        counters.messageReceived();
        if (isText && isHeartbeat(buffer, offset, length))
        {
            counters.pingReceived();
            if (replyWithText)
            {
                writer.sendFrame(slot, Opcode.TEXT, PONG_TEXT, 0, PONG_TEXT.capacity());
                counters.messageSent();
            }
            if (replyWithFrame)
            {
                writer.sendFrame(slot, Opcode.PONG, PONG_TEXT, 0, 0);
            }
            counters.pongSent();
        }
        else if (!isText && isBinaryPing(buffer, offset, length))
        {
            counters.pingReceived();
            writer.sendFrame(slot, Opcode.BINARY, pong, 0, sbe.pong(pong, 0, binaryRequest.correlationId()));
            counters.messageSent();
            counters.pongSent();
        }
        else
        {
            connections.onMessage(slot, buffer, offset, length, isText);
        }
    }

    private boolean isHeartbeat(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= MIN_HEARTBEAT_LENGTH && startsLikeObject(buffer.getByte(offset)) &&
            envelope.scan(buffer, offset, length) == EnvelopeType.PING;
    }

    private boolean isBinaryPing(final DirectBuffer buffer, final int offset, final int length)
    {
        return length == PING_LENGTH && binaryRequest.read(buffer, offset, length) == PingDecoder.TEMPLATE_ID;
    }

    private static boolean startsLikeObject(final byte first)
    {
        return first == '{' || first == ' ' || first == '\t' || first == '\r' || first == '\n';
    }
}
