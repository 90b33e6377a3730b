package io.holdfast.codec.jwt;

/**
 * What {@link JwtVerifier} found a token to be. Every verdict but {@link #VALID} refuses the token.
 */
public enum TokenVerdict
{
    /** Signed with the secret, inside its validity period. */
    VALID("valid"),
    /** Not three base64url parts, a part that is not a JSON object, or a claim of the wrong form. */
    MALFORMED("malformed"),
    /** The header names an algorithm other than HS256, {@code none} included, or extensions it must understand. */
    UNSUPPORTED_ALGORITHM("algorithm not HS256"),
    /** The signature is not the HMAC SHA-256 of the token under the secret. */
    BAD_SIGNATURE("bad signature"),
    /** The {@code exp} claim is past, by more than the clock skew. */
    EXPIRED("expired"),
    /** The {@code nbf} claim is ahead, by more than the clock skew. */
    NOT_YET_VALID("not yet valid");

    private final String label;

    TokenVerdict(final String label)
    {
        this.label = label;
    }

    /**
     * @return the verdict in words.
     */
    public String label()
    {
        return label;
    }
}
