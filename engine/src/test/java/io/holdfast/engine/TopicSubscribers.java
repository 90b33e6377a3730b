package io.holdfast.engine;

import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.holdfast.codec.frame.Masking;
import io.holdfast.codec.frame.Opcode;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many JSON subscribers of one topic on blocking channels, read in turn: for tests that publish messages of a known
 * frame length and check what each subscriber got. Reading allocates nothing, so a test that measures garbage can
 * drive a thousand subscribers from its own thread without causing a collection.
 */
final class TopicSubscribers implements AutoCloseable
{
    private static final int MASKING_KEY = 0x5A17C0DE;

    private final SocketChannel[] channels;
    private final ByteBuffer receiveByteBuffer = ByteBuffer.allocateDirect(1 << 20);
    private final UnsafeBuffer received = new UnsafeBuffer(receiveByteBuffer);

    /**
     * Open the connections and subscribe each to the topic, waiting for its ack.
     */
    TopicSubscribers(final int port, final int count, final String topic) throws IOException
    {
        channels = new SocketChannel[count];
        try
        {
            final byte[] ack = ("{\"type\":\"subscribed\",\"topic\":\"" + topic + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++)
            {
                channels[i] = EchoLoadClient.open(port);
                sendText(channels[i], "{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
            }
            for (final SocketChannel channel : channels)
            {
                receive(channel, 2 + ack.length);
                assertEquals(new String(ack, StandardCharsets.US_ASCII), received.getStringWithoutLengthAscii(
                    2, ack.length), "subscribe ack");
            }
        }
        catch (final IOException | RuntimeException | AssertionError ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Send one masked text frame.
     */
    static void sendText(final SocketChannel channel, final String text) throws IOException
    {
        sendFrame(channel, maskedText(text));
    }

    /**
     * @return a masked text frame, in a direct buffer ready to be sent (again and again, see {@link #sendFrame}).
     */
    static ByteBuffer maskedText(final String text)
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer bytes = ByteBuffer.allocateDirect(payload.length + 14);
        final UnsafeBuffer frame = new UnsafeBuffer(bytes);
        final int headerLength = FrameHeaderEncoder.encode(
            frame, 0, true, 0, Opcode.TEXT, payload.length, true, MASKING_KEY);
        frame.putBytes(headerLength, payload);
        Masking.mask(frame, headerLength, payload.length, MASKING_KEY, 0);
        return bytes.limit(headerLength + payload.length);
    }

    /**
     * Send a frame whole; allocates nothing.
     */
    static void sendFrame(final SocketChannel channel, final ByteBuffer frame) throws IOException
    {
        frame.rewind();
        while (frame.hasRemaining())
        {
            channel.write(frame);
        }
    }

    int count()
    {
        return channels.length;
    }

    SocketChannel channel(final int subscriber)
    {
        return channels[subscriber];
    }

    /**
     * Read exactly this many bytes from one subscriber, into {@link #received()} from index 0.
     */
    void receive(final int subscriber, final int length) throws IOException
    {
        receive(channels[subscriber], length);
    }

    /**
     * Read exactly this many bytes from every subscriber in turn, keeping only the last subscriber's.
     */
    void receiveAll(final int length) throws IOException
    {
        for (final SocketChannel channel : channels)
        {
            receive(channel, length);
        }
    }

    /**
     * @return what the last receive read.
     */
    UnsafeBuffer received()
    {
        return received;
    }

    /**
     * Close the subscribers' connections abruptly.
     */
    public void close() throws IOException
    {
        for (final SocketChannel channel : channels)
        {
            if (channel != null)
            {
                channel.close();
            }
        }
    }

    private void receive(final SocketChannel channel, final int length) throws IOException
    {
        receiveByteBuffer.clear().limit(length);
        while (receiveByteBuffer.hasRemaining())
        {
            if (channel.read(receiveByteBuffer) < 0)
            {
                throw new IOException("server closed a subscriber after " + receiveByteBuffer.position() + " of " +
                    length + " bytes");
            }
        }
    }
}
