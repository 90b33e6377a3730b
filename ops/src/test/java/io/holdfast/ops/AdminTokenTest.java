package io.holdfast.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The admin token as read from its file (one trailing newline removed, nothing else) and the one-line message that
 * names the key and the file for each way the file can be wrong; and which {@code Authorization} headers carry it.
 */
final class AdminTokenTest
{
    private static final String KEY = OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME;

    @TempDir
    Path directory;

    @Test
    void shouldTakeTheFileAsItIsWithOneTrailingNewlineRemoved() throws Exception
    {
        final AdminToken withNewline = AdminToken.read(file("a", "tok3n/+=.~_-\n"));
        assertTrue(withNewline.authorizes("Bearer tok3n/+=.~_-"));

        final AdminToken withoutNewline = AdminToken.read(file("b", "tok3n"));
        assertTrue(withoutNewline.authorizes("Bearer tok3n"));
    }

    @Test
    void shouldTakeTheBearerSchemeInAnyCaseAndNothingElse() throws Exception
    {
        final AdminToken token = AdminToken.read(file("token", "abc123\n"));

        assertTrue(token.authorizes("Bearer abc123"));
        assertTrue(token.authorizes("bearer abc123"));
        assertTrue(token.authorizes("BEARER abc123"));
        assertTrue(token.authorizes("Bearer   abc123 "));
        assertFalse(token.authorizes(null));
        assertFalse(token.authorizes(""));
        assertFalse(token.authorizes("Bearer"));
        assertFalse(token.authorizes("Bearer "));
        assertFalse(token.authorizes("Bearerabc123"));
        assertFalse(token.authorizes("abc123"));
        assertFalse(token.authorizes("Basic abc123"));
        assertFalse(token.authorizes("Bearer ABC123"));
        assertFalse(token.authorizes("Bearer abc12"));
        assertFalse(token.authorizes("Bearer abc1234"));
        assertFalse(token.authorizes("Bearer abc123 abc123"));
    }

    @Test
    void shouldNameKeyAndFileWhenTheFileIsMissing()
    {
        final Path missing = directory.resolve("missing");

        assertEquals(KEY + "=" + missing + ": cannot read the secret: no such file", failure(missing));
    }

    @Test
    void shouldNameKeyAndFileWhenTheFileIsADirectory()
    {
        assertEquals(KEY + "=" + directory + ": cannot read the secret: it is a directory", failure(directory));
    }

    @Test
    void shouldNameKeyAndFileWhenTheFileCannotBeRead() throws Exception
    {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        final Path unreadable = file("unreadable", "abc\n");
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("-w-------"));

        assertEquals(KEY + "=" + unreadable + ": cannot read the secret: permission denied", failure(unreadable));
    }

    @Test
    void shouldRefuseAnEmptyFileOrOneHoldingANewlineOnly() throws Exception
    {
        for (final String content : new String[] {"", "\n"})
        {
            final Path empty = file("empty", content);
            assertEquals(KEY + "=" + empty + ": the file is empty; write the secret into it, e.g. from " +
                "`openssl rand -hex 32`", failure(empty));
        }
    }

    @Test
    void shouldRefuseATokenNoHeaderCanCarryAsItIs() throws Exception
    {
        for (final String content : new String[] {"abc\r\n", "abc\n\n", "abc\ndef\n", "a bc\n", " abc", "abc\t",
            "caf\u00e9\n", "abc\u0000"})
        {
            final Path file = file("bad", content);
            final String message = failure(file);
            assertTrue(message.startsWith(KEY + "=" + file + ": the token holds a space, a control character, " +
                "a second line or a non-ASCII byte"), content + " -> " + message);
        }
    }

    @Test
    void shouldRefuseAFileLargerThanAToken() throws Exception
    {
        final String longest = "x".repeat(SecretFile.MAX_LENGTH);
        assertTrue(AdminToken.read(file("longest", longest + "\n")).authorizes("Bearer " + longest));

        final Path large = file("large", longest + "x");
        assertEquals(KEY + "=" + large + ": the file is larger than " + SecretFile.MAX_LENGTH + " bytes; it should " +
            "hold only the secret", failure(large));
    }

    private Path file(final String name, final String content) throws IOException
    {
        return Files.write(directory.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(final Path file)
    {
        return assertThrows(ConfigException.class, () -> AdminToken.read(file)).getMessage();
    }
}
