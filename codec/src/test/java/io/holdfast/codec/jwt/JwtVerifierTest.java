package io.holdfast.codec.jwt;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.holdfast.codec.jwt.TestTokens.HS256_HEADER;
import static io.holdfast.codec.jwt.TestTokens.SECRET;
import static io.holdfast.codec.jwt.TestTokens.part;
import static io.holdfast.codec.jwt.TestTokens.secondsFromNow;
import static io.holdfast.codec.jwt.TestTokens.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtVerifierTest
{
    private static final int OFFSET = 5;
    private static final long SKEW_MS = 30_000;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(8192));
    private final JwtVerifier verifier = new JwtVerifier(SECRET, SKEW_MS, 4096);

    @Test
    void shouldAcceptASignedTokenAndReadItsSubjectAndTopics()
    {
        assertEquals(TokenVerdict.VALID, verify(signed("{\"sub\":\"user-42\",\"exp\":" + secondsFromNow(60) +
            ",\"nbf\":" + secondsFromNow(-60) + ",\"topics\":[ \"news.\" , \"chat/room-1\" ],\"name\":\"Ann\"}")));
        assertEquals("user-42", subject());
        assertEquals(List.of("news.", "chat/room-1"), topics());
    }

    @Test
    void shouldAcceptATokenWithoutOptionalClaims()
    {
        assertEquals(TokenVerdict.VALID, verify(signed("{}")));
        assertEquals("", subject());
        assertEquals(List.of(), topics());
    }

    @Test
    void shouldRefuseAnExpiredTokenButAllowTheClockSkew()
    {
        assertEquals(TokenVerdict.EXPIRED, verify(signed("{\"exp\":" + secondsFromNow(-60) + "}")));
        assertEquals(TokenVerdict.VALID, verify(signed("{\"exp\":" + secondsFromNow(-10) + "}")));
        assertEquals(TokenVerdict.VALID, verify(signed("{\"exp\":" + secondsFromNow(60) + ".75}")));
    }

    @Test
    void shouldRefuseATokenNotYetValidButAllowTheClockSkew()
    {
        assertEquals(TokenVerdict.NOT_YET_VALID, verify(signed("{\"nbf\":" + secondsFromNow(120) + "}")));
        assertEquals(TokenVerdict.VALID, verify(signed("{\"nbf\":" + secondsFromNow(10) + "}")));
    }

    @Test
    void shouldRefuseAForgedSignature()
    {
        final byte[] otherSecret = "another-secret-of-thirty-two-byt".getBytes(StandardCharsets.US_ASCII);
        assertEquals(TokenVerdict.BAD_SIGNATURE, verify(signed(HS256_HEADER, "{\"sub\":\"a\"}", otherSecret)));

        final String token = signed("{\"sub\":\"a\"}");
        final String[] parts = token.split("\\.");
        assertEquals(TokenVerdict.BAD_SIGNATURE,
            verify(parts[0] + "." + part("{\"sub\":\"admin\"}") + "." + parts[2]), "claims changed after signing");
        assertEquals(TokenVerdict.BAD_SIGNATURE, verify(parts[0] + "." + parts[1] + "." + parts[2].substring(1)));
        assertEquals(TokenVerdict.BAD_SIGNATURE, verify(parts[0] + "." + parts[1] + "."));
    }

    @Test
    void shouldRefuseEveryAlgorithmButHs256()
    {
        assertEquals(TokenVerdict.UNSUPPORTED_ALGORITHM,
            verify(part("{\"alg\":\"none\"}") + "." + part("{\"sub\":\"a\"}") + "."));
        assertEquals(TokenVerdict.UNSUPPORTED_ALGORITHM,
            verify(signed("{\"alg\":\"none\"}", "{\"sub\":\"a\"}", SECRET)));
        assertEquals(TokenVerdict.UNSUPPORTED_ALGORITHM,
            verify(signed("{\"alg\":\"HS512\"}", "{}", SECRET)));
        assertEquals(TokenVerdict.UNSUPPORTED_ALGORITHM,
            verify(signed("{\"alg\":\"hs256\"}", "{}", SECRET)));
        assertEquals(TokenVerdict.UNSUPPORTED_ALGORITHM,
            verify(signed("{\"alg\":\"HS256\",\"crit\":[\"b64\"]}", "{}", SECRET)));
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"typ\":\"JWT\"}", "{}", SECRET)), "no alg");
        assertEquals(TokenVerdict.MALFORMED,
            verify(signed("{\"alg\":\"HS256\",\"alg\":\"none\"}", "{}", SECRET)), "alg twice");
    }

    @Test
    void shouldRefuseMalformedTokens()
    {
        final String good = signed("{\"sub\":\"a\"}");
        final String[] parts = good.split("\\.");
        assertEquals(TokenVerdict.MALFORMED, verify(""));
        assertEquals(TokenVerdict.MALFORMED, verify("not-a-token"));
        assertEquals(TokenVerdict.MALFORMED, verify(parts[0] + "." + parts[1]));
        assertEquals(TokenVerdict.MALFORMED, verify(good + ".extra"));
        assertEquals(TokenVerdict.MALFORMED, verify(parts[0] + "=." + parts[1] + "." + parts[2]));
        assertEquals(TokenVerdict.MALFORMED, verify(signed(HS256_HEADER, "not json", SECRET)));
        assertEquals(TokenVerdict.MALFORMED, verify(signed(HS256_HEADER, "[1,2]", SECRET)));
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"exp\":\"tomorrow\"}")));
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"exp\":1e12}")));
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"exp\":1,\"exp\":99999999999}")), "exp twice");
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"\\u0065xp\":1}")), "a key with escapes");
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"sub\":42}")));
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"sub\":\"a\\\"b\"}")));
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"sub\":\"" + "s".repeat(256) + "\"}")));
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"topics\":\"news.\"}")));
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"topics\":[\"news.\",1]}")));
        assertEquals(TokenVerdict.MALFORMED, verify(signed("{\"topics\":[\"" + "t".repeat(129) + "\"]}")));
        assertEquals(TokenVerdict.MALFORMED, verify("a".repeat(4097)), "longer than the longest token");
    }

    @Test
    void shouldRefuseASecretShorterThanTheHash()
    {
        assertThrows(IllegalArgumentException.class, () -> new JwtVerifier(new byte[31], 0, 1024));
    }

    @Test
    void shouldAllocateAtMostAFewSmallObjectsPerToken()
    {
        final String token = signed("{\"sub\":\"user-42\",\"exp\":" + secondsFromNow(3600) + ",\"topics\":[\"a\"]}");
        final int length = buffer.putStringWithoutLengthAscii(OFFSET, token);
        final long nowMs = System.currentTimeMillis();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++)
        {
            verifier.verify(buffer, OFFSET, length, nowMs);
        }
        final int verifications = 10_000;
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < verifications; i++)
        {
            verifier.verify(buffer, OFFSET, length, nowMs);
        }
        final long perToken = (threads.getCurrentThreadAllocatedBytes() - before) / verifications;
        // The JDK's Mac.doFinal(byte[], int) returns its result through a new 32-byte array; nothing else is made.
        assertTrue(perToken <= 64, perToken + " bytes per token");
    }

    private TokenVerdict verify(final String token)
    {
        final int length = buffer.putStringWithoutLengthAscii(OFFSET, token);
        return verifier.verify(buffer, OFFSET, length, System.currentTimeMillis());
    }

    private String subject()
    {
        return verifier.claims().getStringWithoutLengthAscii(verifier.subjectOffset(), verifier.subjectLength());
    }

    private List<String> topics()
    {
        final List<String> topics = new ArrayList<>();
        for (int i = 0; i < verifier.topicCount(); i++)
        {
            topics.add(verifier.claims().getStringWithoutLengthAscii(verifier.topicOffset(i), verifier.topicLength(i)));
        }
        return topics;
    }
}
