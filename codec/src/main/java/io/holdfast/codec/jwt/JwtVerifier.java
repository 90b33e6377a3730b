package io.holdfast.codec.jwt;

import io.holdfast.codec.ByteRanges;
import io.holdfast.codec.json.EnvelopeScanner;
import io.holdfast.codec.topic.TopicNames;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

import static io.holdfast.codec.ByteRanges.ascii;

/**
 * Verifies compact JSON Web Tokens signed with HS256 against one secret and reads the claims a gateway acts on:
 * {@code exp} and {@code nbf}, enforced with a clock skew; {@code sub}, the subject; and {@code topics}, a list of
 * topic prefixes. The header must say {@code "alg":"HS256"} and carry no {@code crit}: a token cannot choose a weaker
 * algorithm, {@code none} included. The signature is checked before any claim is read, so nothing an unsigned
 * payload says is ever acted on.
 * <p>
 * Claims are read strictly: a key written with escapes, a claim this reads given twice, a {@code sub} or a topic
 * prefix with escapes or too long, or an {@code exp} or {@code nbf} that is not a plain number make the token
 * {@link TokenVerdict#MALFORMED} rather than be read in a way its issuer did not mean. Other claims are ignored.
 * <p>
 * All arrays are sized here, for the longest token, and the {@link Mac} is kept, so a verification allocates nothing
 * of its own. Not thread-safe: one per worker.
 */
public final class JwtVerifier
{
    /** HS256 keys shorter than the hash are refused (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_LENGTH = 32;
    /** The longest {@code sub} a token may carry, in bytes. */
    public static final int MAX_SUBJECT_LENGTH = 255;
    /** The most topic prefixes a {@code topics} claim may list. */
    public static final int MAX_TOPIC_PREFIXES = 32;

    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_LENGTH = 32;
    private static final int ENCODED_SIGNATURE_LENGTH = 43;
    private static final int CLAIMS_DEPTH = 8;
    /** Twelve digits of seconds reach the year 33658; more cannot be a real date and could overflow. */
    private static final int MAX_DATE_DIGITS = 12;
    private static final long NOT_A_DATE = Long.MIN_VALUE;
    private static final long MILLIS_PER_SECOND = 1000;
    private static final byte[] KEY_ALG = ascii("alg");
    private static final byte[] KEY_CRIT = ascii("crit");
    private static final byte[] KEY_EXP = ascii("exp");
    private static final byte[] KEY_NBF = ascii("nbf");
    private static final byte[] KEY_SUB = ascii("sub");
    private static final byte[] KEY_TOPICS = ascii("topics");
    private static final byte[] HS256 = ascii("\"HS256\"");
    private static final int NONE = -1;

    private final Mac mac;
    private final long clockSkewMs;
    private final byte[] token;
    private final byte[] decoded;
    private final UnsafeBuffer decodedBuffer;
    private final byte[] expectedSignature = new byte[SIGNATURE_LENGTH];
    private final byte[] givenSignature = new byte[SIGNATURE_LENGTH];
    private final EnvelopeScanner json = new EnvelopeScanner(CLAIMS_DEPTH);
    private final int[] topicOffsets = new int[MAX_TOPIC_PREFIXES];
    private final int[] topicLengths = new int[MAX_TOPIC_PREFIXES];
    private int topicCount;
    private int subjectOffset;
    private int subjectLength;

    /**
     * @param secret         the HMAC key, at least {@link #MIN_SECRET_LENGTH} bytes; copied.
     * @param clockSkewMs    how far {@code exp} and {@code nbf} may be off this host's clock.
     * @param maxTokenLength the longest token to verify; longer ones are {@link TokenVerdict#MALFORMED}.
     * @throws IllegalArgumentException when the secret is too short.
     */
    public JwtVerifier(final byte[] secret, final long clockSkewMs, final int maxTokenLength)
    {
        if (secret.length < MIN_SECRET_LENGTH)
        {
            throw new IllegalArgumentException("an HS256 secret needs at least " + MIN_SECRET_LENGTH + " bytes, got " +
                secret.length);
        }
        try
        {
            mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(new SecretKeySpec(secret, MAC_ALGORITHM));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JDK cannot compute " + MAC_ALGORITHM, ex);
        }
        this.clockSkewMs = clockSkewMs;
        token = new byte[maxTokenLength];
        decoded = new byte[Base64Url.maxDecodedLength(maxTokenLength)];
        decodedBuffer = new UnsafeBuffer(decoded);
    }

