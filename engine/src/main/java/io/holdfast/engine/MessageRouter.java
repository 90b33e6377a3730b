package io.holdfast.engine;

import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.json.EnvelopeScanner;
import io.holdfast.codec.json.EnvelopeType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Decides what a complete message is for: the client heartbeat {@code {"type":"ping"}} is answered here as
 * configured and never reaches the handler; everything else goes to the handler.
 */
final class MessageRouter
{
    /** Shortest text that can hold {@code {"type":"ping"}}. */
    private static final int MIN_HEARTBEAT_LENGTH = 15;
    private static final int MAX_ENVELOPE_DEPTH = 32;
    private static final UnsafeBuffer PONG_TEXT =
        new UnsafeBuffer("{\"type\":\"pong\"}".getBytes(StandardCharsets.US_ASCII));

    private final Connections connections;
    private final ConnectionWriter writer;
    private final EngineCounters counters;
    private final boolean replyWithText;
    private final boolean replyWithFrame;
    private final EnvelopeScanner envelope = new EnvelopeScanner(MAX_ENVELOPE_DEPTH);

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

    private static boolean startsLikeObject(final byte first)
    {
        return first == '{' || first == ' ' || first == '\t' || first == '\r' || first == '\n';
    }
}
