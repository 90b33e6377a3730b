package io.holdfast.codec.http;

import org.agrona.DirectBuffer;

/**
 * Byte-level HTTP/1.1 grammar (RFC 9110/9112) shared by the request and response parsers: token characters,
 * optional whitespace, case-insensitive comparison and comma-separated lists.
 */
final class HttpSyntax
{
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';
    static final byte COLON = ':';
    static final byte COMMA = ',';

    /**
     * Length of "HTTP/1.x", the only version form either parser accepts.
     */
    static final int VERSION_LENGTH = 8;

    private static final byte[] VERSION_PREFIX = { 'H', 'T', 'T', 'P', '/', '1', '.' };
    private static final boolean[] TOKEN_CHARS = new boolean[256];

    static
    {
        for (int c = '0'; c <= '9'; c++)
        {
            TOKEN_CHARS[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++)
        {
            TOKEN_CHARS[c] = true;
            TOKEN_CHARS[c + ('a' - 'A')] = true;
        }
        final String specials = "!#$%&'*+-.^_`|~";
        for (int i = 0; i < specials.length(); i++)
        {
            TOKEN_CHARS[specials.charAt(i)] = true;
        }
    }

    private HttpSyntax()
    {
    }

    static boolean isTokenChar(final byte b)
    {
        return TOKEN_CHARS[b & 0xFF];
    }

    static boolean isOws(final byte b)
    {
        return b == SP || b == HTAB;
    }

    /**
     * Field values may hold HTAB, SP, visible ASCII and obs-text (bytes 0x80 and above), never other controls.
     */
    static boolean isFieldValueChar(final byte b)
    {
        return b == HTAB || (b >= 0x20 && b != 0x7F) || b < 0;
    }

    static byte toLowerCase(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? (byte)(b + ('a' - 'A')) : b;
    }

    /**
     * True when the range holds an HTTP/1.x version with minor version 1 or higher; RFC 6455 requires at least
     * HTTP/1.1 and RFC 9110 has a later 1.x peer treated as 1.1.
     */
    static boolean isSupportedVersion(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != VERSION_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < VERSION_PREFIX.length; i++)
        {
            if (buffer.getByte(offset + i) != VERSION_PREFIX[i])
            {
                return false;
            }
        }
        final byte minor = buffer.getByte(offset + VERSION_PREFIX.length);
        return minor >= '1' && minor <= '9';
    }

    /**
     * Index of the first byte at or after {@code from} that is not optional whitespace, or {@code end}.
     */
    static int skipOws(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end && isOws(buffer.getByte(i)))
        {
            i++;
        }
        return i;
    }

    /**
     * End of the range once trailing optional whitespace is removed, never below {@code start}.
     */
    static int trimOwsEnd(final DirectBuffer buffer, final int start, final int end)
    {
        int i = end;
        while (i > start && isOws(buffer.getByte(i - 1)))
        {
            i--;
        }
        return i;
    }

    /**
     * Index of the next comma at or after {@code from}, or {@code end}: the end of one list element.
     */
    static int listElementEnd(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end && buffer.getByte(i) != COMMA)
        {
            i++;
        }
        return i;
    }

    /**
     * Compares a buffer range with a lower-case ASCII constant, ignoring the case of the buffer's letters.
     */
    static boolean equalsIgnoreCase(
        final DirectBuffer buffer, final int offset, final int length, final byte[] lowerCase)
    {
        if (length != lowerCase.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (toLowerCase(buffer.getByte(offset + i)) != lowerCase[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * ASCII case-insensitive equality of a buffer range with a name given as characters, in any case.
     */
    static boolean equalsIgnoreCase(final DirectBuffer buffer, final int offset, final int length, final CharSequence name)
    {
        if (length != name.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final char c = name.charAt(i);
            if (c > 0x7F || toLowerCase(buffer.getByte(offset + i)) != toLowerCase((byte)c))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Byte-for-byte comparison of two equally long ranges.
     */
    static boolean rangeEquals(
        final DirectBuffer a, final int aOffset, final DirectBuffer b, final int bOffset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the range holds only token characters and is not empty.
     */
    static boolean isToken(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (!isTokenChar(buffer.getByte(offset + i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * True when a comma-separated field value holds an element equal to a lower-case token, ignoring case and
     * the optional whitespace around each element (RFC 9110 section 5.6.1).
     */
    static boolean listContains(final DirectBuffer buffer, final int offset, final int length, final byte[] token)
    {
        final int end = offset + length;
        int from = offset;
        while (from <= end)
        {
            final int elementEnd = listElementEnd(buffer, from, end);
            final int start = skipOws(buffer, from, elementEnd);
            if (equalsIgnoreCase(buffer, start, trimOwsEnd(buffer, start, elementEnd) - start, token))
            {
                return true;
            }
            from = elementEnd + 1;
        }
        return false;
    }

    /**
     * Index of the CR that ends the line starting at {@code from}; the head scanner guarantees one exists
     * before {@code end}.
     */
    static int lineEnd(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end && buffer.getByte(i) != CR)
        {
            i++;
        }
        return i;
    }
}
