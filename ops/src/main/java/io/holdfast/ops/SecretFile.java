package io.holdfast.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a secret (the admin token, the JWT secret) from the file a key names, never from a property, so that it shows
 * in no config file, command line or {@code holdfast config} output. The secret is the file's bytes as they are, with
 * one trailing newline removed, as {@code echo} and editors leave one.
 */
final class SecretFile
{
    /** A secret is a line, not a document: a larger file is the wrong file. */
    static final int MAX_LENGTH = 4096;

    private SecretFile()
    {
    }

    /**
     * @param file the file the key names.
     * @param key  the key, for the messages.
     * @return the secret.
     * @throws ConfigException naming the key and the file when it cannot be read, is empty or too large.
     */
    static byte[] read(final Path file, final String key) throws ConfigException
    {
        final byte[] bytes;
        try (InputStream in = Files.newInputStream(file))
        {
            bytes = in.readNBytes(MAX_LENGTH + 2);
        }
        catch (final NoSuchFileException ex)
        {
            throw problem(key, file, "cannot read the secret: no such file");
        }
        catch (final AccessDeniedException ex)
        {
            throw problem(key, file, "cannot read the secret: permission denied");
        }
        catch (final IOException ex)
        {
            throw problem(key, file, "cannot read the secret: " +
                (Files.isDirectory(file) ? "it is a directory" : ex.getMessage()));
        }
        final int length = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
        if (length == 0)
        {
            throw problem(key, file, "the file is empty; write the secret into it, e.g. from `openssl rand -hex 32`");
        }
        if (length > MAX_LENGTH)
        {
            throw problem(key, file, "the file is larger than " + MAX_LENGTH + " bytes; it should hold only the secret");
        }
        return Arrays.copyOf(bytes, length);
    }

    /**
     * @return an error naming the key, the file and what is wrong with it.
     */
    static ConfigException problem(final String key, final Path file, final String problem)
    {
        return new ConfigException(key + "=" + file + ": " + problem);
    }
}
