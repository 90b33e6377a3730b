package io.holdfast.ops.load;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A deliberately plain WebSocket echo peer for tests, one blocking thread per connection, written without the
 * codec so that it checks the client's bytes independently: every client frame must be masked, every data message
 * must be the filler the load generator sends, byte for byte once unmasked. Its small receive buffer makes the
 * client's large writes partial. It answers heartbeats and close like holdfast does.
 */
final class VerifyingPeer implements AutoCloseable
{
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final String HEARTBEAT = "{\"type\":\"ping\"}";
    private static final byte[] HEARTBEAT_REPLY = "{\"type\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CLOSE = 8;

    private final ServerSocket server;
    private final boolean binary;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong messagesVerified = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param receiveBufferBytes the accepted sockets' receive buffer.
     * @param binary             whether data messages are expected binary rather than text.
     */
    VerifyingPeer(final int receiveBufferBytes, final boolean binary) throws IOException
    {
        this.binary = binary;
        server = new ServerSocket();
        server.setReceiveBufferSize(receiveBufferBytes);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final Thread acceptor = new Thread(this::accept, "verifying-peer-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port()
    {
        return server.getLocalPort();
    }

    long messagesVerified()
    {
        return messagesVerified.get();
    }

    /**
     * @return the first thing found wrong, or null.
     */
    Throwable failure()
    {
        return failure.get();
    }

    public void close() throws IOException
    {
        server.close();
        for (final Socket socket : sockets)
        {
            socket.close();
        }
    }

    private void accept()
    {
        while (!server.isClosed())
        {
            try
            {
                final Socket socket = server.accept();
                sockets.add(socket);
                final Thread connection = new Thread(() -> serve(socket), "verifying-peer-connection");
                connection.setDaemon(true);
                connection.start();
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    private void serve(final Socket socket)
    {
        try (socket)
        {
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final OutputStream out = socket.getOutputStream();
            out.write(handshakeResponse(in).getBytes(StandardCharsets.US_ASCII));
            while (onFrame(in, out))
            {
                out.flush();
            }
        }
        catch (final EOFException ex)
        {
            // The client closed the socket.
        }
        catch (final Exception | AssertionError ex)
        {
            failure.compareAndSet(null, ex);
        }
    }

    private static String handshakeResponse(final InputStream in) throws IOException, NoSuchAlgorithmException
    {
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            final int next = in.read();
            if (next < 0)
            {
                throw new EOFException();
            }
            head.append((char)next);
        }
        String key = null;
        for (final String line : head.toString().split("\r\n"))
        {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:"))
            {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        final byte[] digest =
            MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
    }

    /**
     * Read one frame and answer it.
     *
     * @return false once the close handshake is done.
     */
    private boolean onFrame(final DataInputStream in, final OutputStream out) throws IOException
    {
        final int first = in.readUnsignedByte();
        final int second = in.readUnsignedByte();
        check((first & 0x80) != 0, "a final frame");
        check((second & 0x80) != 0, "a masked frame");
        long length = second & 0x7F;
        if (length == 126)
        {
            length = in.readUnsignedShort();
        }
        else if (length == 127)
        {
            length = in.readLong();
        }
        final byte[] mask = new byte[4];
        in.readFully(mask);
        final byte[] payload = new byte[(int)length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] ^= mask[i & 3];
        }

        final int opcode = first & 0x0F;
        if (opcode == CLOSE)
        {
            write(out, CLOSE, payload);
            return false;
        }
        if (opcode == TEXT && HEARTBEAT.equals(new String(payload, StandardCharsets.US_ASCII)))
        {
            write(out, TEXT, HEARTBEAT_REPLY);
            return true;
        }
        check(opcode == (binary ? BINARY : TEXT), "a " + (binary ? "binary" : "text") + " message");
        for (int i = 0; i < payload.length; i++)
        {
            final byte expected = binary ? (byte)i : (byte)('a' + i % 26);
            check(payload[i] == expected, "filler byte " + i + " of " + payload.length);
        }
        messagesVerified.incrementAndGet();
        write(out, opcode, payload);
        return true;
    }

    private static void write(final OutputStream out, final int opcode, final byte[] payload) throws IOException
    {
        out.write(0x80 | opcode);
        if (payload.length <= 125)
        {
            out.write(payload.length);
        }
        else if (payload.length <= 0xFFFF)
        {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        }
        else
        {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                out.write((int)((long)payload.length >>> shift));
            }
        }
        out.write(payload);
    }

    private static void check(final boolean condition, final String expected)
    {
        if (!condition)
        {
            throw new AssertionError("expected " + expected);
        }
    }
}
