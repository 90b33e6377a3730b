package io.holdfast.codec.bench;

import io.holdfast.codec.frame.FrameHeaderEncoder;
import io.holdfast.codec.frame.Masking;
import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.utf8.Utf8Validator;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Throughput of the per-byte work a worker does on a received text message: unmasking it in place
 * ({@link Masking}) and validating it as UTF-8 ({@link Utf8Validator}), on one 64 KiB frame payload held in direct
 * memory at the offset its 14-byte header leaves, as in the worker's receive buffer.
 * <p>
 * One operation is one payload byte and the unit is per nanosecond, so JMH's {@code ops/ns} reads as GB/s
 * (10^9 bytes per second). {@code text=json} is ASCII-heavy JSON (one 2-byte character per ~110-byte record),
 * {@code text=multibyte} is almost all 2-, 3- and 4-byte characters. Unmasking is in place, so before every call the
 * masked frame is copied back into the receive buffer, untimed, as a socket read would leave it; at 6 us or more a
 * call, the per-call timestamps this costs are noise. {@code unmask} and {@code validate} split the combined figure.
 * <p>
 * Not a test: surefire does not run it. Run it with JMH's runner, from the project root:
 * {@code java @ops/config/jvm.options -cp <test-classes:classes:dependencies> org.openjdk.jmh.Main UnmaskValidate}.
 * Not final because JMH generates subclasses of its state classes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(UnmaskValidateBenchmark.PAYLOAD_LENGTH)
@State(Scope.Thread)
public class UnmaskValidateBenchmark
{
    static final int PAYLOAD_LENGTH = 64 * 1024;

    private static final int MASKING_KEY = 0x37FA213D;
    private static final String JSON_RECORD_HEAD = "{\"type\":\"publish\",\"topic\":\"fx.eur/usd\",\"data\":{\"seq\":";
    private static final String JSON_RECORD_TAIL = ",\"bid\":1.07123,\"ask\":1.07141,\"venue\":\"Z\u00fcrich\"}}\n";
    private static final String[] MULTIBYTE_WORDS =
    {
        "\u03ba\u1f79\u03c3\u03bc\u03b5", "\u041f\u0440\u0438\u0432\u0435\u0442", "\u4e16\u754c\u4f60\u597d",
        "\u3053\u3093\u306b\u3061\u306f", "\ud83d\ude00\ud83d\ude80", "\u20ac\u00a3\u00a5", "\uc548\ub155",
    };

    /** Which text the payload holds. */
    @Param({ "json", "multibyte" })
    public String text;

    private final Utf8Validator validator = new Utf8Validator();
    private UnsafeBuffer wire;
    private UnsafeBuffer received;
    private UnsafeBuffer plain;
    private int payloadOffset;
    private int frameLength;

    /**
     * Builds the payload and the masked frame that carries it, and checks that the payload is valid UTF-8 of
     * exactly {@link #PAYLOAD_LENGTH} bytes, so that no figure comes from a validation that stopped early.
     */
    @Setup(Level.Trial)
    public void createFrame()
    {
        final byte[] payload = "json".equals(text) ? jsonText() : multibyteText();
        wire = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * PAYLOAD_LENGTH));
        received = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * PAYLOAD_LENGTH));
        plain = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * PAYLOAD_LENGTH));

        payloadOffset = FrameHeaderEncoder.encode(wire, 0, true, 0, Opcode.TEXT, PAYLOAD_LENGTH, true, MASKING_KEY);
        frameLength = payloadOffset + PAYLOAD_LENGTH;
        wire.putBytes(payloadOffset, payload);
        plain.putBytes(payloadOffset, payload);
        Masking.mask(wire, payloadOffset, PAYLOAD_LENGTH, MASKING_KEY, 0);

        receiveFrame();
        if (payload.length != PAYLOAD_LENGTH || !unmaskAndValidate() || !validate())
        {
            throw new IllegalStateException("the benchmark payload must be valid UTF-8 of " + PAYLOAD_LENGTH);
        }
    }

    /**
     * Puts the masked frame back into the receive buffer before each call, as the socket read would.
     */
    @Setup(Level.Invocation)
    public void receiveFrame()
    {
        received.putBytes(0, wire, 0, frameLength);
    }

    /**
     * Unmasks the payload in place, then validates it: the worker's per-byte work on a text frame.
     *
     * @return whether the payload is valid, for JMH to consume.
     */
    @Benchmark
    public boolean unmaskAndValidate()
    {
        Masking.mask(received, payloadOffset, PAYLOAD_LENGTH, MASKING_KEY, 0);
        return validator.validateWhole(received, payloadOffset, PAYLOAD_LENGTH);
    }

    /**
     * Unmasks the payload in place, alone.
     */
    @Benchmark
    public void unmask()
    {
        Masking.mask(received, payloadOffset, PAYLOAD_LENGTH, MASKING_KEY, 0);
    }

    /**
     * Validates the unmasked payload, alone.
     *
     * @return whether the payload is valid, for JMH to consume.
     */
    @Benchmark
    public boolean validate()
    {
        return validator.validateWhole(plain, payloadOffset, PAYLOAD_LENGTH);
    }

    private static byte[] jsonText()
    {
        return textOfPieces((i) -> JSON_RECORD_HEAD + (1_000_000 + i) + JSON_RECORD_TAIL);
    }

    private static byte[] multibyteText()
    {
        return textOfPieces((i) -> MULTIBYTE_WORDS[i % MULTIBYTE_WORDS.length] + ' ');
    }

    // Whole pieces while they fit, then spaces, so that every variant is exactly PAYLOAD_LENGTH bytes.
    private static byte[] textOfPieces(final IntFunction<String> piece)
    {
        final StringBuilder text = new StringBuilder(PAYLOAD_LENGTH);
        int length = 0;
        for (int i = 0; ; i++)
        {
            final String next = piece.apply(i);
            final int nextLength = next.getBytes(StandardCharsets.UTF_8).length;
            if (length + nextLength > PAYLOAD_LENGTH)
            {
                return text.append(" ".repeat(PAYLOAD_LENGTH - length)).toString().getBytes(StandardCharsets.UTF_8);
            }
            text.append(next);
            length += nextLength;
        }
    }
}
