package io.holdfast.codec.json;

import io.holdfast.codec.ByteRanges;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

import static io.holdfast.codec.ByteRanges.ascii;

/**
 * Validates a client text message as one RFC 8259 JSON object and finds the envelope members clients use:
 * {@code "type"}, {@code "topic"} and {@code "data"}, without allocating and without recursion.
 * <p>
 * One scan walks the message once with an explicit stack of {@code maxDepth} container kinds, so hostile nesting
 * costs a bounded array, never the Java stack. Results are offsets into the caller's buffer, valid until the buffer
 * changes or the next scan. Only members of the outermost object count; keys and the type value are compared as
 * raw bytes, so a key or type written with escapes never matches. When a top-level key repeats, the last occurrence
 * wins, as most JSON parsers do: {@code {"type":"ping","type":1}} has no string type and scans as
 * {@link EnvelopeType#NONE}. Scanning classifies the type only; whether a subscribe carries a topic, or a publish
 * carries data, is for the caller to check with the accessors.
 * <p>
 * The same scan checks any single JSON value with {@link #isJsonValue(DirectBuffer, int, int)}, for data that did not
 * arrive inside an envelope but is about to be sent inside one, and records every top-level member of an object with
 * {@link #scanObject(DirectBuffer, int, int)}, for objects with other members than an envelope's (token claims).
 * <p>
 * UTF-8 well-formedness is not checked here: the frame layer validates text messages, and bytes of {@code 0x80} and
 * above are accepted inside strings. Not thread safe; one scanner per worker.
 */
public final class EnvelopeScanner
{
    /** The most top-level members {@link #scanObject(DirectBuffer, int, int)} records; an object with more fails. */
    public static final int MAX_MEMBERS = 32;

    private static final int FAIL = -1;
    private static final int COMPLETE = -2;
    private static final int END_OF_INPUT = -1;

    private static final byte[] KEY_TYPE = ascii("type");
    private static final byte[] KEY_TOPIC = ascii("topic");
    private static final byte[] KEY_DATA = ascii("data");
    private static final byte[] TYPE_PING = ascii("ping");
    private static final byte[] TYPE_SUBSCRIBE = ascii("subscribe");
    private static final byte[] TYPE_UNSUBSCRIBE = ascii("unsubscribe");
    private static final byte[] TYPE_PUBLISH = ascii("publish");
    private static final byte[] LITERAL_TRUE = ascii("true");
    private static final byte[] LITERAL_FALSE = ascii("false");
    private static final byte[] LITERAL_NULL = ascii("null");

    // The compact heartbeat {"type":"ping"} is 15 bytes, compared as one long, one int, one short and one byte.
    private static final int COMPACT_PING_LENGTH = 15;
    private static final int COMPACT_PING_TYPE_OFFSET = 9;
    private static final long COMPACT_PING_WORD_0;
    private static final int COMPACT_PING_WORD_1;
    private static final short COMPACT_PING_WORD_2;
    private static final byte COMPACT_PING_LAST_BYTE = '}';

    static
    {
        final UnsafeBuffer ping = new UnsafeBuffer(ascii("{\"type\":\"ping\"}"));
        COMPACT_PING_WORD_0 = ping.getLong(0, ByteOrder.LITTLE_ENDIAN);
        COMPACT_PING_WORD_1 = ping.getInt(8, ByteOrder.LITTLE_ENDIAN);
        COMPACT_PING_WORD_2 = ping.getShort(12, ByteOrder.LITTLE_ENDIAN);
    }

    private final int maxDepth;
    private final boolean[] containerIsObject;

    private DirectBuffer buffer;
    private int limit;
    private int depth;
    private boolean recordsEnvelope;
    private boolean recordsEveryMember;
    private boolean stringHasEscapes;
    private int memberKeyOffset;
    private int memberKeyLength;
    private boolean memberKeyHasEscapes;
    private int memberValueOffset;
    private int memberCount;
    private final int[] memberKeyOffsets = new int[MAX_MEMBERS];
    private final int[] memberKeyLengths = new int[MAX_MEMBERS];
    private final boolean[] memberKeysHaveEscapes = new boolean[MAX_MEMBERS];
    private final int[] memberValueOffsets = new int[MAX_MEMBERS];
    private final int[] memberValueLengths = new int[MAX_MEMBERS];
    private final boolean[] memberValuesHaveEscapes = new boolean[MAX_MEMBERS];

    private int typeOffset;
    private int typeLength;
    private int topicOffset;
    private int topicLength;
    private boolean topicHasEscapes;
    private int dataOffset;
    private int dataLength;

