package io.holdfast.codec.bench;

import io.holdfast.codec.jwt.JwtVerifier;
import io.holdfast.codec.jwt.TestTokens;
import io.holdfast.codec.jwt.TokenVerdict;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What authentication adds to a handshake: one {@link JwtVerifier#verify} of a typical token (subject, expiry,
 * two topic prefixes; 179 bytes) held in direct memory as in a worker's receive buffer, and, for scale, the same
 * token with a forged signature, which is refused before its claims are read.
 * <p>
 * Not a test: surefire does not run it. Run it with JMH's runner as {@link UnmaskValidateBenchmark} says, selecting
 * {@code JwtVerify}. Not final because JMH generates subclasses of its state classes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class JwtVerifyBenchmark
{
    private final JwtVerifier verifier = new JwtVerifier(TestTokens.SECRET, 30_000, 4096);
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private int validLength;
    private int forgedOffset;
    private int forgedLength;
    private long nowMs;

    /**
     * Writes the valid and the forged token and checks each gets its verdict, so no figure comes from a token that
     * failed early for another reason.
     */
    @Setup(Level.Trial)
    public void writeTokens()
    {
        final String token = TestTokens.signed("{\"sub\":\"user-1234567\",\"exp\":" +
            TestTokens.secondsFromNow(3_600) + ",\"topics\":[\"news.\",\"chat/room-42\"]}");
        validLength = buffer.putStringWithoutLengthAscii(0, token);
        forgedOffset = validLength;
        final String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BA" : "AA");
        forgedLength = buffer.putStringWithoutLengthAscii(forgedOffset, forged);
        nowMs = System.currentTimeMillis();
        if (valid() != TokenVerdict.VALID || forged() != TokenVerdict.BAD_SIGNATURE)
        {
            throw new IllegalStateException("the benchmark tokens must be valid and forged");
        }
    }

    /**
     * @return the verdict on the valid token, for JMH to consume.
     */
    @Benchmark
    public TokenVerdict valid()
    {
        return verifier.verify(buffer, 0, validLength, nowMs);
    }

    /**
     * @return the verdict on the forged token, for JMH to consume.
     */
    @Benchmark
    public TokenVerdict forged()
    {
        return verifier.verify(buffer, forgedOffset, forgedLength, nowMs);
    }
}
