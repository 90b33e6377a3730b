package io.holdfast.engine;

import io.holdfast.codec.frame.Opcode;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A deliberately dumb, blocking WebSocket client over a plain {@link Socket}, for system tests that need to send
 * what no real client would: malformed handshakes, unmasked or reserved frames, bytes dribbled one at a time. Frames
 * are built and parsed here independently of the codec, so the codec is never its own oracle. Every read is bounded
 * by {@link #TIMEOUT_MILLIS}.
 */
final class RawClient implements AutoCloseable
{
    static final int TIMEOUT_MILLIS = 5_000;
    static final String PATH = "/ws";
    /** The close code a close frame without payload stands for (RFC 6455 section 7.1.5). */
    static final int NO_STATUS_CODE = 1005;

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD_BYTES = 64 << 10;
    private static final int MAX_SKIPPED_FRAMES = 1_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int port;
    private final Random random;
    private boolean closeSent;

    /**
     * A frame as received: the server's frames are never masked, so only these three fields matter.
     */
    record Frame(boolean fin, int opcode, byte[] payload)
    {
        String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /**
         * @return the status code of a close frame, {@link #NO_STATUS_CODE} when its payload is empty.
         */
        int closeCode()
        {
            assertEquals(Opcode.CLOSE, opcode, "not a close frame");
            return payload.length < 2 ? NO_STATUS_CODE : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        /**
         * @return the reason of a close frame, empty when it has none.
         */
        String closeReason()
        {
            assertEquals(Opcode.CLOSE, opcode, "not a close frame");
            return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    /**
     * The status line's code and the headers (names lower-cased) of an HTTP response head.
     */
    record HttpHead(int status, Map<String, String> headers)
    {
        String header(final String name)
        {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawClient(final Socket socket, final int port) throws IOException
    {
        this.socket = socket;
        this.port = port;
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        random = new Random(port * 31L + socket.getLocalPort());
    }

    /**
     * Open a TCP connection to the server on 127.0.0.1; nothing is sent yet.
     */
    static RawClient connect(final int port) throws IOException
    {
        return connect(port, 0);
    }

    /**
     * Open a TCP connection with a fixed receive buffer (0 for the system's, which grows as data comes): a small one
     * makes a client that stops reading fill up after a few kilobytes instead of megabytes.
     */
    static RawClient connect(final int port, final int receiveBufferBytes) throws IOException
    {
        return connect(port, receiveBufferBytes, null);
    }

    /**
     * Open a TCP connection from a local address of 127.0.0.0/8, so tests can be several clients to the server.
     */
    static RawClient connectFrom(final int port, final String localAddress) throws IOException
    {
        return connect(port, 0, InetAddress.getByName(localAddress));
    }

    private static RawClient connect(final int port, final int receiveBufferBytes, final InetAddress localAddress)
        throws IOException
    {
        final Socket socket = new Socket();
        try
        {
            if (receiveBufferBytes > 0)
            {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            if (localAddress != null)
            {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(TIMEOUT_MILLIS);
            // Small writes must leave as separate segments, or dribbling tests would test nothing.
            socket.setTcpNoDelay(true);
            return new RawClient(socket, port);
        }
        catch (final IOException | RuntimeException ex)
        {
            socket.close();
            throw ex;
        }
    }

    /**
     * Connect and complete the upgrade at {@link #PATH}.
     */
    static RawClient open(final int port) throws IOException
    {
        return upgraded(connect(port));
    }

    /**
     * Connect from a local address, such as 127.0.0.2, and complete the upgrade at {@link #PATH}.
     */
    static RawClient openFrom(final int port, final String localAddress) throws IOException
    {
        return upgraded(connectFrom(port, localAddress));
    }

    private static RawClient upgraded(final RawClient client) throws IOException
    {
        try
        {
            client.upgrade();
            return client;
        }
        catch (final IOException | RuntimeException | AssertionError ex)
        {
            client.close();
            throw ex;
        }
    }

    /**
     * @return a fresh Sec-WebSocket-Key: base64 of 16 random bytes.
     */
    String newKey()
    {
        final byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * @return a valid upgrade request head for the path and key, as a browser would send it.
     */
    String handshakeRequest(final String path, final String key)
    {
        return handshakeRequest(path, key, "");
    }

    /**
     * @param extraHeaders more header lines, each ending with CRLF, such as {@code "Origin: https://a.example\r\n"}.
     */
    String handshakeRequest(final String path, final String key, final String extraHeaders)
    {
        return "GET " + path + " HTTP/1.1\r\n" +
            "Host: 127.0.0.1:" + port + "\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Key: " + key + "\r\n" +
            "Sec-WebSocket-Version: 13\r\n" +
            extraHeaders +
            "\r\n";
    }

    /**
     * Send a valid upgrade request for a path.
     *
     * @return the Sec-WebSocket-Key sent.
     */
    String sendHandshake(final String path) throws IOException
    {
        return sendHandshake(path, "");
    }

    /**
     * Send an upgrade request with more header lines.
     *
     * @return the key it carries, for {@link #expectSwitchingProtocols(String)}.
     */
    String sendHandshake(final String path, final String extraHeaders) throws IOException
    {
        final String key = newKey();
        sendRaw(handshakeRequest(path, key, extraHeaders));
        return key;
    }

    void sendRaw(final String ascii) throws IOException
    {
        sendRaw(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    void sendRaw(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    /**
     * Send bytes in separate writes of at most {@code pieceLength} bytes each.
     */
    void sendInPieces(final byte[] bytes, final int pieceLength) throws IOException
    {
        for (int offset = 0; offset < bytes.length; offset += pieceLength)
        {
            out.write(bytes, offset, Math.min(pieceLength, bytes.length - offset));
            out.flush();
        }
    }

    /**
     * Read a response head up to and including CRLFCRLF; the body, if any, is left unread.
     */
    HttpHead readHttpHead() throws IOException
    {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new EOFException("connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            assertTrue(head.size() <= MAX_HEAD_BYTES, "response head too long");
        }
        return parseHead(head.toString(StandardCharsets.US_ASCII));
    }

    /**
     * Send a valid handshake and check the 101 and its Sec-WebSocket-Accept.
     */
    void upgrade() throws IOException
    {
        expectSwitchingProtocols(sendHandshake(PATH));
    }

    /**
     * Read the response to a handshake sent with {@code key} and check it completes the upgrade.
     */
    void expectSwitchingProtocols(final String key) throws IOException
    {
        final HttpHead head = readHttpHead();
        assertEquals(101, head.status(), "status of the upgrade response");
        assertEquals("websocket", lower(head.header("Upgrade")));
        assertEquals("upgrade", lower(head.header("Connection")));
        assertEquals(acceptFor(key), head.header("Sec-WebSocket-Accept"));
    }

    /**
     * @return base64(SHA-1(key + GUID)) of RFC 6455 section 4.2.2, computed with the JDK only.
     */
    static String acceptFor(final String key)
    {
        try
        {
            final MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            final byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Build the wire bytes of one frame: the header with the shortest length encoding and, when masked, a random
     * key with the payload masked by it.
     *
     * @param rsv the three reserved bits, RSV1 = 4, RSV2 = 2, RSV3 = 1.
     */
    byte[] frame(final boolean fin, final int rsv, final int opcode, final byte[] payload, final boolean masked)
    {
        final int length = payload.length;
        final int lengthBytes = length <= 125 ? 0 : (length <= 0xFFFF ? 2 : 8);
        final int headerLength = 2 + lengthBytes + (masked ? 4 : 0);
        final byte[] frame = new byte[headerLength + length];
        frame[0] = (byte)((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xF));
        final int lengthCode = lengthBytes == 0 ? length : (lengthBytes == 2 ? 126 : 127);
        frame[1] = (byte)((masked ? 0x80 : 0) | lengthCode);
        for (int i = 0; i < lengthBytes; i++)
        {
            frame[2 + i] = (byte)((long)length >>> (8 * (lengthBytes - 1 - i)));
        }

        final byte[] key = new byte[4];
        if (masked)
        {
            random.nextBytes(key);
            System.arraycopy(key, 0, frame, 2 + lengthBytes, 4);
        }
        for (int i = 0; i < length; i++)
        {
            frame[headerLength + i] = (byte)(payload[i] ^ key[i & 3]);
        }
        return frame;
    }

    /**
     * Build a masked, final frame without reserved bits.
     */
    byte[] frame(final int opcode, final byte[] payload)
    {
        return frame(true, 0, opcode, payload, true);
    }

    /**
     * Send one frame in one write.
     */
    void sendFrame(final boolean fin, final int rsv, final int opcode, final byte[] payload, final boolean masked)
        throws IOException
    {
        closeSent |= opcode == Opcode.CLOSE;
        sendRaw(frame(fin, rsv, opcode, payload, masked));
    }

    /**
     * Send one masked frame.
     */
    void sendFrame(final boolean fin, final int opcode, final byte[] payload) throws IOException
    {
        sendFrame(fin, 0, opcode, payload, true);
    }

    /**
     * Send the same masked frame several times in one write, so the server reads them together.
     */
    void sendFrames(final int opcode, final byte[] payload, final int count) throws IOException
    {
        final ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++)
        {
            frames.writeBytes(frame(opcode, payload));
        }
        sendRaw(frames.toByteArray());
    }

    void sendText(final String text) throws IOException
    {
        sendFrame(true, Opcode.TEXT, utf8(text));
    }

    void sendClose(final int code) throws IOException
    {
        sendFrame(true, Opcode.CLOSE, closePayload(code, new byte[0]));
    }

    /**
     * @return a close frame payload: the code big-endian, then the reason bytes as given.
     */
    static byte[] closePayload(final int code, final byte[] reason)
    {
        final byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte)(code >>> 8);
        payload[1] = (byte)code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }

    /**
     * Read one frame, checking the server neither masked it nor set reserved bits.
     */
    Frame readFrame() throws IOException
    {
        final int first = readByte();
        final int second = readByte();
        assertEquals(0, first & 0x70, "server frame with reserved bits set");
        assertEquals(0, second & 0x80, "server frame masked");
        long length = second & 0x7F;
        if (length >= 126)
        {
            final int lengthBytes = length == 126 ? 2 : 8;
            length = 0;
            for (int i = 0; i < lengthBytes; i++)
            {
                length = (length << 8) | readByte();
            }
        }
        assertTrue(length <= Integer.MAX_VALUE - 8, "frame length " + length);
        final byte[] payload = in.readNBytes((int)length);
        if (payload.length < length)
        {
            throw new EOFException("connection closed inside a frame payload");
        }
        return new Frame((first & 0x80) != 0, first & 0x0F, payload);
    }

    /**
     * Read the frames of one data message and join their payloads; a control frame in between fails the test.
     *
     * @return the message as one final frame with the message's opcode.
     */
    Frame readMessage() throws IOException
    {
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        final Frame first = readFrame();
        final int opcode = first.opcode();
        assertTrue(opcode == Opcode.TEXT || opcode == Opcode.BINARY,
            () -> "expected a data frame, got " + describe(first));
        Frame frame = first;
        payload.writeBytes(frame.payload());
        while (!frame.fin())
        {
            frame = readFrame();
            assertEquals(Opcode.CONTINUATION, frame.opcode(), "frame inside a fragmented message");
            payload.writeBytes(frame.payload());
        }
        return new Frame(true, opcode, payload.toByteArray());
    }

    /**
     * Read one message and check it has this type and payload.
     */
    void expectMessage(final int opcode, final byte[] payload) throws IOException
    {
        final Frame message = readMessage();
        assertEquals(opcode, message.opcode(), "message type");
        assertEquals(payload.length, message.payload().length, "message length");
        assertArrayEquals(payload, message.payload(), "message payload");
    }

    /**
     * Send a message in one frame and check it comes back unchanged.
     */
    void expectEcho(final int opcode, final byte[] payload) throws IOException
    {
        sendFrame(true, opcode, payload);
        expectMessage(opcode, payload);
    }

    void expectEcho(final String text) throws IOException
    {
        expectEcho(Opcode.TEXT, utf8(text));
    }

    /**
     * Read frames (skipping any others) up to the server's close frame.
     */
    Frame readCloseFrame() throws IOException
    {
        for (int i = 0; i < MAX_SKIPPED_FRAMES; i++)
        {
            final Frame frame = readFrame();
            if (frame.opcode() == Opcode.CLOSE)
            {
                return frame;
            }
        }
        return fail("no close frame within " + MAX_SKIPPED_FRAMES + " frames");
    }

    /**
     * Expect the server's close frame with this code, answer it as RFC 6455 section 5.5.1 asks (unless this client
     * closed first), then expect the server to close the TCP connection.
     *
     * @return the close frame, to look at its reason.
     */
    Frame expectClose(final int code) throws IOException
    {
        final Frame close = readCloseFrame();
        assertEquals(code, close.closeCode(), () -> "close code, reason: " + close.closeReason());
        if (!closeSent)
        {
            answerClose(close.closeCode());
        }
        expectTcpClose();
        return close;
    }

    /**
     * Close with 1000 and expect the server to answer 1000 and end the connection.
     */
    void closeNormally() throws IOException
    {
        sendClose(1000);
        expectClose(1000);
    }

    /**
     * Expect the server to close the connection with nothing more to read.
     */
    void expectTcpClose() throws IOException
    {
        final byte[] rest = readToEnd();
        assertEquals(0, rest.length, "bytes after the end of the conversation");
    }

    /**
     * Read until the server closes the connection; a reset counts as closed. Fails if it stays open past the timeout.
     *
     * @return what was read before the end.
     */
    byte[] readToEnd() throws IOException
    {
        final ByteArrayOutputStream rest = new ByteArrayOutputStream();
        final byte[] chunk = new byte[8192];
        try
        {
            int read;
            while ((read = in.read(chunk)) >= 0)
            {
                rest.write(chunk, 0, read);
            }
        }
        catch (final SocketException ex)
        {
            assertFalse(socket.isClosed(), "socket closed locally: " + ex);
        }
        return rest.toByteArray();
    }

    /**
     * Half-close: the server reads end of stream, this client can still read.
     */
    void endOutput() throws IOException
    {
        socket.shutdownOutput();
    }

    /**
     * Close with SO_LINGER 0, so the server sees a reset instead of an orderly end of stream.
     */
    void resetAbruptly() throws IOException
    {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // Nothing left to release: the test is over either way.
        }
    }

    static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return a payload of the length with a recognisable, position-dependent ASCII pattern (valid as text).
     */
    static byte[] pattern(final int length)
    {
        final byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)('a' + (i * 7 + i / 26) % 26);
        }
        return payload;
    }

    private void answerClose(final int code) throws IOException
    {
        try
        {
            sendFrame(true, Opcode.CLOSE, code == NO_STATUS_CODE ? new byte[0] : closePayload(code, new byte[0]));
        }
        catch (final SocketException ignore)
        {
            // The server may already be gone; its end of stream is what expectClose checks next.
        }
    }

    private int readByte() throws IOException
    {
        final int b = in.read();
        if (b < 0)
        {
            throw new EOFException("connection closed inside a frame header");
        }
        return b;
    }

    private static String describe(final Frame frame)
    {
        return frame.opcode() == Opcode.CLOSE ?
            "close " + frame.closeCode() + " " + frame.closeReason() : "opcode " + frame.opcode();
    }

    private static HttpHead parseHead(final String head)
    {
        final String[] lines = head.split("\r\n");
        final String[] statusLine = lines[0].split(" ", 3);
        assertTrue(statusLine.length >= 2 && statusLine[0].startsWith("HTTP/1."), "status line: " + lines[0]);
        final Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++)
        {
            final int colon = lines[i].indexOf(':');
            assertTrue(colon > 0, "header line: " + lines[i]);
            headers.put(lower(lines[i].substring(0, colon).trim()), lines[i].substring(colon + 1).trim());
        }
        return new HttpHead(Integer.parseInt(statusLine[1]), headers);
    }

    private static String lower(final String value)
    {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