    /**
     * Verify a token; after {@link TokenVerdict#VALID} the claim accessors describe it until the next call.
     *
     * @param buffer holds the token in its compact form, {@code header.payload.signature}.
     * @param offset of the token in the buffer.
     * @param length of the token in bytes.
     * @param nowMs  the time now, in milliseconds since the epoch.
     * @return the verdict.
     */
    public TokenVerdict verify(final DirectBuffer buffer, final int offset, final int length, final long nowMs)
    {
        topicCount = 0;
        subjectOffset = 0;
        subjectLength = 0;
        if (length <= 0 || length > token.length)
        {
            return TokenVerdict.MALFORMED;
        }
        buffer.getBytes(offset, token, 0, length);
        final int headerEnd = indexOfDot(0, length);
        final int payloadEnd = headerEnd < 0 ? NONE : indexOfDot(headerEnd + 1, length);
        if (payloadEnd < 0 || indexOfDot(payloadEnd + 1, length) >= 0)
        {
            return TokenVerdict.MALFORMED;
        }

        final TokenVerdict header = checkHeader(headerEnd);
        if (header != TokenVerdict.VALID)
        {
            return header;
        }
        final TokenVerdict signature = checkSignature(payloadEnd, length);
        if (signature != TokenVerdict.VALID)
        {
            return signature;
        }
        final int payloadLength = Base64Url.decode(token, headerEnd + 1, payloadEnd - headerEnd - 1, decoded);
        if (payloadLength == Base64Url.INVALID || !json.scanObject(decodedBuffer, 0, payloadLength))
        {
            return TokenVerdict.MALFORMED;
        }
        return readClaims(nowMs);
    }

    /**
     * @return the {@code sub} claim, in {@link #claims()}; empty when the token has none.
     */
    public int subjectOffset()
    {
        return subjectOffset;
    }

    /**
     * @return the length of the {@code sub} claim in bytes, 0 when the token has none.
     */
    public int subjectLength()
    {
        return subjectLength;
    }

    /**
     * @return the topic prefixes the {@code topics} claim lists, 0 when it lists none or is absent.
     */
    public int topicCount()
    {
        return topicCount;
    }

    /**
     * @param index below {@link #topicCount()}.
     * @return where the prefix starts in {@link #claims()}.
     */
    public int topicOffset(final int index)
    {
        return topicOffsets[index];
    }

    /**
     * @param index below {@link #topicCount()}.
     * @return the prefix's length in bytes.
     */
    public int topicLength(final int index)
    {
        return topicLengths[index];
    }

    /**
     * @return the decoded claims of the last valid token, which the offsets above point into.
     */
    public DirectBuffer claims()
    {
        return decodedBuffer;
    }

    private TokenVerdict checkHeader(final int headerEnd)
    {
        final int length = Base64Url.decode(token, 0, headerEnd, decoded);
        if (length == Base64Url.INVALID || !json.scanObject(decodedBuffer, 0, length))
        {
            return TokenVerdict.MALFORMED;
        }
        final int alg = uniqueMember(KEY_ALG);
        if (alg < 0 || hasEscapedKey())
        {
            return TokenVerdict.MALFORMED;
        }
        if (uniqueMember(KEY_CRIT) != NONE ||
            !ByteRanges.equals(decodedBuffer, json.memberValueOffset(alg), json.memberValueLength(alg), HS256))
        {
            return TokenVerdict.UNSUPPORTED_ALGORITHM;
        }
        return TokenVerdict.VALID;
    }

    private TokenVerdict checkSignature(final int payloadEnd, final int length)
    {
        final int encodedLength = length - payloadEnd - 1;
        if (encodedLength != ENCODED_SIGNATURE_LENGTH)
        {
            return TokenVerdict.BAD_SIGNATURE;
        }
        if (Base64Url.decode(token, payloadEnd + 1, encodedLength, givenSignature) != SIGNATURE_LENGTH)
        {
            return TokenVerdict.MALFORMED;
        }
        try
        {
            mac.update(token, 0, payloadEnd);
            mac.doFinal(expectedSignature, 0);
        }
        catch (final ShortBufferException ex)
        {
            throw new IllegalStateException(ex);
        }
        int difference = 0;
        for (int i = 0; i < SIGNATURE_LENGTH; i++)
        {
            difference |= expectedSignature[i] ^ givenSignature[i];
        }
        return difference == 0 ? TokenVerdict.VALID : TokenVerdict.BAD_SIGNATURE;
    }

