package io.holdfast.codec.jwt;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Base64UrlTest
{
    private final byte[] out = new byte[256];

    @Test
    void shouldDecodeWhatTheJdkEncodesForEveryLength()
    {
        final Random random = new Random(7);
        for (int length = 0; length < 100; length++)
        {
            final byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            final byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(bytes);
            assertEquals(length, Base64Url.decode(encoded, 0, encoded.length, out), "length " + length);
            assertArrayEquals(bytes, Arrays.copyOf(out, length));
        }
    }

    @Test
    void shouldRefuseWhatIsNotCanonicalBase64Url()
    {
        assertEquals(Base64Url.INVALID, decode("YQ=="), "padding");
        assertEquals(Base64Url.INVALID, decode("a+b/"), "the standard alphabet's characters");
        assertEquals(Base64Url.INVALID, decode("YWJjZ"), "a length no encoding produces");
        assertEquals(Base64Url.INVALID, decode("YR"), "non-zero unused bits");
        assertEquals(Base64Url.INVALID, decode("YW J"), "a space");
        assertEquals(1, decode("YQ"));
        assertEquals(0, decode(""));
    }

    private int decode(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return Base64Url.decode(bytes, 0, bytes.length, out);
    }
}
