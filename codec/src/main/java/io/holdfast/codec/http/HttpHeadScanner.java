package io.holdfast.codec.http;

import org.agrona.DirectBuffer;

import static io.holdfast.codec.http.HttpSyntax.CR;
import static io.holdfast.codec.http.HttpSyntax.LF;

/**
 * Finds the CRLFCRLF that ends an HTTP head in bytes that arrive in pieces, visiting each byte once across calls.
 * <p>
 * Only CRLF line endings are allowed: a bare CR or a bare LF is reported as malformed as soon as it is seen,
 * so a peer cannot smuggle a second line-ending convention past the parser.
 */
final class HttpHeadScanner
{
    /**
     * The terminator has not been seen yet and the limit has not been reached.
     */
    static final int INCOMPLETE = 0;

    /**
     * A bare CR or bare LF was seen.
     */
    static final int MALFORMED = -1;

    /**
     * The limit was reached without a terminator.
     */
    static final int TOO_LARGE = -2;

    private static final int NORMAL = 0;
    private static final int SEEN_CR = 1;
    private static final int SEEN_CRLF = 2;
    private static final int SEEN_CRLFCR = 3;

    private final int maxHeadBytes;
    private int scannedLength;

    HttpHeadScanner(final int maxHeadBytes)
    {
        // Four bytes is the shortest possible head, a bare CRLFCRLF.
        if (maxHeadBytes < 4)
        {
            throw new IllegalArgumentException("maxHeadBytes must be at least 4");
        }
        this.maxHeadBytes = maxHeadBytes;
    }

    /**
     * Continues the search over [offset + scannedLength, offset + length).
     *
     * @return the head length including the terminator when found, else {@link #INCOMPLETE}, {@link #MALFORMED}
     * or {@link #TOO_LARGE}.
     */
    int scan(final DirectBuffer buffer, final int offset, final int length)
    {
        final int limit = Math.min(length, maxHeadBytes);
        int state = stateBefore(buffer, offset, scannedLength);
        for (int i = scannedLength; i < limit; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b == CR)
            {
                if (state != NORMAL && state != SEEN_CRLF)
                {
                    return MALFORMED;
                }
                state++;
            }
            else if (b == LF)
            {
                if (state == SEEN_CRLFCR)
                {
                    scannedLength = i + 1;
                    return scannedLength;
                }
                if (state != SEEN_CR)
                {
                    return MALFORMED;
                }
                state = SEEN_CRLF;
            }
            else
            {
                if (state == SEEN_CR || state == SEEN_CRLFCR)
                {
                    return MALFORMED;
                }
                state = NORMAL;
            }
        }
        scannedLength = Math.max(scannedLength, limit);
        return length >= maxHeadBytes ? TOO_LARGE : INCOMPLETE;
    }

    int scannedLength()
    {
        return scannedLength;
    }

    void resume(final int scannedLength)
    {
        this.scannedLength = Math.max(0, Math.min(scannedLength, maxHeadBytes));
    }

    /**
     * Recovers the line-ending state from the bytes already scanned, which are known to be well-formed, so a
     * resumed scan needs no state besides the scanned length.
     */
    private static int stateBefore(final DirectBuffer buffer, final int offset, final int position)
    {
        if (position == 0)
        {
            return NORMAL;
        }
        final byte last = buffer.getByte(offset + position - 1);
        if (last == LF)
        {
            return SEEN_CRLF;
        }
        if (last == CR)
        {
            final boolean afterCrlf = position >= 3 &&
                buffer.getByte(offset + position - 3) == CR && buffer.getByte(offset + position - 2) == LF;
            return afterCrlf ? SEEN_CRLFCR : SEEN_CR;
        }
        return NORMAL;
    }
}
