package io.holdfast.codec.utf8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.holdfast.codec.TestBytes.bytes;
import static io.holdfast.codec.TestBytes.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8ValidatorTest
{
    private static final long SEED = 0x6F1D_2024_5EEDL;
    private static final int RANDOM_SAMPLES = 20_000;
    private static final int MAX_SAMPLE_LENGTH = 64;
    private static final int FAIL_FAST_SAMPLES = 3_000;
    private static final int PADDING = 3;
    private static final byte FENCE = (byte)0x80;
    private static final int[] INTERESTING_BYTES =
    {
        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
        0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFE, 0xFF
    };
    private static final int[] BOUNDARY_CODE_POINTS =
    {
        0x00, 0x7F, 0x80, 0x7FF, 0x800, 0xFFF, 0x1000, 0xCFFF, 0xD000, 0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF,
        0x10000, 0x3FFFF, 0x40000, 0xFFFFF, 0x100000, 0x10FFFF
    };
    // Enough to finish any open sequence when the prefix so far is valid: see prefixCanBeValid.
    private static final byte[][] COMPLETIONS =
    {
        {},
        {(byte)0x80}, {(byte)0x90}, {(byte)0xA0},
        {(byte)0x80, (byte)0x80}, {(byte)0x90, (byte)0x80}, {(byte)0xA0, (byte)0x80},
        {(byte)0x80, (byte)0x80, (byte)0x80}, {(byte)0x90, (byte)0x80, (byte)0x80}, {(byte)0xA0, (byte)0x80, (byte)0x80}
    };

    private final Utf8Validator validator = new Utf8Validator();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    private boolean sink;

    @Test
    void shouldAcceptEmptyInput()
    {
        assertTrue(validateWhole(new byte[0]));
        assertTrue(validator.isComplete());
    }

    @Test
    void shouldAcceptAsciiOfEveryLengthAroundTheWordSize()
    {
        final byte[] ascii = "The quick brown fox jumps over the lazy dog\u0000\u007F"
            .getBytes(StandardCharsets.US_ASCII);
        for (int length = 0; length <= ascii.length; length++)
        {
            assertTrue(validateWhole(Arrays.copyOf(ascii, length)), "length " + length);
        }
    }

    @Test
    void shouldAcceptMultiByteCharacters()
    {
        assertValid("\u03BA\u1F79\u03C3\u03BC\u03B5");
        assertValid("\u0080");
        assertValid("\u07FF");
        assertValid("\u0800");
        assertValid("\uD7FF");
        assertValid("\uE000");
        assertValid("\uFFFF");
        assertValid(new String(Character.toChars(0x10000)));
        assertValid(new String(Character.toChars(0x10FFFF)));
        assertValid("ascii then \u00E9\u20AC\uD834\uDD1E then ascii again, long enough for words \u00FF");
    }

    @Test
    void shouldRejectOverlongForms()
    {
        assertFailsAt(0, 0xC0, 0x80);
        assertFailsAt(0, 0xC1, 0xBF);
        assertFailsAt(1, 0xE0, 0x80, 0x80);
        assertFailsAt(1, 0xE0, 0x9F, 0xBF);
        assertFailsAt(1, 0xF0, 0x80, 0x80, 0x80);
        assertFailsAt(1, 0xF0, 0x8F, 0xBF, 0xBF);
    }

    @Test
    void shouldRejectSurrogates()
    {
        assertFailsAt(1, 0xED, 0xA0, 0x80);
        assertFailsAt(1, 0xED, 0xAD, 0xBF);
        assertFailsAt(1, 0xED, 0xBF, 0xBF);
        assertFailsAt(1, 0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80);
    }

    @Test
    void shouldRejectCodePointsAboveTheUnicodeRange()
    {
        assertFailsAt(1, 0xF4, 0x90, 0x80, 0x80);
        assertFailsAt(1, 0xF4, 0xBF, 0xBF, 0xBF);
        assertFailsAt(0, 0xF5, 0x80, 0x80, 0x80);
        assertFailsAt(0, 0xF7, 0xBF, 0xBF, 0xBF);
        assertFailsAt(0, 0xF8, 0x88, 0x80, 0x80, 0x80);
        assertFailsAt(0, 0xFE);
        assertFailsAt(0, 0xFF);
    }

    @Test
    void shouldRejectStrayContinuationBytes()
    {
        assertFailsAt(0, 0x80);
        assertFailsAt(0, 0xBF);
        assertFailsAt(1, 0x41, 0x80);
        assertFailsAt(2, 0xC2, 0x80, 0x80);
        assertFailsAt(1, 0xC2, 0x41);
        assertFailsAt(2, 0xE1, 0x80, 0x41);
        assertFailsAt(3, 0xF1, 0x80, 0x80, 0xC2);
    }

    @Test
    void shouldFailFastAfterValidTextAsAutobahnExpects()
    {
        final byte[] kosme = "\u03BA\u1F79\u03C3\u03BC\u03B5".getBytes(StandardCharsets.UTF_8);
        final byte[] tail = "edited".getBytes(StandardCharsets.US_ASCII);
        assertFailsAt(kosme.length + 1, concat(kosme, bytes(0xED, 0xA0, 0x80), tail));
        assertFailsAt(kosme.length + 1, concat(kosme, bytes(0xF4, 0x90, 0x80, 0x80), tail));
        assertFailsAt(kosme.length, concat(kosme, bytes(0xF5), tail));
    }

    @Test
    void shouldFindTheInvalidByteAfterALongAsciiRun()
    {
        for (int asciiLength = 0; asciiLength < 40; asciiLength++)
        {
            final byte[] input = new byte[asciiLength + 9];
            Arrays.fill(input, (byte)'a');
            input[asciiLength] = (byte)0xC0;

            validator.reset();
            assertFalse(validator.validate(wrap(input), PADDING, input.length));
            assertFailsAt(asciiLength, input);
        }
    }

    @Test
    void shouldReportTruncatedSequencesAsIncomplete()
    {
        assertTruncated(0xC2);
        assertTruncated(0xE1, 0x80);
        assertTruncated(0xE0, 0xA0);
        assertTruncated(0xF0, 0x90, 0x80);
        assertTruncated(0xF4, 0x8F, 0xBF);
        assertTruncated(0x61, 0x62, 0x63, 0xE2, 0x82);
    }

    @Test
    void shouldStayFailedUntilReset()
    {
        validator.reset();
        assertFalse(validator.validate(wrap(bytes(0xFF)), PADDING, 1));
        assertFalse(validator.validate(wrap(bytes(0x41)), PADDING, 1));
        assertFalse(validator.isComplete());

        validator.reset();
        assertTrue(validator.validate(wrap(bytes(0x41)), PADDING, 1));
        assertTrue(validator.isComplete());
    }

    @Test
    void shouldValidateTheSameWhenFedOneByteAtATime()
    {
        final byte[] text = "a\u03BA\u1F79\u03C3\u03BC\u03B5\uFFFF\uD834\uDD1E\uDBFF\uDFFFz"
            .getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = wrap(text);
        validator.reset();
        for (int i = 0; i < text.length; i++)
        {
            assertTrue(validator.validate(buffer, PADDING + i, 1), "byte " + i);
        }
        assertTrue(validator.isComplete());
    }

    @Test
    void shouldAgreeWithTheJdkDecoderOnRandomInputSplitAnywhere()
    {
        final Random random = new Random(SEED);
        int validCount = 0;
        for (int sample = 0; sample < RANDOM_SAMPLES; sample++)
        {
            final byte[] input = randomSample(random);
            final boolean expected = jdkAccepts(input, input.length);
            validCount += expected ? 1 : 0;

            final UnsafeBuffer buffer = wrap(input);
            assertEquals(expected, validator.validateWhole(buffer, PADDING, input.length), () -> describe(input));
            for (int split = 0; split <= input.length; split++)
            {
                validator.reset();
                final boolean verdict = validator.validate(buffer, PADDING, split) &&
                    validator.validate(buffer, PADDING + split, input.length - split) &&
                    validator.isComplete();
                final int at = split;
                assertEquals(expected, verdict, () -> "split at " + at + " of " + describe(input));
            }
        }

        // Both verdicts must be well represented for the comparison to mean anything.
        assertTrue(validCount > RANDOM_SAMPLES / 5, "valid samples: " + validCount);
        assertTrue(validCount < RANDOM_SAMPLES * 4 / 5, "valid samples: " + validCount);
    }

    @Test
    void shouldFailAtTheFirstByteThatNoContinuationCouldMakeValid()
    {
        final Random random = new Random(SEED + 1);
        for (int sample = 0; sample < FAIL_FAST_SAMPLES; sample++)
        {
            final byte[] input = randomSample(random);
            final UnsafeBuffer buffer = wrap(input);
            validator.reset();
            for (int i = 0; i < input.length; i++)
            {
                final boolean expected = prefixCanBeValid(input, i + 1);
                final int at = i;
                assertEquals(expected, validator.validate(buffer, PADDING + i, 1), () -> "byte " + at + " of " +
                    describe(input));
                if (!expected)
                {
                    break;
                }
            }
        }
    }

    @Test
    void shouldNotAllocateWhenValidating()
    {
        final byte[] text = ("{\"type\":\"chat\",\"text\":\"\u03BA\u1F79\u03C3\u03BC\u03B5 hello \u20AC 100 " +
            "\uD834\uDD1E and some plain ascii to fill the rest of a typical message payload\"}")
            .getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = wrap(text);
        final int length = text.length;
        final int half = length / 2;

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            sink ^= validator.validateWhole(buffer, PADDING, length);
            validator.reset();
            sink ^= validator.validate(buffer, PADDING, half) &&
                validator.validate(buffer, PADDING + half, length - half) &&
                validator.isComplete();
        });

        assertEquals(0L, allocated);
        assertTrue(validator.validateWhole(buffer, PADDING, length));
    }

    private byte[] randomSample(final Random random)
    {
        final int targetLength = random.nextInt(MAX_SAMPLE_LENGTH + 1);
        final int kind = random.nextInt(10);
        if (kind < 4)
        {
            return validText(random, targetLength);
        }

        if (kind < 7)
        {
            return mutate(random, validText(random, targetLength));
        }

        final byte[] bytes = new byte[targetLength];
        for (int i = 0; i < targetLength; i++)
        {
            bytes[i] = (byte)(random.nextInt(10) < 7 ? 0x80 + random.nextInt(0x80) : random.nextInt(0x80));
        }
        return bytes;
    }

    private static byte[] validText(final Random random, final int targetLength)
    {
        final StringBuilder text = new StringBuilder();
        while (text.toString().getBytes(StandardCharsets.UTF_8).length < targetLength)
        {
            text.appendCodePoint(randomCodePoint(random));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int randomCodePoint(final Random random)
    {
        switch (random.nextInt(6))
        {
            case 0:
                return random.nextInt(0x80);
            case 1:
                return 0x80 + random.nextInt(0x800 - 0x80);
            case 2:
                final int bmp = 0x800 + random.nextInt(0x10000 - 0x800);
                return Character.isSurrogate((char)bmp) ? 0xE000 + (bmp & 0x7FF) : bmp;
            case 3:
                return 0x10000 + random.nextInt(0x110000 - 0x10000);
            default:
                return BOUNDARY_CODE_POINTS[random.nextInt(BOUNDARY_CODE_POINTS.length)];
        }
    }

    private static byte[] mutate(final Random random, final byte[] input)
    {
        byte[] bytes = input;
        final int mutations = 1 + random.nextInt(2);
        for (int m = 0; m < mutations; m++)
        {
            final int position = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            final byte interesting = (byte)INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
            switch (random.nextInt(4))
            {
                case 0:
                    if (bytes.length > 0)
                    {
                        bytes[position] = interesting;
                    }
                    break;
                case 1:
                    bytes = concat(Arrays.copyOf(bytes, position), bytes(interesting & 0xFF),
                        Arrays.copyOfRange(bytes, position, bytes.length));
                    break;
                case 2:
                    if (bytes.length > 0)
                    {
                        bytes = concat(Arrays.copyOf(bytes, position),
                            Arrays.copyOfRange(bytes, position + 1, bytes.length));
                    }
                    break;
                default:
                    bytes = Arrays.copyOf(bytes, position);
                    break;
            }
        }
        return bytes;
    }

    private boolean prefixCanBeValid(final byte[] input, final int prefixLength)
    {
        for (final byte[] completion : COMPLETIONS)
        {
            final byte[] candidate = concat(Arrays.copyOf(input, prefixLength), completion);
            if (jdkAccepts(candidate, candidate.length))
            {
                return true;
            }
        }
        return false;
    }

    private boolean jdkAccepts(final byte[] input, final int length)
    {
        try
        {
            decoder.decode(ByteBuffer.wrap(input, 0, length));
            return true;
        }
        catch (final CharacterCodingException ex)
        {
            return false;
        }
    }

    private void assertValid(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertTrue(jdkAccepts(bytes, bytes.length));
        assertTrue(validateWhole(bytes), text);
    }

    private void assertFailsAt(final int failIndex, final int... input)
    {
        assertFailsAt(failIndex, bytes(input));
    }

    private void assertFailsAt(final int failIndex, final byte[] input)
    {
        assertFalse(validateWhole(input));
        assertFalse(jdkAccepts(input, input.length));

        final UnsafeBuffer buffer = wrap(input);
        validator.reset();
        for (int i = 0; i < failIndex; i++)
        {
            assertTrue(validator.validate(buffer, PADDING + i, 1), "byte " + i + " of " + describe(input));
        }
        assertFalse(validator.validate(buffer, PADDING + failIndex, 1), "byte " + failIndex + " of " + describe(input));
        assertFalse(validator.isComplete());
    }

    private void assertTruncated(final int... input)
    {
        final byte[] bytes = bytes(input);
        validator.reset();
        assertTrue(validator.validate(wrap(bytes), PADDING, bytes.length), describe(bytes));
        assertFalse(validator.isComplete(), describe(bytes));
        assertFalse(validateWhole(bytes), describe(bytes));
        assertFalse(jdkAccepts(bytes, bytes.length));
    }

    private boolean validateWhole(final byte[] input)
    {
        return validator.validateWhole(wrap(input), PADDING, input.length);
    }

    // Surround the input with continuation bytes at an odd offset: any read past either end would fail validation.
    private static UnsafeBuffer wrap(final byte[] input)
    {
        final byte[] padded = new byte[PADDING + input.length + 16];
        Arrays.fill(padded, FENCE);
        System.arraycopy(input, 0, padded, PADDING, input.length);
        return new UnsafeBuffer(padded);
    }

    private static String describe(final byte[] input)
    {
        final StringBuilder text = new StringBuilder("[");
        for (final byte b : input)
        {
            text.append(String.format(" %02X", b & 0xFF));
        }
        return text.append(" ]").toString();
    }
}
