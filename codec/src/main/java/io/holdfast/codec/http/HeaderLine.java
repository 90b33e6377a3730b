package io.holdfast.codec.http;

import org.agrona.DirectBuffer;

/**
 * Reusable view of one {@code name ":" OWS value OWS} header line, so both parsers split lines the same way
 * without allocating.
 * <p>
 * Rejected: an empty name, a non-token character in the name (including whitespace before the colon, which
 * RFC 9112 section 5.1 requires a server to reject), obsolete line folding (a line starting with whitespace) and
 * control characters in the value.
 */
final class HeaderLine
{
    private int nameOffset;
    private int nameLength;
    private int valueOffset;
    private int valueLength;

    /**
     * Splits the line that starts at {@code start}; the head scanner guarantees it ends with CRLF before
     * {@code headEnd}.
     *
     * @return the start of the next line when this one is well-formed and the views are set, else -1.
     */
    int wrap(final DirectBuffer buffer, final int start, final int headEnd)
    {
        final int end = HttpSyntax.lineEnd(buffer, start, headEnd);
        int i = start;
        while (i < end && HttpSyntax.isTokenChar(buffer.getByte(i)))
        {
            i++;
        }
        if (i == start || i == end || buffer.getByte(i) != HttpSyntax.COLON)
        {
            return -1;
        }
        nameOffset = start;
        nameLength = i - start;
        final int valueStart = HttpSyntax.skipOws(buffer, i + 1, end);
        final int valueEnd = HttpSyntax.trimOwsEnd(buffer, valueStart, end);
        for (int j = valueStart; j < valueEnd; j++)
        {
            if (!HttpSyntax.isFieldValueChar(buffer.getByte(j)))
            {
                return -1;
            }
        }
        valueOffset = valueStart;
        valueLength = valueEnd - valueStart;
        return end + 2;
    }

    boolean nameEquals(final DirectBuffer buffer, final byte[] lowerCaseName)
    {
        return HttpSyntax.equalsIgnoreCase(buffer, nameOffset, nameLength, lowerCaseName);
    }

    boolean nameEquals(final DirectBuffer buffer, final CharSequence name)
    {
        return HttpSyntax.equalsIgnoreCase(buffer, nameOffset, nameLength, name);
    }

    int valueOffset()
    {
        return valueOffset;
    }

    int valueLength()
    {
        return valueLength;
    }
}
