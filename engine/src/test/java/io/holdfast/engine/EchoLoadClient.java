package io.holdfast.engine;

import io.holdfast.codec.frame.FrameHeaderDecoder;
import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.holdfast.codec.frame.Masking;
import io.holdfast.codec.frame.Opcode;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A closed-loop echo client for tests: many connections on one selector, each with one message in flight, checking
 * every reply byte for byte. It allocates (almost) nothing per message itself, so the heap of the test JVM stays
 * quiet while the server is measured. Messages cycle through 16 B..4 KiB, text and binary, some sent in three
 * fragments, some heartbeats and some ping frames, chosen by a fixed rule so runs repeat. It can also watch the server
 * close all of them, as at shutdown.
 */
public final class EchoLoadClient implements AutoCloseable
{
    private static final int MAX_PAYLOAD = 4096;
    private static final int MAX_PING_PAYLOAD = 125;
    private static final byte[] HEARTBEAT = "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEARTBEAT_REPLY = "{\"type\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);
    private static final long TIMEOUT_NS = 60_000_000_000L;

    private final SocketChannel[] channels;
    private final ByteBuffer[] received;
    private final int[] expectedOpcodes;
    private final int[] expectedLengths;
    private final boolean[] expectHeartbeatReply;
    private final Selector selector;
    private final UnsafeBuffer payloads = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
    private final UnsafeBuffer heartbeat = new UnsafeBuffer(HEARTBEAT);
    private final UnsafeBuffer heartbeatReply = new UnsafeBuffer(HEARTBEAT_REPLY);
    private final ByteBuffer sendByteBuffer = ByteBuffer.allocateDirect(3 * 14 + MAX_PAYLOAD);
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(sendByteBuffer);
    private final UnsafeBuffer receiveView = new UnsafeBuffer(0, 0);
    private final FrameHeaderDecoder header = new FrameHeaderDecoder();
    private final Consumer<SelectionKey> onReadable = this::onReadable;
    private final Consumer<SelectionKey> onClosing = this::onClosing;
    private final boolean[] closeReceived;
    private byte[] expectedCloseReason;
    private int expectedCloseCode;
    private boolean answerClose;
    private int sequence;
    private int remaining;

    public EchoLoadClient(final int port, final int connections) throws IOException
    {
        for (int i = 0; i < MAX_PAYLOAD; i++)
        {
            payloads.putByte(i, (byte)('a' + i % 26));
        }
        channels = new SocketChannel[connections];
        received = new ByteBuffer[connections];
        expectedOpcodes = new int[connections];
        expectedLengths = new int[connections];
        expectHeartbeatReply = new boolean[connections];
        closeReceived = new boolean[connections];
        selector = Selector.open();
        for (int i = 0; i < connections; i++)
        {
            channels[i] = open(port);
            received[i] = ByteBuffer.allocateDirect(2 * (MAX_PAYLOAD + 14));
            channels[i].configureBlocking(false);
            channels[i].register(selector, SelectionKey.OP_READ, i);
        }
    }

    int connections()
    {
        return channels.length;
    }

    /**
     * Send messages round trip, each connection keeping one in flight, until the given number were echoed.
     *
     * @throws AssertionError on a wrong reply or when the run takes longer than a minute.
     */
    public void run(final int messages) throws IOException
    {
        remaining = messages;
        int inFlight = 0;
        for (int i = 0; i < channels.length && inFlight < messages; i++, inFlight++)
        {
            sendNext(i);
        }
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (remaining > 0)
        {
            selector.select(onReadable, 100);
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("echo run timed out with " + remaining + " replies outstanding");
            }
        }
    }

