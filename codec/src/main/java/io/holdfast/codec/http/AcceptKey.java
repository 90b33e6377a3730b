package io.holdfast.codec.http;

import io.holdfast.codec.ByteRanges;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes and checks Sec-WebSocket-Accept, base64(SHA-1(key + GUID)) from RFC 6455 section 4.2.2, with one JDK
 * SHA-1 digest and scratch arrays created up front so each handshake allocates nothing (the digest's
 * {@code update(byte[], int, int)} and {@code digest(byte[], int, int)} are allocation-free).
 * <p>
 * Not thread-safe: one instance per worker.
 */
public final class AcceptKey
{
    /**
     * Characters in a Sec-WebSocket-Accept value: base64 of the 20-byte SHA-1 digest.
     */
    public static final int LENGTH = 28;

    private static final int SHA1_LENGTH = 20;
    private static final int KEY_CHUNK = 64;
    private static final byte[] GUID = ByteRanges.ascii("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");

    private final MessageDigest sha1;
    private final byte[] keyChunk = new byte[KEY_CHUNK];
    private final byte[] digest = new byte[SHA1_LENGTH];
    private final UnsafeBuffer expected = new UnsafeBuffer(new byte[LENGTH]);

    /**
     * Creates the reusable SHA-1 digest; every JDK is required to provide SHA-1.
     */
    public AcceptKey()
    {
        try
        {
            sha1 = MessageDigest.getInstance("SHA-1");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK has no SHA-1", ex);
        }
    }

    /**
     * Writes the accept value for a Sec-WebSocket-Key, exactly as the key's bytes appear (already trimmed).
     *
     * @return {@link #LENGTH}, the number of bytes written at {@code outOffset}.
     */
    public int compute(
        final DirectBuffer key, final int keyOffset, final int keyLength, final MutableDirectBuffer out,
        final int outOffset)
    {
        sha1.reset();
        int position = keyOffset;
        int remaining = keyLength;
        while (remaining > 0)
        {
            final int chunk = Math.min(remaining, KEY_CHUNK);
            key.getBytes(position, keyChunk, 0, chunk);
            sha1.update(keyChunk, 0, chunk);
            position += chunk;
            remaining -= chunk;
        }
        sha1.update(GUID, 0, GUID.length);
        try
        {
            sha1.digest(digest, 0, SHA1_LENGTH);
        }
        catch (final DigestException ex)
        {
            // Unreachable: the array always has room for a SHA-1 digest.
            throw new IllegalStateException(ex);
        }
        return Base64Ascii.encode(digest, 0, SHA1_LENGTH, out, outOffset);
    }
    /**
     * Client-side check that a server's Sec-WebSocket-Accept value belongs to the key the client sent.
     */
    public boolean matches(
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer accept, final int acceptOffset, final int acceptLength)
    {
        if (acceptLength != LENGTH)
        {
            return false;
        }
        compute(key, keyOffset, keyLength, expected, 0);
        return HttpSyntax.rangeEquals(expected, 0, accept, acceptOffset, LENGTH);
    }
}