    /**
     * Create a reusable scanner; all the memory it will ever need is allocated here.
     *
     * @param maxDepth the deepest nesting of objects and arrays accepted, counting the envelope object itself as 1,
     *                 so {@code {"data":[1]}} needs 2. Deeper messages scan as {@link EnvelopeType#INVALID}.
     * @throws IllegalArgumentException if maxDepth is less than 1.
     */
    public EnvelopeScanner(final int maxDepth)
    {
        if (maxDepth < 1)
        {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }

        this.maxDepth = maxDepth;
        this.containerIsObject = new boolean[maxDepth + 1];
        resetMembers();
    }

    /**
     * Is the message exactly the 15 bytes {@code {"type":"ping"}}, the form nearly every client sends as its
     * heartbeat? A cheap pre-check: {@code false} does not mean the message is not a ping (whitespace or other
     * members are allowed), for that use {@link #scan(DirectBuffer, int, int)}.
     *
     * @param buffer holding the message.
     * @param offset at which the message starts.
     * @param length of the message in bytes.
     * @return true if the message is exactly the compact heartbeat.
     */
    public static boolean isCompactPing(final DirectBuffer buffer, final int offset, final int length)
    {
        return length == COMPACT_PING_LENGTH &&
            offset >= 0 &&
            offset <= buffer.capacity() - COMPACT_PING_LENGTH &&
            buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN) == COMPACT_PING_WORD_0 &&
            buffer.getInt(offset + 8, ByteOrder.LITTLE_ENDIAN) == COMPACT_PING_WORD_1 &&
            buffer.getShort(offset + 12, ByteOrder.LITTLE_ENDIAN) == COMPACT_PING_WORD_2 &&
            buffer.getByte(offset + 14) == COMPACT_PING_LAST_BYTE;
    }

    /**
     * Validate a message as one JSON object, optionally surrounded by whitespace, and classify its envelope type.
     * Never throws: bad JSON, a non-object, nesting deeper than {@code maxDepth} and an offset or length outside the
     * buffer all return {@link EnvelopeType#INVALID}, after which every accessor reports absent.
     *
     * @param buffer holding the message.
     * @param offset at which the message starts.
     * @param length of the message in bytes.
     * @return one of the {@link EnvelopeType} constants.
     */
    public int scan(final DirectBuffer buffer, final int offset, final int length)
    {
        resetMembers();
        if (isCompactPing(buffer, offset, length))
        {
            typeOffset = offset + COMPACT_PING_TYPE_OFFSET;
            typeLength = TYPE_PING.length;
            return EnvelopeType.PING;
        }

        if (!scanWhole(buffer, offset, length, true))
        {
            resetMembers();
            return EnvelopeType.INVALID;
        }

        return classifyType(buffer);
    }

    /**
     * Is the range exactly one JSON value of any kind (object, array, string, number, {@code true}, {@code false} or
     * {@code null}), optionally surrounded by whitespace, nesting at most {@code maxDepth} objects and arrays, the
     * value's own container counting as 1? For publish data that arrived outside a JSON envelope (an SBE publish, a
     * server-side publish) before it is copied into the {@code "data"} member of a JSON message.
     * <p>
     * UTF-8 is not checked: check it with {@code Utf8Validator} as well. Never throws; a range outside the buffer is
     * not a value. The results of the last {@link #scan(DirectBuffer, int, int)} are left as they were.
     *
     * @param buffer holding the bytes.
     * @param offset at which the bytes start.
     * @param length of the bytes.
     * @return true if the bytes are one JSON value.
     */
    public boolean isJsonValue(final DirectBuffer buffer, final int offset, final int length)
    {
        return scanWhole(buffer, offset, length, false);
    }

    /**
     * Validate a range as one JSON object, optionally surrounded by whitespace, and record each of its top-level
     * members in order, repeated keys included, for {@link #memberCount()} and the member accessors. Never throws.
     *
     * @param buffer holding the object.
     * @param offset at which the object starts.
     * @param length of the object in bytes.
     * @return true if the range is one object, nests at most {@code maxDepth} deep and has at most
     * {@link #MAX_MEMBERS} members; after false, {@link #memberCount()} is 0.
     */
    public boolean scanObject(final DirectBuffer buffer, final int offset, final int length)
    {
        resetMembers();
        memberCount = 0;
        recordsEveryMember = true;
        final boolean valid = scanWhole(buffer, offset, length, true) && memberCount <= MAX_MEMBERS;
        recordsEveryMember = false;
        if (!valid)
        {
            memberCount = 0;
        }
        return valid;
    }

    /**
     * @return the top-level members the last {@link #scanObject(DirectBuffer, int, int)} recorded.
     */
    public int memberCount()
    {
        return memberCount;
    }

    /**
     * @param buffer the buffer the object was scanned in.
     * @param index  of a recorded member, below {@link #memberCount()}.
     * @param key    the key as bytes.
     * @return whether the member's key is exactly those bytes, written without escapes.
     */
    public boolean memberKeyIs(final DirectBuffer buffer, final int index, final byte[] key)
    {
        return !memberKeysHaveEscapes[index] &&
            ByteRanges.equals(buffer, memberKeyOffsets[index], memberKeyLengths[index], key);
    }

    /**
     * @param index of a recorded member, below {@link #memberCount()}.
     * @return whether the member's key holds an escape sequence, so that it matches no key given as bytes.
     */
    public boolean memberKeyHasEscapes(final int index)
    {
        return memberKeysHaveEscapes[index];
    }

    /**
     * @param index of a recorded member, below {@link #memberCount()}.
     * @return the offset of the member's value as written: a string's opening quote, a number's first character.
     */
    public int memberValueOffset(final int index)
    {
        return memberValueOffsets[index];
    }

    /**
     * @param index of a recorded member, below {@link #memberCount()}.
     * @return the length of the member's value as written, quotes and brackets included.
     */
    public int memberValueLength(final int index)
    {
        return memberValueLengths[index];
    }

    /**
     * @param index of a recorded member, below {@link #memberCount()}.
     * @return whether the member's value is a string holding an escape sequence.
     */
    public boolean memberValueHasEscapes(final int index)
    {
        return memberValuesHaveEscapes[index];
    }

    /**
     * Offset of the top-level {@code "type"} string's contents, between its quotes.
     *
     * @return offset into the scanned buffer, or -1 if there is no string type.
     */
    public int typeOffset()
    {
        return typeOffset;
    }

    /**
     * Length of the top-level {@code "type"} string's raw contents, between its quotes.
     *
     * @return length in bytes, 0 if there is no string type.
     */
    public int typeLength()
    {
        return typeLength;
    }

    /**
     * Offset of the top-level {@code "topic"} string's raw contents, between its quotes.
     *
     * @return offset into the scanned buffer, or -1 if the topic is absent or not a string.
     */
    public int topicOffset()
    {
        return topicOffset;
    }

    /**
     * Length of the top-level {@code "topic"} string's raw contents, between its quotes, escapes not decoded.
     *
     * @return length in bytes, 0 if the topic is absent or not a string.
     */
    public int topicLength()
    {
        return topicLength;
    }

    /**
     * Does the topic contain backslash escapes? If so its raw bytes are not its value, and a caller that keys
     * topics by raw bytes may prefer to reject it.
     *
     * @return true if the topic string contains at least one escape sequence.
     */
    public boolean topicHasEscapes()
    {
        return topicHasEscapes;
    }

    /**
     * Offset of the top-level {@code "data"} member's value: any JSON value, strings including their quotes.
     *
     * @return offset into the scanned buffer, or -1 if there is no data member.
     */
    public int dataOffset()
    {
        return dataOffset;
    }

    /**
     * Did the envelope carry a top-level {@code "data"} member? A {@code null} value counts as present.
     *
     * @return true if there is a data member.
     */
    public boolean hasData()
    {
        return dataOffset >= 0;
    }

    /**
     * Exact length of the {@code "data"} value, without surrounding whitespace, so it can be copied byte for byte.
     *
     * @return length in bytes, 0 if there is no data member.
     */
    public int dataLength()
    {
        return dataLength;
    }

    /**
     * Scan a range as one JSON value with optional whitespace around it. As an envelope the value must be an object
     * and its top-level members are recorded; otherwise any value will do and no member is recorded.
     *
     * @return true if the range is valid, false if not or if it lies outside the buffer.
     */
    private boolean scanWhole(final DirectBuffer buffer, final int offset, final int length, final boolean envelope)
    {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            return false;
        }

        this.buffer = buffer;
        this.limit = offset + length;
        this.recordsEnvelope = envelope;
        final int start = skipWhitespace(offset);
        final boolean valid = (!envelope || byteAt(start) == '{') && scanToEnd(start);
        this.buffer = null;

        return valid;
    }

    /**
     * Walk the message from the start of its value as a sequence of values inside containers: a value either opens
     * containers or is a scalar; once a value completes, what may follow is a comma, the close of its container, or
     * the end of the message.
     */
    private boolean scanToEnd(final int start)
    {
        int p = start;
        depth = 0;
        while (true)
        {
            p = scanValue(p);
            if (p == FAIL)
            {
                return false;
            }

            p = scanAfterValue(p);
            if (p == FAIL)
            {
                return false;
            }

            if (p == COMPLETE)
            {
                return true;
            }
        }
    }

    /**
     * Scan from the start of a value, opening any containers that begin there, until one value completes: a scalar
     * or an empty container.
     *
     * @return the position after the completed value, or FAIL.
     */
    private int scanValue(final int start)
    {
        int p = start;
        while (true)
        {
            final int b = byteAt(p);
            if (b != '{' && b != '[')
            {
                return scanScalar(p);
            }

            if (depth == maxDepth)
            {
                return FAIL;
            }

            final boolean isObject = b == '{';
            containerIsObject[++depth] = isObject;
            p = skipWhitespace(p + 1);
            if (byteAt(p) == (isObject ? '}' : ']'))
            {
                depth--;
                return p + 1;
            }

            if (isObject && (p = scanMemberName(p)) == FAIL)
            {
                return FAIL;
            }
        }
    }

    /**
     * After a value completes: record it if it is a top-level member of an envelope, then close containers until a
     * comma leads to the next value or the outermost value completes.
     *
     * @return the position of the next value, COMPLETE if the outermost value completed with only whitespace after
     * it, or FAIL.
     */
    private int scanAfterValue(final int valueEnd)
    {
        int p = valueEnd;
        while (true)
        {
            if (depth == 1 && recordsEnvelope)
            {
                recordMember(p);
            }
            else if (depth == 0)
            {
                return skipWhitespace(p) == limit ? COMPLETE : FAIL;
            }

            p = skipWhitespace(p);
            final int b = byteAt(p);
            if (b == ',')
            {
                p = skipWhitespace(p + 1);
                return containerIsObject[depth] ? scanMemberName(p) : p;
            }

            if (b != (containerIsObject[depth] ? '}' : ']'))
            {
                return FAIL;
            }

            p++;
            depth--;
        }
    }

    /**
     * Scan {@code "key" :} and the whitespace after it, remembering the key when it names a top-level member.
     *
     * @return the position of the member's value, or FAIL.
     */
    private int scanMemberName(final int start)
    {
        final int keyEnd = scanString(start);
        if (keyEnd == FAIL)
        {
            return FAIL;
        }

        int p = skipWhitespace(keyEnd);
        if (byteAt(p) != ':')
        {
            return FAIL;
        }

        p = skipWhitespace(p + 1);
        if (depth == 1)
        {
            memberKeyOffset = start + 1;
            memberKeyLength = keyEnd - start - 2;
            memberKeyHasEscapes = stringHasEscapes;
            memberValueOffset = p;
        }

        return p;
    }

    private void recordMember(final int valueEnd)
    {
        final boolean isString = buffer.getByte(memberValueOffset) == '"';
        final int stringOffset = isString ? memberValueOffset + 1 : -1;
        final int stringLength = isString ? valueEnd - memberValueOffset - 2 : 0;
        if (recordsEveryMember)
        {
            recordEveryMember(valueEnd, isString);
        }

        if (memberKeyIs(KEY_TYPE))
        {
            typeOffset = stringOffset;
            typeLength = stringLength;
        }
        else if (memberKeyIs(KEY_TOPIC))
        {
            topicOffset = stringOffset;
            topicLength = stringLength;
            // The value just completed, so the last string scanned was this one.
            topicHasEscapes = isString && stringHasEscapes;
        }
        else if (memberKeyIs(KEY_DATA))
        {
            dataOffset = memberValueOffset;
            dataLength = valueEnd - memberValueOffset;
        }
    }

    private void recordEveryMember(final int valueEnd, final boolean isString)
    {
        final int index = memberCount++;
        if (index < MAX_MEMBERS)
        {
            memberKeyOffsets[index] = memberKeyOffset;
            memberKeyLengths[index] = memberKeyLength;
            memberKeysHaveEscapes[index] = memberKeyHasEscapes;
            memberValueOffsets[index] = memberValueOffset;
            memberValueLengths[index] = valueEnd - memberValueOffset;
            // The value just completed, so the last string scanned was this one.
            memberValuesHaveEscapes[index] = isString && stringHasEscapes;
        }
    }

    private int scanScalar(final int p)
    {
        switch (byteAt(p))
        {
            case '"':
                return scanString(p);

            case 't':
                return scanLiteral(p, LITERAL_TRUE);

            case 'f':
                return scanLiteral(p, LITERAL_FALSE);

            case 'n':
                return scanLiteral(p, LITERAL_NULL);

            default:
                return scanNumber(p);
        }
    }

    /**
     * Scan a string starting at its opening quote.
     *
     * @return the position after the closing quote, or FAIL.
     */
    private int scanString(final int start)
    {
        if (byteAt(start) != '"')
        {
            return FAIL;
        }

        stringHasEscapes = false;
        int p = start + 1;
        while (true)
        {
            final int b = byteAt(p);
            if (b == '"')
            {
                return p + 1;
            }

            if (b == '\\')
            {
                stringHasEscapes = true;
                p = scanEscape(p + 1);
                if (p == FAIL)
                {
                    return FAIL;
                }
            }
            else if (b < 0x20) // a raw control character, or the end of input before the closing quote
            {
                return FAIL;
            }
            else
            {
                p++;
            }
        }
    }

    /**
     * Scan the part of an escape sequence after the backslash.
     *
     * @return the position after the escape sequence, or FAIL.
     */
    private int scanEscape(final int p)
    {
        switch (byteAt(p))
        {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return p + 1;

            case 'u':
                return isHexDigit(byteAt(p + 1)) && isHexDigit(byteAt(p + 2)) &&
                    isHexDigit(byteAt(p + 3)) && isHexDigit(byteAt(p + 4)) ? p + 5 : FAIL;

            default:
                return FAIL;
        }
    }

    /**
     * Scan {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. What follows the number is checked by the
     * caller, which is how {@code 01} fails: the number is {@code 0} and {@code 1} cannot follow a value.
     *
     * @return the position after the number, or FAIL.
     */
    private int scanNumber(final int start)
    {
        int p = byteAt(start) == '-' ? start + 1 : start;
        final int first = byteAt(p);
        if (first == '0')
        {
            p++;
        }
        else if (isDigit(first))
        {
            p = skipDigits(p + 1);
        }
        else
        {
            return FAIL;
        }

        if (byteAt(p) == '.')
        {
            p = requireDigits(p + 1);
            if (p == FAIL)
            {
                return FAIL;
            }
        }

        final int e = byteAt(p);
        if (e == 'e' || e == 'E')
        {
            final int sign = byteAt(p + 1);
            p = requireDigits(sign == '+' || sign == '-' ? p + 2 : p + 1);
        }

        return p;
    }

    private int requireDigits(final int start)
    {
        final int p = skipDigits(start);
        return p == start ? FAIL : p;
    }

    private int skipDigits(final int start)
    {
        int p = start;
        while (isDigit(byteAt(p)))
        {
            p++;
        }

        return p;
    }

    private int scanLiteral(final int start, final byte[] literal)
    {
        for (int i = 0; i < literal.length; i++)
        {
            if (byteAt(start + i) != literal[i])
            {
                return FAIL;
            }
        }

        return start + literal.length;
    }

    private int skipWhitespace(final int start)
    {
        int p = start;
        while (true)
        {
            final int b = byteAt(p);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            {
                return p;
            }

            p++;
        }
    }

    /**
     * The unsigned byte at a position, or END_OF_INPUT past the end of the message, so no caller reads out of
     * bounds and end of input simply fails every expectation.
     */
    private int byteAt(final int p)
    {
        return p < limit ? buffer.getByte(p) & 0xFF : END_OF_INPUT;
    }

    private int classifyType(final DirectBuffer message)
    {
        if (typeOffset < 0)
        {
            return EnvelopeType.NONE;
        }

        if (ByteRanges.equals(message, typeOffset, typeLength, TYPE_PING))
        {
            return EnvelopeType.PING;
        }

        if (ByteRanges.equals(message, typeOffset, typeLength, TYPE_PUBLISH))
        {
            return EnvelopeType.PUBLISH;
        }

        if (ByteRanges.equals(message, typeOffset, typeLength, TYPE_SUBSCRIBE))
        {
            return EnvelopeType.SUBSCRIBE;
        }

        if (ByteRanges.equals(message, typeOffset, typeLength, TYPE_UNSUBSCRIBE))
        {
            return EnvelopeType.UNSUBSCRIBE;
        }

        return EnvelopeType.OTHER;
    }

    private boolean memberKeyIs(final byte[] key)
    {
        return ByteRanges.equals(buffer, memberKeyOffset, memberKeyLength, key);
    }

    private void resetMembers()
    {
        typeOffset = -1;
        typeLength = 0;
        topicOffset = -1;
        topicLength = 0;
        topicHasEscapes = false;
        dataOffset = -1;
        dataLength = 0;
    }

    private static boolean isDigit(final int b)
    {
        return b >= '0' && b <= '9';
    }

    private static boolean isHexDigit(final int b)
    {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
