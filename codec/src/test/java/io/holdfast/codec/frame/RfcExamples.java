package io.holdfast.codec.frame;

import java.nio.charset.StandardCharsets;

import static io.holdfast.codec.TestBytes.bytes;

/**
 * The example frames of RFC 6455 section 5.7, byte for byte.
 */
final class RfcExamples
{
    static final int HELLO_KEY = 0x37fa213d;
    static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

    static final byte[] UNMASKED_TEXT_HELLO = bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    static final byte[] MASKED_TEXT_HELLO = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    static final byte[] FRAGMENT_HEL = bytes(0x01, 0x03, 0x48, 0x65, 0x6c);
    static final byte[] FRAGMENT_LO = bytes(0x80, 0x02, 0x6c, 0x6f);
    static final byte[] UNMASKED_PING_HELLO = bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    static final byte[] MASKED_PONG_HELLO = bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    static final byte[] BINARY_256_HEADER = bytes(0x82, 0x7E, 0x01, 0x00);
    static final byte[] BINARY_64K_HEADER = bytes(0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00);

    private RfcExamples()
    {
    }

    /** The payload of the RFC's 256-byte and 64 KiB binary examples, whose content the RFC leaves open. */
    static byte[] binaryPayload(final int length)
    {
        final byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(i * 31 + 7);
        }

        return payload;
    }
}