    /**
     * Read until the server has ended every connection: each must receive exactly one frame, a close frame with this
     * code and reason, and then end of stream (a reset counts as the end too). Run while the server closes.
     *
     * @param answer whether to send each close frame's code back first, as RFC 6455 section 5.5.1 asks.
     * @throws AssertionError on any other frame, on an end without a close frame first, or after a minute.
     */
    void expectServerClose(final int code, final String reason, final boolean answer) throws IOException
    {
        expectedCloseCode = code;
        expectedCloseReason = reason.getBytes(StandardCharsets.UTF_8);
        answerClose = answer;
        remaining = channels.length;
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (remaining > 0)
        {
            selector.select(onClosing, 100);
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("server left " + remaining + " connections open");
            }
        }
    }

    public void close() throws IOException
    {
        for (final SocketChannel channel : channels)
        {
            if (channel != null)
            {
                channel.close();
            }
        }
        selector.close();
    }

    /**
     * Connect a blocking channel to the server on 127.0.0.1 and complete the upgrade.
     */
    static SocketChannel open(final int port) throws IOException
    {
        final SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        final String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        final ByteBuffer response = ByteBuffer.allocate(1024);
        while (!endsHead(response))
        {
            if (channel.read(response) < 0)
            {
                throw new IOException("server closed during the handshake");
            }
        }
        final String head = new String(response.array(), 0, response.position(), StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.1 101 "))
        {
            throw new IOException("handshake refused: " + head);
        }
        return channel;
    }

    private static boolean endsHead(final ByteBuffer response)
    {
        final int end = response.position();
        return end >= 4 && response.get(end - 4) == '\r' && response.get(end - 3) == '\n' &&
            response.get(end - 2) == '\r' && response.get(end - 1) == '\n';
    }

    private void sendNext(final int connection) throws IOException
    {
        final int n = sequence++;
        int length = 16 + (int)((n * 7919L) % (MAX_PAYLOAD - 15));
        int opcode = (n & 1) == 0 ? Opcode.TEXT : Opcode.BINARY;
        UnsafeBuffer source = payloads;
        expectHeartbeatReply[connection] = n % 50 == 7;
        if (expectHeartbeatReply[connection])
        {
            source = heartbeat;
            length = HEARTBEAT.length;
            opcode = Opcode.TEXT;
        }
        else if (n % 50 == 17)
        {
            length = Math.min(length, MAX_PING_PAYLOAD);
            opcode = Opcode.PING;
        }
        expectedOpcodes[connection] = opcode == Opcode.PING ? Opcode.PONG : opcode;
        expectedLengths[connection] = expectHeartbeatReply[connection] ? HEARTBEAT_REPLY.length : length;

        final int fragments = n % 10 == 3 ? 3 : 1;
        int position = 0;
        int offset = 0;
        for (int f = 0; f < fragments; f++)
        {
            final int fragmentLength = f == fragments - 1 ? length - offset : length / fragments;
            final int maskingKey = 0x9E3779B9 * (n + f + 1);
            final int headerLength = FrameHeaderEncoder.encode(sendBuffer, position, f == fragments - 1, 0,
                f == 0 ? opcode : Opcode.CONTINUATION, fragmentLength, true, maskingKey);
            sendBuffer.putBytes(position + headerLength, source, offset, fragmentLength);
            Masking.mask(sendBuffer, position + headerLength, fragmentLength, maskingKey, 0);
            position += headerLength + fragmentLength;
            offset += fragmentLength;
        }
        write(connection, position);
    }

    private void onReadable(final SelectionKey key)
    {
        final int connection = (Integer)key.attachment();
        final ByteBuffer buffer = received[connection];
        try
        {
            if (channels[connection].read(buffer) < 0)
            {
                throw new AssertionError("server closed connection " + connection);
            }
            receiveView.wrap(buffer, 0, buffer.position());
            final int headerLength = header.decode(receiveView, 0, buffer.position());
            if (headerLength == FrameHeaderDecoder.NEED_MORE ||
                buffer.position() < headerLength + header.payloadLength())
            {
                return;
            }
            checkReply(connection, headerLength);
            buffer.clear();
            remaining--;
            if (remaining >= channels.length)
            {
                sendNext(connection);
            }
        }
        catch (final IOException ex)
        {
            throw new AssertionError("connection " + connection + " failed", ex);
        }
    }

    private void onClosing(final SelectionKey key)
    {
        final int connection = (Integer)key.attachment();
        final ByteBuffer buffer = received[connection];
        int read;
        try
        {
            read = channels[connection].read(buffer);
        }
        catch (final IOException ex)
        {
            read = -1;
        }
        if (read < 0)
        {
            if (!closeReceived[connection])
            {
                throw new AssertionError("connection " + connection + " ended without a close frame");
            }
            key.cancel();
            remaining--;
            return;
        }

        receiveView.wrap(buffer, 0, buffer.position());
        final int headerLength = header.decode(receiveView, 0, buffer.position());
        if (headerLength != FrameHeaderDecoder.NEED_MORE &&
            buffer.position() >= headerLength + header.payloadLength())
        {
            checkClose(connection, headerLength);
            buffer.clear();
            closeReceived[connection] = true;
            if (answerClose)
            {
                sendClose(connection);
            }
        }
    }

    private void checkClose(final int connection, final int headerLength)
    {
        final int length = (int)header.payloadLength();
        boolean matches = !closeReceived[connection] && header.fin() && header.opcode() == Opcode.CLOSE &&
            length == 2 + expectedCloseReason.length && receiveView.capacity() == headerLength + length &&
            (receiveView.getShort(headerLength, ByteOrder.BIG_ENDIAN) & 0xFFFF) == expectedCloseCode;
        for (int i = 0; matches && i < expectedCloseReason.length; i++)
        {
            matches = receiveView.getByte(headerLength + 2 + i) == expectedCloseReason[i];
        }
        if (!matches)
        {
            throw new AssertionError("connection " + connection + ": expected one close frame " + expectedCloseCode +
                ", got opcode " + header.opcode() + " length " + length);
        }
    }

    private void sendClose(final int connection)
    {
        final int maskingKey = 0x9E3779B9 * (connection + 1);
        final int headerLength = FrameHeaderEncoder.encode(sendBuffer, 0, true, 0, Opcode.CLOSE, 2, true, maskingKey);
        sendBuffer.putShort(headerLength, (short)expectedCloseCode, ByteOrder.BIG_ENDIAN);
        Masking.mask(sendBuffer, headerLength, 2, maskingKey, 0);
        try
        {
            write(connection, headerLength + 2);
        }
        catch (final IOException ignore)
        {
            // The server may already be gone; its end of stream is what is checked next.
        }
    }

    private void write(final int connection, final int length) throws IOException
    {
        sendByteBuffer.clear().limit(length);
        while (sendByteBuffer.hasRemaining())
        {
            channels[connection].write(sendByteBuffer);
        }
    }

    private void checkReply(final int connection, final int headerLength)
    {
        final int length = (int)header.payloadLength();
        if (!header.fin() || header.opcode() != expectedOpcodes[connection] || length != expectedLengths[connection] ||
            receiveView.capacity() != headerLength + length)
        {
            throw new AssertionError("connection " + connection + ": unexpected reply opcode " + header.opcode() +
                " length " + length + ", expected opcode " + expectedOpcodes[connection] + " length " +
                expectedLengths[connection]);
        }
        final UnsafeBuffer expected = expectHeartbeatReply[connection] ? heartbeatReply : payloads;
        for (int i = 0; i < length; i++)
        {
            if (receiveView.getByte(headerLength + i) != expected.getByte(i))
            {
                throw new AssertionError("connection " + connection + ": reply differs at byte " + i);
            }
        }
    }
}