    private TokenVerdict readClaims(final long nowMs)
    {
        if (hasEscapedKey())
        {
            return TokenVerdict.MALFORMED;
        }
        final int exp = uniqueMember(KEY_EXP);
        final int nbf = uniqueMember(KEY_NBF);
        final int sub = uniqueMember(KEY_SUB);
        final int topics = uniqueMember(KEY_TOPICS);
        if (exp < NONE || nbf < NONE || sub < NONE || topics < NONE ||
            (sub != NONE && !readSubject(sub)) || (topics != NONE && !readTopics(topics)))
        {
            return TokenVerdict.MALFORMED;
        }
        final long expiresAt = exp == NONE ? Long.MAX_VALUE : date(exp);
        final long notBefore = nbf == NONE ? 0 : date(nbf);
        if (expiresAt == NOT_A_DATE || notBefore == NOT_A_DATE)
        {
            return TokenVerdict.MALFORMED;
        }
        if (exp != NONE && nowMs - clockSkewMs >= expiresAt * MILLIS_PER_SECOND)
        {
            return TokenVerdict.EXPIRED;
        }
        if (nowMs + clockSkewMs < notBefore * MILLIS_PER_SECOND)
        {
            return TokenVerdict.NOT_YET_VALID;
        }
        return TokenVerdict.VALID;
    }

    private boolean readSubject(final int member)
    {
        final int offset = json.memberValueOffset(member);
        final int length = json.memberValueLength(member);
        if (decoded[offset] != '"' || json.memberValueHasEscapes(member) || length - 2 > MAX_SUBJECT_LENGTH)
        {
            return false;
        }
        subjectOffset = offset + 1;
        subjectLength = length - 2;
        return true;
    }

    /**
     * Read an array of strings without escapes; the scanner has already checked that it is valid JSON.
     */
    private boolean readTopics(final int member)
    {
        int p = json.memberValueOffset(member);
        final int end = p + json.memberValueLength(member);
        if (decoded[p] != '[')
        {
            return false;
        }
        p = skipWhitespace(p + 1, end);
        if (decoded[p] == ']')
        {
            return true;
        }
        while (true)
        {
            if (decoded[p] != '"' || topicCount == MAX_TOPIC_PREFIXES)
            {
                return false;
            }
            final int start = p + 1;
            p = start;
            while (decoded[p] != '"')
            {
                if (decoded[p] == '\\')
                {
                    return false;
                }
                p++;
            }
            if (p - start > TopicNames.MAX_LENGTH)
            {
                return false;
            }
            topicOffsets[topicCount] = start;
            topicLengths[topicCount++] = p - start;
            p = skipWhitespace(p + 1, end);
            if (decoded[p] == ']')
            {
                return true;
            }
            p = skipWhitespace(p + 1, end);
        }
    }

    /**
     * @return a NumericDate member's whole seconds, fractions dropped, or {@link #NOT_A_DATE} for anything but
     * {@code -?[0-9]+(\.[0-9]+)?} of at most {@link #MAX_DATE_DIGITS} whole digits.
     */
    private long date(final int member)
    {
        int p = json.memberValueOffset(member);
        final int end = p + json.memberValueLength(member);
        final boolean negative = decoded[p] == '-';
        if (negative)
        {
            p++;
        }
        long seconds = 0;
        int digits = 0;
        while (p < end && decoded[p] >= '0' && decoded[p] <= '9')
        {
            seconds = seconds * 10 + (decoded[p++] - '0');
            digits++;
        }
        if (digits == 0 || digits > MAX_DATE_DIGITS)
        {
            return NOT_A_DATE;
        }
        if (p < end && decoded[p] == '.')
        {
            p++;
            while (p < end && decoded[p] >= '0' && decoded[p] <= '9')
            {
                p++;
            }
        }
        return p == end ? (negative ? -seconds : seconds) : NOT_A_DATE;
    }

    /**
     * @return the index of the one member with the key, {@link #NONE} when there is none, or below {@code NONE}
     * when the key is given more than once.
     */
    private int uniqueMember(final byte[] key)
    {
        int found = NONE;
        for (int i = 0, count = json.memberCount(); i < count; i++)
        {
            if (json.memberKeyIs(decodedBuffer, i, key))
            {
                if (found != NONE)
                {
                    return NONE - 1;
                }
                found = i;
            }
        }
        return found;
    }

    private boolean hasEscapedKey()
    {
        for (int i = 0, count = json.memberCount(); i < count; i++)
        {
            if (json.memberKeyHasEscapes(i))
            {
                return true;
            }
        }
        return false;
    }

    private int indexOfDot(final int from, final int length)
    {
        for (int i = from; i < length; i++)
        {
            if (token[i] == '.')
            {
                return i;
            }
        }
        return NONE;
    }

    private int skipWhitespace(final int from, final int end)
    {
        int p = from;
        while (p < end && (decoded[p] == ' ' || decoded[p] == '\t' || decoded[p] == '\n' || decoded[p] == '\r'))
        {
            p++;
        }
        return p;
    }
}
