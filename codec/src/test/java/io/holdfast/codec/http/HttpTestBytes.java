package io.holdfast.codec.http;

import io.holdfast.codec.TestBytes;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Test helpers that place ASCII text at a non-zero offset, so offsets returned by parsers are checked as
 * absolute buffer indices.
 */
final class HttpTestBytes
{
    static final int OFFSET = 7;

    private HttpTestBytes()
    {
    }

    static UnsafeBuffer bufferWith(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return TestBytes.bufferAt(OFFSET, bytes, OFFSET + bytes.length + 16);
    }

    static String text(final DirectBuffer buffer, final int offset, final int length)
    {
        return offset < 0 ? null : buffer.getStringWithoutLengthAscii(offset, length);
    }

    static int length(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1).length;
    }
}
