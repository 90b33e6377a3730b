package io.holdfast.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The secret every admin request must carry as {@code Authorization: Bearer TOKEN} when
 * {@link OpsConfiguration#ADMIN_TOKEN_FILE_PROP_NAME} is set. It is read from that file only, never from a property,
 * so it shows in no config file, command line or {@code holdfast config} output; and it is compared in time that
 * does not depend on how much of a guess is right.
 */
final class AdminToken
{
    /** A token is a line, not a document: a larger file is the wrong file. */
    static final int MAX_LENGTH = 4096;

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
        final byte[] bytes;
        try (InputStream in = Files.newInputStream(file))
        {
            bytes = in.readNBytes(MAX_LENGTH + 2);
        }
        catch (final NoSuchFileException ex)
        {
            throw problem(file, "cannot read the token: no such file");
        }
        catch (final AccessDeniedException ex)
        {
            throw problem(file, "cannot read the token: permission denied");
        }
        catch (final IOException ex)
        {
            throw problem(file, "cannot read the token: " +
                (Files.isDirectory(file) ? "it is a directory" : ex.getMessage()));
        }
        final int length = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
        if (length == 0)
        {
            throw problem(file, "the file is empty; write the token into it, e.g. from `openssl rand -hex 32`");
        }
        if (length > MAX_LENGTH)
        {
            throw problem(file, "the file is larger than " + MAX_LENGTH + " bytes; it should hold only the token");
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] <= ' ' || bytes[i] > LAST_VISIBLE)
            {
                throw problem(file, "the token holds a space, a control character, a second line or a non-ASCII " +
                    "byte, which an Authorization header cannot carry as it is; write one line of visible ASCII");
            }
        }
        return new AdminToken(Arrays.copyOf(bytes, length));
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

    private static ConfigException problem(final Path file, final String problem)
    {
        return new ConfigException(OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME + "=" + file + ": " + problem);
    }
}
