package io.holdfast.codec.http;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcceptKeyTest
{
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final AcceptKey acceptKey = new AcceptKey();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);

    @Test
    void shouldComputeRfc6455Example()
    {
        final UnsafeBuffer key = HttpTestBytes.bufferWith("dGhlIHNhbXBsZSBub25jZQ==");

        final int written = acceptKey.compute(key, HttpTestBytes.OFFSET, 24, out, 3);

        assertEquals(AcceptKey.LENGTH, written);
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", out.getStringWithoutLengthAscii(3, written));
    }

    @Test
    void shouldAgreeWithJdkForRandomKeys() throws Exception
    {
        final Random random = new Random(6455);
        final MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        final byte[] nonce = new byte[16];
        for (int i = 0; i < 1_000; i++)
        {
            random.nextBytes(nonce);
            final String key = Base64.getEncoder().encodeToString(nonce);
            assertEquals(jdkAccept(sha1, key), compute(key), key);
        }
    }

    @Test
    void shouldAgreeWithJdkForKeysSpanningSeveralShaBlocks() throws Exception
    {
        final Random random = new Random(17);
        final MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        for (int length = 0; length <= 200; length++)
        {
            final StringBuilder key = new StringBuilder();
            for (int i = 0; i < length; i++)
            {
                key.append((char)('!' + random.nextInt(94)));
            }
            assertEquals(jdkAccept(sha1, key.toString()), compute(key.toString()), key.toString());
        }
    }

    @Test
    void shouldMatchOnlyTheRightAcceptValue()
    {
        final UnsafeBuffer key = HttpTestBytes.bufferWith("dGhlIHNhbXBsZSBub25jZQ==");
        final UnsafeBuffer good = HttpTestBytes.bufferWith("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        final UnsafeBuffer wrong = HttpTestBytes.bufferWith("s3pPLMBiTxaQ9kYGzzhZRbK+xOp=");
        final int o = HttpTestBytes.OFFSET;

        assertTrue(acceptKey.matches(key, o, 24, good, o, 28));
        assertFalse(acceptKey.matches(key, o, 24, wrong, o, 28));
        assertFalse(acceptKey.matches(key, o, 24, good, o, 27));
        assertFalse(acceptKey.matches(key, o, 23, good, o, 28));
    }

    @Test
    void shouldNotAllocateWhenComputingOrMatching()
    {
        final UnsafeBuffer key = HttpTestBytes.bufferWith("dGhlIHNhbXBsZSBub25jZQ==");
        final UnsafeBuffer accept = HttpTestBytes.bufferWith("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        final int o = HttpTestBytes.OFFSET;
        final boolean[] allMatched = { true };

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            acceptKey.compute(key, o, 24, out, 0);
            allMatched[0] &= acceptKey.matches(key, o, 24, accept, o, 28);
        });

        assertEquals(0, allocated);
        assertTrue(allMatched[0]);
    }

    private String compute(final String key)
    {
        final UnsafeBuffer keyBuffer = HttpTestBytes.bufferWith(key);
        final int written = acceptKey.compute(keyBuffer, HttpTestBytes.OFFSET, key.length(), out, 0);
        return out.getStringWithoutLengthAscii(0, written);
    }

    private static String jdkAccept(final MessageDigest sha1, final String key)
    {
        final byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
    }
}
