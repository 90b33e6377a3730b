package io.holdfast.codec.http;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;

import static io.holdfast.codec.http.HttpTestBytes.OFFSET;
import static io.holdfast.codec.http.HttpTestBytes.bufferWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UpgradeRequestWriterTest
{
    private static final long HIGH = 0x7468652073616d70L;
    private static final long LOW = 0x6c65206e6f6e6365L;

    private final UpgradeRequestWriter writer = new UpgradeRequestWriter();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);

    @Test
    void shouldWriteMinimalRequestKeyedFromCallerBits()
    {
        final int length = writer.write(out, 2, "example.com:9000".getBytes(), "/chat?a=b".getBytes(), HIGH, LOW);

        assertEquals(
            "GET /chat?a=b HTTP/1.1\r\n" +
            "Host: example.com:9000\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            "Sec-WebSocket-Version: 13\r\n" +
            "\r\n",
            out.getStringWithoutLengthAscii(2, length));
        assertEquals(writer.requestLength(16, 9), length);
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", writer.key().getStringWithoutLengthAscii(0, 24));
    }

    @Test
    void shouldWriteConfiguredSubprotocolsAndExtraHeadersFromBufferRanges()
    {
        writer.protocols("chat, superchat".getBytes()).extraHeaders("Origin: http://o\r\nX-A: 1\r\n".getBytes());
        final UnsafeBuffer names = bufferWith("h:1/p");

        final int length = writer.write(out, 0, names, OFFSET, 3, names, OFFSET + 3, 2, HIGH, LOW);

        assertEquals(
            "GET /p HTTP/1.1\r\n" +
            "Host: h:1\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            "Sec-WebSocket-Version: 13\r\n" +
            "Sec-WebSocket-Protocol: chat, superchat\r\n" +
            "Origin: http://o\r\n" +
            "X-A: 1\r\n" +
            "\r\n",
            out.getStringWithoutLengthAscii(0, length));
        assertEquals(writer.requestLength(3, 2), length);
    }

    @Test
    void shouldEncodeKeyBitsLikeJdkBase64()
    {
        final Random random = new Random(4_1);
        final byte[] path = "/".getBytes();
        final byte[] host = "h".getBytes();
        for (int i = 0; i < 1_000; i++)
        {
            final long high = random.nextLong();
            final long low = random.nextLong();
            writer.write(out, 0, host, path, high, low);
            final byte[] bits = ByteBuffer.allocate(16).putLong(high).putLong(low).array();
            assertEquals(Base64.getEncoder().encodeToString(bits), writer.key().getStringWithoutLengthAscii(0, 24));
        }
    }

    @Test
    void shouldNotAllocateWhenWriting()
    {
        writer.protocols("chat".getBytes());
        final byte[] host = "example.com".getBytes();
        final byte[] path = "/ws".getBytes();
        final long[] bits = { 1 };

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            bits[0] = bits[0] * 6364136223846793005L + 1442695040888963407L;
            writer.write(out, 0, host, path, bits[0], ~bits[0]);
        });

        assertEquals(0, allocated);
    }
}
