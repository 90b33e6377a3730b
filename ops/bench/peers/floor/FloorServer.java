package io.holdfast.bench.floor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The physical floor of holdfast's echo benchmark: the least work a JVM WebSocket echo server can do, so that
 * holdfast's CPU per message can be read against it. One selector thread, the JDK only. After a minimal upgrade
 * (GET /ws with a Sec-WebSocket-Key, nothing else checked) it reads whatever frames arrived, unmasks each into one
 * output buffer with its header rewritten unmasked, and writes that buffer back: one read and one write system call
 * per message when messages arrive one at a time, as in a closed-loop echo.
 * <p>
 * It answers the text heartbeat {@code {"type":"ping"}} with {@code {"type":"pong"}} (same length, so only the
 * payload bytes change), a ping frame with a pong frame, a close frame with the same close frame before closing,
 * and echoes every other frame as it came, fragments included. It validates nothing (no UTF-8 check, no size limit
 * but its 1 MiB buffer), has no idle timeout and no handshake timeout: the benchmark's connections always send.
 * Every 10 s it prints {@code connections N} when the number of upgraded connections changed.
 * <p>
 * Usage: {@code java -cp CLASSES io.holdfast.bench.floor.FloorServer PORT}.
 */
public final class FloorServer
{
    private static final int BACKLOG = 4096;
    private static final int BUFFER_BYTES = (1 << 20) + 14;
    private static final int MAX_HEADER_BYTES = 8192;
    private static final long STATUS_INTERVAL_NS = 10_000_000_000L;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] PING = "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "{\"type\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND =
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;

    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final byte[] heartbeat = new byte[PING.length];
    private final MessageDigest sha1;
    private int live;
    private int reported;
    private long nextStatusNs = System.nanoTime() + STATUS_INTERVAL_NS;

    /**
     * What the floor keeps per connection: whether it is upgraded, an incomplete frame or request carried to the
     * next read, and output the socket did not take. Both buffers are null in the common case.
     */
    private static final class Connection
    {
        boolean upgraded;
        ByteBuffer partial;
        ByteBuffer pending;
    }

    private FloorServer(final Selector selector) throws NoSuchAlgorithmException
    {
        this.selector = selector;
        sha1 = MessageDigest.getInstance("SHA-1");
    }

    /**
     * Serves on 127.0.0.1:PORT until the process is killed.
     *
     * @param args PORT.
     * @throws Exception if the server socket or the selector cannot be opened.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 1)
        {
            System.err.println("usage: java io.holdfast.bench.floor.FloorServer PORT");
            System.exit(2);
        }
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open())
        {
            server.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), BACKLOG);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            new FloorServer(selector).run();
        }
    }

    private void run() throws IOException
    {
        while (true)
        {
            selector.select(this::onReady, 1000);
            final long nowNs = System.nanoTime();
            if (nowNs - nextStatusNs >= 0)
            {
                nextStatusNs = nowNs + STATUS_INTERVAL_NS;
                if (live != reported)
                {
                    reported = live;
                    System.out.println("connections " + live);
                }
            }
        }
    }

    private void onReady(final SelectionKey key)
    {
        try
        {
            if (key.isAcceptable())
            {
                accept((ServerSocketChannel)key.channel());
            }
            else if (key.isWritable())
            {
                flushPending(key);
            }
            else if (key.isReadable())
            {
                read(key);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            close(key);
        }
    }

    private void accept(final ServerSocketChannel server) throws IOException
    {
        final SocketChannel channel = server.accept();
        if (channel != null)
        {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new Connection());
        }
    }

    /**
     * One read: whatever is carried over from the last read, then what the socket has, processed as far as it is
     * complete; the rest is carried over again.
     */
    private void read(final SelectionKey key) throws IOException
    {
        final Connection connection = (Connection)key.attachment();
        in.clear();
        if (connection.partial != null)
        {
            in.put(connection.partial.flip());
            connection.partial = null;
        }
        if (((SocketChannel)key.channel()).read(in) < 0)
        {
            close(key);
            return;
        }
        in.flip();
        if (!connection.upgraded && !upgrade(key, connection))
        {
            return;
        }
        out.clear();
        final boolean closing = echoFrames();
        if (in.hasRemaining())
        {
            connection.partial = ByteBuffer.allocate(in.remaining()).put(in);
        }
        out.flip();
        write(key, connection);
        if (closing)
        {
            close(key);
        }
    }

    /**
     * Answers the upgrade request once its header is complete, leaving in positioned after it.
     *
     * @return true when the connection is upgraded; false when the header is incomplete or the key is closed.
     */
    private boolean upgrade(final SelectionKey key, final Connection connection) throws IOException
    {
        final int end = headerEnd();
        if (end < 0)
        {
            if (in.remaining() >= MAX_HEADER_BYTES)
            {
                close(key);
                return false;
            }
            connection.partial = ByteBuffer.allocate(MAX_HEADER_BYTES).put(in);
            return false;
        }
        final byte[] header = new byte[end];
        in.get(header);
        final String request = new String(header, StandardCharsets.ISO_8859_1);
        final String webSocketKey = headerValue(request, "sec-websocket-key");
        final SocketChannel channel = (SocketChannel)key.channel();
        if (!request.startsWith("GET /ws ") || webSocketKey == null)
        {
            channel.write(ByteBuffer.wrap(NOT_FOUND));
            close(key);
            return false;
        }
        final byte[] digest = sha1.digest((webSocketKey + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
        final String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
        channel.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
        connection.upgraded = true;
        live++;
        return true;
    }

    private int headerEnd()
    {
        for (int i = in.position(), limit = in.limit() - 3; i < limit; i++)
        {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n')
            {
                return i + 4 - in.position();
            }
        }
        return -1;
    }

    private static String headerValue(final String request, final String name)
    {
        for (final String line : request.split("\r\n"))
        {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name))
            {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /**
     * Echoes every complete frame in in, unmasked, into out; in is left at the first incomplete frame.
     *
     * @return true when a close frame was echoed, after which the connection is closed.
     */
    private boolean echoFrames()
    {
        while (in.remaining() >= 2)
        {
            final int start = in.position();
            final int first = in.get(start) & 0xFF;
            final int lengthCode = in.get(start + 1) & 0x7F;
            final int lengthBytes = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
            final int headerBytes = 2 + lengthBytes + 4;
            if (in.remaining() < headerBytes)
            {
                return false;
            }
            final long length = lengthCode == 126 ? in.getShort(start + 2) & 0xFFFF :
                lengthCode == 127 ? in.getLong(start + 2) : lengthCode;
            if (length < 0 || length > BUFFER_BYTES - headerBytes)
            {
                throw new IllegalStateException("frame larger than the floor's buffer");
            }
            if (in.remaining() < headerBytes + length)
            {
                return false;
            }
            final int opcode = first & 0x0F;
            in.position(start + headerBytes + (int)length);
            if (opcode == OPCODE_PONG)
            {
                continue;
            }
            out.put((byte)(opcode == OPCODE_PING ? first ^ OPCODE_PING ^ OPCODE_PONG : first));
            out.put((byte)lengthCode);
            out.put(in.slice(start + 2, lengthBytes));
            unmask(start + headerBytes, (int)length, in.getInt(start + headerBytes - 4));
            if (opcode == OPCODE_TEXT && length == PING.length)
            {
                answerHeartbeat();
            }
            if (opcode == OPCODE_CLOSE)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends the payload at offset in in, unmasked, to out: eight bytes at a time, then the tail.
     */
    private void unmask(final int offset, final int length, final int mask)
    {
        final long wideMask = ((long)mask << 32) | (mask & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            out.putLong(in.getLong(offset + i) ^ wideMask);
        }
        for (; i < length; i++)
        {
            out.put((byte)(in.get(offset + i) ^ (mask >>> (24 - 8 * (i & 3)))));
        }
    }

    /**
     * Replaces the payload just written to out with the pong if it is the heartbeat.
     */
    private void answerHeartbeat()
    {
        final int payload = out.position() - PING.length;
        out.get(payload, heartbeat);
        if (Arrays.equals(heartbeat, PING))
        {
            out.put(payload, PONG);
        }
    }

    private void write(final SelectionKey key, final Connection connection) throws IOException
    {
        if (out.hasRemaining())
        {
            ((SocketChannel)key.channel()).write(out);
        }
        if (out.hasRemaining())
        {
            connection.pending = ByteBuffer.allocate(out.remaining()).put(out).flip();
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private void flushPending(final SelectionKey key) throws IOException
    {
        final Connection connection = (Connection)key.attachment();
        ((SocketChannel)key.channel()).write(connection.pending);
        if (!connection.pending.hasRemaining())
        {
            connection.pending = null;
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void close(final SelectionKey key)
    {
        if (key.attachment() instanceof Connection connection && connection.upgraded && key.isValid())
        {
            live--;
        }
        key.cancel();
        try
        {
            key.channel().close();
        }
        catch (final IOException ignore)
        {
            // Closing a socket that failed: nothing more to do.
        }
    }
}
