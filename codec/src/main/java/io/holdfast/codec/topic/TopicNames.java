package io.holdfast.codec.topic;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The rules for topic names, 1 to {@link #MAX_LENGTH} bytes of ASCII letters, digits and {@code . _ - / :}, and a
 * hash of their bytes, so a topic read from a client message can be checked and looked up in place.
 * <p>
 * The allowed characters need no escaping in JSON, which is why a topic's raw bytes can be copied into replies.
 */
public final class TopicNames
{
    /** Longest topic name in bytes. */
    public static final int MAX_LENGTH = 128;

    /** {@link #check} result: the name is allowed. */
    public static final int VALID = 0;

    /** {@link #check} result: the name has no bytes. */
    public static final int EMPTY = 1;

    /** {@link #check} result: the name is longer than {@link #MAX_LENGTH} bytes. */
    public static final int TOO_LONG = 2;

    /** {@link #check} result: the name holds a byte other than an ASCII letter, digit or {@code . _ - / :}. */
    public static final int FORBIDDEN_CHARACTER = 3;

    private static final boolean[] ALLOWED_BYTES = allowedBytes();

    private static final long HASH_SEED = 0x6A09E667F3BCC909L;
    private static final long MIX_MULTIPLIER_1 = 0xFF51AFD7ED558CCDL;
    private static final long MIX_MULTIPLIER_2 = 0xC4CEB9FE1A85EC53L;

    private TopicNames()
    {
    }

    /**
     * Check a topic name against the rules, without allocating. Length is judged before content, so an over-long
     * name is {@link #TOO_LONG} whatever it holds.
     *
     * @param buffer holding the name; the range must lie inside it.
     * @param offset of the name's first byte.
     * @param length of the name in bytes; 0 or less is {@link #EMPTY}.
     * @return {@link #VALID}, {@link #EMPTY}, {@link #TOO_LONG} or {@link #FORBIDDEN_CHARACTER}.
     */
    public static int check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0)
        {
            return EMPTY;
        }

        if (length > MAX_LENGTH)
        {
            return TOO_LONG;
        }

        for (int i = offset, limit = offset + length; i < limit; i++)
        {
            if (!ALLOWED_BYTES[buffer.getByte(i) & 0xFF])
            {
                return FORBIDDEN_CHARACTER;
            }
        }

        return VALID;
    }

    /**
     * Hash of a name's bytes for open-addressing tables: every input bit affects the low bits, so masking the
     * result to a power-of-two capacity spreads similar names such as {@code t.1, t.2, ...}. The value depends only
     * on the bytes, never on the buffer, the offset or the JVM, so it is stable across runs and processes.
     * <p>
     * It is not keyed: a client that chooses many names can make them collide, which the topic limit bounds.
     *
     * @param buffer holding the name; the range must lie inside it.
     * @param offset of the name's first byte.
     * @param length of the name in bytes.
     * @return the hash.
     */
    public static int hash(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = HASH_SEED ^ length;
        int i = 0;
        for (final int wholeWords = length & ~7; i < wholeWords; i += 8)
        {
            hash = mix(hash ^ buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN));
        }

        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (buffer.getByte(offset + i) & 0xFFL) << shift;
        }

        hash = mix(hash ^ tail);
        return (int)(hash ^ (hash >>> 32));
    }

    /**
     * A bijective 64-bit finaliser (multiply-xorshift), so each step keeps every bit of what came before and
     * spreads it over the whole word.
     */
    private static long mix(final long value)
    {
        long z = (value ^ (value >>> 33)) * MIX_MULTIPLIER_1;
        z = (z ^ (z >>> 33)) * MIX_MULTIPLIER_2;
        return z ^ (z >>> 33);
    }

    private static boolean[] allowedBytes()
    {
        final boolean[] allowed = new boolean[256];
        for (int b = 'a'; b <= 'z'; b++)
        {
            allowed[b] = true;
            allowed[b - 'a' + 'A'] = true;
        }

        for (int b = '0'; b <= '9'; b++)
        {
            allowed[b] = true;
        }

        allowed['.'] = true;
        allowed['_'] = true;
        allowed['-'] = true;
        allowed['/'] = true;
        allowed[':'] = true;

        return allowed;
    }
}
