package io.holdfast.codec;

import io.holdfast.codec.frame.FrameError;
import io.holdfast.codec.frame.FrameHeaderDecoder;
import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.holdfast.codec.frame.FrameRules;
import io.holdfast.codec.frame.Masking;
import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.http.HandshakeResponses;
import io.holdfast.codec.http.HandshakeStatus;
import io.holdfast.codec.http.UpgradeRequestParser;
import io.holdfast.codec.json.EnvelopeScanner;
import io.holdfast.codec.json.EnvelopeType;
import io.holdfast.codec.utf8.Utf8Validator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The codec's whole inbound path run together, as a worker runs it on one thread: the upgrade request parsed and
 * answered with a 101, then a masked text frame decoded, judged, unmasked in place, validated as UTF-8 and scanned
 * as a JSON envelope. Each package tests its own hot paths for garbage; this catches what only their combination
 * allocates, e.g. a shared constant initialised lazily or a type profile that pushes a call site megamorphic.
 */
class CodecZeroGarbageTest
{
    private static final String REQUEST =
        "GET /ws?room=eur HTTP/1.1\r\n" +
        "Host: market.example.com\r\n" +
        "Upgrade: websocket\r\n" +
        "Connection: keep-alive, Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
        "Origin: https://market.example.com\r\n" +
        "Sec-WebSocket-Protocol: quotes.v2, quotes.v1\r\n" +
        "Sec-WebSocket-Version: 13\r\n" +
        "\r\n";
    private static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    private static final String MESSAGE =
        "{\"type\":\"publish\",\"topic\":\"fx.eur\\/usd\",\"data\":{\"bid\":1.0712,\"ask\":1.0714e0," +
        "\"venue\":\"\u039a\u03cc\u03c3\u03bc\u03b5 \u20ac \ud834\udd1e\",\"depth\":[1,2,3],\"halted\":false}}";
    private static final int MASKING_KEY = 0x37FA213D;
    private static final int OFFSET = 3;

    private final UpgradeRequestParser parser = new UpgradeRequestParser(8192);
    private final HandshakeResponses responses = new HandshakeResponses();
    private final FrameHeaderDecoder header = new FrameHeaderDecoder();
    private final FrameRules rules = new FrameRules(true, 1 << 16, 1 << 20);
    private final Utf8Validator validator = new Utf8Validator();
    private final EnvelopeScanner scanner = new EnvelopeScanner(8);

    private final UnsafeBuffer request = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final UnsafeBuffer response = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final UnsafeBuffer wire = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final UnsafeBuffer receive = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private int requestLength;
    private int frameLength;
    private int payloadLength;
    private int responseLength;
    private long failures;

    @BeforeEach
    void writeClientBytes()
    {
        requestLength = request.putStringWithoutLengthAscii(OFFSET, REQUEST);

        final byte[] payload = MESSAGE.getBytes(StandardCharsets.UTF_8);
        payloadLength = payload.length;
        final int headerLength =
            FrameHeaderEncoder.encode(wire, OFFSET, true, 0, Opcode.TEXT, payloadLength, true, MASKING_KEY);
        wire.putBytes(OFFSET + headerLength, payload);
        Masking.mask(wire, OFFSET + headerLength, payloadLength, MASKING_KEY, 0);
        frameLength = headerLength + payloadLength;
    }

    @Test
    void shouldRunWholeInboundPathCorrectly()
    {
        assertEquals(0, runInboundPath());

        final String answer = response.getStringWithoutLengthAscii(0, responseLength);
        assertTrue(answer.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), answer);
        assertTrue(answer.contains("\r\nSec-WebSocket-Accept: " + RFC_ACCEPT + "\r\n"), answer);
        assertTrue(answer.contains("\r\nSec-WebSocket-Protocol: quotes.v2\r\n"), answer);
        assertEquals(MESSAGE, receive.getStringWithoutLengthUtf8(OFFSET + header.headerLength(), payloadLength));
        assertEquals("fx.eur\\/usd", receive.getStringWithoutLengthAscii(scanner.topicOffset(), scanner.topicLength()));
    }

    @Test
    void shouldNotAllocateOnWholeInboundPath()
    {
        final long allocated = AllocationMeter.allocatedBytes(() -> failures += runInboundPath());

        assertEquals(0, allocated);
        assertEquals(0, failures);
    }

    /**
     * One handshake and one message, as a worker sees them from a new connection.
     *
     * @return the number of steps that did not give the expected result: 0.
     */
    private int runInboundPath()
    {
        int failed = 0;
        parser.reset();
        failed += parser.parse(request, OFFSET, requestLength) == HandshakeStatus.OK ? 0 : 1;
        responseLength = responses.writeSwitchingProtocols(response, 0, request, parser.keyOffset(),
            parser.keyLength(), request, parser.protocolOffset(0), parser.protocolLength(0));

        // The bytes arrive as a socket read would leave them: masked, in the receive buffer.
        receive.putBytes(OFFSET, wire, OFFSET, frameLength);
        final int headerLength = header.decode(receive, OFFSET, frameLength);
        failed += headerLength > 0 ? 0 : 1;
        failed += rules.onHeader(header) == FrameError.NONE ? 0 : 1;
        final int payloadOffset = OFFSET + headerLength;
        final int length = (int)header.payloadLength();
        Masking.mask(receive, payloadOffset, length, header.maskingKey(), 0);
        failed += validator.validateWhole(receive, payloadOffset, length) ? 0 : 1;
        failed += scanner.scan(receive, payloadOffset, length) == EnvelopeType.PUBLISH && scanner.hasData() ? 0 : 1;

        return failed;
    }
}
