package io.holdfast.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The secret every admin request must carry as {@code Authorization: Bearer TOKEN} when
 * {@link OpsConfiguration#ADMIN_TOKEN_FILE_PROP_NAME} is set, read as a {@link SecretFile}; it is compared in time that
 * does not depend on how much of a guess is right.
 */
final class AdminToken
{
    private static final String SCHEME = "Bearer";
    private static final char LAST_VISIBLE = '~';

    private final byte[] token;

    private AdminToken(final byte[] token)
    {
        this.token = token;
    }

    /**
     * Read the token: the file's bytes with one trailing newline removed.
     *
     * @param file the file {@link OpsConfiguration#ADMIN_TOKEN_FILE_PROP_NAME} names.
     * @return the token.
     * @throws ConfigException naming the key and the file when it cannot be read, is empty or too large, or holds
     * bytes an HTTP header cannot carry as they are (spaces, control characters, a second line, non-ASCII).
     */
    static AdminToken read(final Path file) throws ConfigException
    {
        final byte[] token = SecretFile.read(file, OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME);
        for (final byte b : token)
        {
            if (b <= ' ' || b > LAST_VISIBLE)
            {
                throw SecretFile.problem(OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME, file, "the token holds a space, " +
                    "a control character, a second line or a non-ASCII byte, which an Authorization header cannot " +
                    "carry as it is; write one line of visible ASCII");
            }
        }
        return new AdminToken(token);
    }

    /**
     * @param authorization the request's {@code Authorization} header; null when it has none.
     * @return whether it is {@code Bearer} (in any case, as HTTP schemes are) followed by the token.
     */
    boolean authorizes(final String authorization)
    {
        if (authorization == null || authorization.length() <= SCHEME.length() ||
            !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length()) ||
            authorization.charAt(SCHEME.length()) != ' ')
        {
            return false;
        }
        final byte[] presented = authorization.substring(SCHEME.length()).trim().getBytes(StandardCharsets.ISO_8859_1);
        // Time depends on the token's length only, never on where a guess first differs.
        return MessageDigest.isEqual(token, presented);
    }
}
