package io.holdfast.engine;

import io.holdfast.codec.jwt.JwtVerifier;
import org.agrona.AsciiSequenceView;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * What each of one worker's connections proved at its handshake: the token's subject and the topic prefixes it
 * may use. Each slot keeps one byte array, laid out as the subject's length and bytes, then the number of prefixes
 * and each prefix's length and bytes; the array stays with the slot for its next connection and grows only for a
 * larger token, so authenticating allocates only while token sizes reach a new high. A slot's claims are replaced
 * at each handshake that authenticates, before its connection opens, so an open connection never sees its
 * predecessor's. Owned by the worker's thread.
 */
final class ConnectionClaims
{
    private static final int INITIAL_BYTES = 64;
    private static final int BYTE_MASK = 0xFF;

    private byte[][] bySlot = new byte[0][];
    private final UnsafeBuffer subjectBuffer = new UnsafeBuffer(0, 0);
    private final AsciiSequenceView subject = new AsciiSequenceView();

    /**
     * Keep the claims of the token the verifier just found valid for the connection in the slot.
     */
    void store(final int slot, final JwtVerifier verifier)
    {
        int length = 2 + verifier.subjectLength();
        for (int i = 0; i < verifier.topicCount(); i++)
        {
            length += 1 + verifier.topicLength(i);
        }
        final byte[] claims = claimsFor(slot, length);
        final DirectBuffer source = verifier.claims();
        int position = put(claims, 0, source, verifier.subjectOffset(), verifier.subjectLength());
        claims[position++] = (byte)verifier.topicCount();
        for (int i = 0; i < verifier.topicCount(); i++)
        {
            position = put(claims, position, source, verifier.topicOffset(i), verifier.topicLength(i));
        }
    }

    /**
     * @return the subject of the slot's connection, empty when its token had none or nothing was verified; a view
     * valid until the next call.
     */
    CharSequence subject(final int slot)
    {
        final byte[] claims = slot < bySlot.length ? bySlot[slot] : null;
        if (claims == null)
        {
            subject.wrap(subjectBuffer, 0, 0);
            return subject;
        }
        subjectBuffer.wrap(claims);
        subject.wrap(subjectBuffer, 1, claims[0] & BYTE_MASK);
        return subject;
    }

    /**
     * @return whether the topic starts with one of the prefixes the slot's connection's token lists.
     */
    boolean allowsTopic(final int slot, final DirectBuffer topic, final int offset, final int length)
    {
        final byte[] claims = slot < bySlot.length ? bySlot[slot] : null;
        if (claims == null)
        {
            return false;
        }
        int position = 1 + (claims[0] & BYTE_MASK);
        final int count = claims[position++] & BYTE_MASK;
        for (int i = 0; i < count; i++)
        {
            final int prefixLength = claims[position++] & BYTE_MASK;
            if (startsWith(topic, offset, length, claims, position, prefixLength))
            {
                return true;
            }
            position += prefixLength;
        }
        return false;
    }

    private byte[] claimsFor(final int slot, final int length)
    {
        if (slot >= bySlot.length)
        {
            bySlot = Arrays.copyOf(bySlot, Math.max(slot + 1, bySlot.length << 1));
        }
        byte[] claims = bySlot[slot];
        if (claims == null || claims.length < length)
        {
            claims = new byte[Math.max(length, INITIAL_BYTES)];
            bySlot[slot] = claims;
        }
        return claims;
    }

    private static int put(
        final byte[] claims, final int position, final DirectBuffer source, final int offset, final int length)
    {
        claims[position] = (byte)length;
        source.getBytes(offset, claims, position + 1, length);
        return position + 1 + length;
    }

    private static boolean startsWith(
        final DirectBuffer topic, final int offset, final int length, final byte[] prefix, final int prefixOffset,
        final int prefixLength)
    {
        if (prefixLength > length)
        {
            return false;
        }
        for (int i = 0; i < prefixLength; i++)
        {
            if (topic.getByte(offset + i) != prefix[prefixOffset + i])
            {
                return false;
            }
        }
        return true;
    }
}
