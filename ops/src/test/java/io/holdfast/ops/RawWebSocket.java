package io.holdfast.ops;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A blocking WebSocket client over a plain socket, for tests that hold many connections in one thread or need to
 * see exactly what the server sends. It writes the upgrade request and masked frames itself and handles only small
 * frames (payloads up to 125 bytes), which is all the lifecycle tests exchange.
 */
final class RawWebSocket implements AutoCloseable
{
    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_CLOSE = 0x8;

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int MAX_SMALL_PAYLOAD = 125;
    private static final int MAX_HEAD = 4096;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final StringBuilder head = new StringBuilder();
    private boolean upgraded;

    private RawWebSocket(final Socket socket) throws IOException
    {
        this.socket = socket;
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    /**
     * Open a TCP connection and send the upgrade request without waiting for the answer: the kernel completes the
     * connection even when the server cannot accept it yet.
     */
    static RawWebSocket connect(final int port, final String path) throws IOException
    {
        final Socket socket = new Socket();
        try
        {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
            final RawWebSocket webSocket = new RawWebSocket(socket);
            webSocket.out.write(("GET " + path + " HTTP/1.1\r\n" +
                "Host: 127.0.0.1:" + port + "\r\n" +
                "Upgrade: websocket\r\n" +
                "Connection: Upgrade\r\n" +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            webSocket.out.flush();
            return webSocket;
        }
        catch (final IOException | RuntimeException ex)
        {
            socket.close();
            throw ex;
        }
    }

    /**
     * Read the response head, keeping what arrived so far when the time runs out so a later call can finish it.
     *
     * @return true once a 101 head was read, false when it was not complete within the timeout.
     */
    boolean awaitUpgrade(final int timeoutMs) throws IOException
    {
        if (upgraded)
        {
            return true;
        }
        socket.setSoTimeout(timeoutMs);
        try
        {
            while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4)
            {
                assertTrue(head.length() < MAX_HEAD, "response head too long: " + head);
                final int b = in.read();
                assertTrue(b != -1, "end of stream in the response head: " + head);
                head.append((char)b);
            }
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101 "), "not upgraded: " + head);
        upgraded = true;
        return true;
    }

    void sendText(final String text) throws IOException
    {
        sendFrame(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendClose(final int code) throws IOException
    {
        sendFrame(OPCODE_CLOSE, new byte[] {(byte)(code >>> 8), (byte)code});
    }

    /**
     * Read one whole frame from the server, which never masks.
     */
    Frame readFrame(final int timeoutMs) throws IOException
    {
        socket.setSoTimeout(timeoutMs);
        final int first = in.readUnsignedByte();
        final int second = in.readUnsignedByte();
        assertEquals(0, second & 0x80, "a server frame must not be masked");
        long length = second & 0x7F;
        if (length == 126)
        {
            length = in.readUnsignedShort();
        }
        else if (length == 127)
        {
            length = in.readLong();
        }
        assertTrue(length <= MAX_SMALL_PAYLOAD, "frame too large for this client: " + length);
        final byte[] payload = new byte[(int)length];
        in.readFully(payload);
        return new Frame(first & 0x0F, (first & 0x80) != 0, payload);
    }

    /**
     * Fail unless the server ends the stream (a FIN, not a reset) within the timeout, with nothing before it.
     */
    void awaitEndOfStream(final int timeoutMs) throws IOException
    {
        socket.setSoTimeout(timeoutMs);
        final int b = in.read();
        if (b != -1)
        {
            fail("expected end of stream, read byte " + b);
        }
    }

    /**
     * Close the handshake from this side as a polite client does: send close, read the echoed close, then wait for
     * the server to end the stream.
     */
    void closeNormally(final int code, final int timeoutMs) throws IOException
    {
        sendClose(code);
        final Frame reply = readFrame(timeoutMs);
        assertEquals(OPCODE_CLOSE, reply.opcode(), "opcode of the reply to close");
        assertEquals(code, reply.closeCode(), "code of the reply to close");
        awaitEndOfStream(timeoutMs);
    }

    public void close() throws IOException
    {
        socket.close();
    }

    private void sendFrame(final int opcode, final byte[] payload) throws IOException
    {
        assertTrue(payload.length <= MAX_SMALL_PAYLOAD, "payload too large for this client: " + payload.length);
        final byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte)(0x80 | opcode);
        frame[1] = (byte)(0x80 | payload.length);
        final int key = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < 4; i++)
        {
            frame[2 + i] = (byte)(key >>> (24 - 8 * i));
        }
        for (int i = 0; i < payload.length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ frame[2 + (i & 3)]);
        }
        out.write(frame);
        out.flush();
    }

    /**
     * One frame as the server sent it.
     */
    record Frame(int opcode, boolean fin, byte[] payload)
    {
        String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /**
         * @return the status code of a close frame, or 1005 (no status received) when it carries none.
         */
        int closeCode()
        {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }
}
