package io.holdfast.codec.jwt;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Makes compact JSON Web Tokens for tests with the JDK's own base64 and HMAC, independent of the verifier under test:
 * any header and claims as JSON text, signed with any secret.
 */
public final class TestTokens
{
    /** A 32-byte HS256 secret. */
    public static final byte[] SECRET = "holdfast-test-secret-32-bytes-ok".getBytes(StandardCharsets.US_ASCII);
    /** The header of every well-formed token. */
    public static final String HS256_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens()
    {
    }

    /**
     * @param claims the payload as JSON text.
     * @return an HS256 token with those claims, signed with {@link #SECRET}.
     */
    public static String signed(final String claims)
    {
        return signed(HS256_HEADER, claims, SECRET);
    }

    /**
     * @return a token with the header and claims as given, signed with HMAC SHA-256 under the secret whatever the
     * header says.
     */
    public static String signed(final String header, final String claims, final byte[] secret)
    {
        final String signingInput = part(header) + "." + part(claims);
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." +
                BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return the text in unpadded base64url, as one part of a token.
     */
    public static String part(final String text)
    {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param offsetSeconds from now.
     * @return the NumericDate that far from now.
     */
    public static long secondsFromNow(final long offsetSeconds)
    {
        return System.currentTimeMillis() / 1000 + offsetSeconds;
    }
}
