package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Secret files readable by other users WARN with the chmod that fixes them; owner-only files and no secret files
 * pass.
 */
final class SecretFilesCheckTest
{
    private static final String TOKEN_KEY = "holdfast.admin.token.file";
    private static final String SECRET_KEY = "holdfast.auth.jwt.secret.file";

    @TempDir
    Path root;

    @Test
    void shouldWarnOfEachSecretOtherUsersCanRead() throws Exception
    {
        final Path token = secret("admin.token", "rw-r-----");
        final Path jwt = secret("jwt.secret", "rw-r--r--");

        assertEquals(new Finding("secret files", Severity.WARN, TOKEN_KEY + " " + token + " is readable by other " +
            "users; " + SECRET_KEY + " " + jwt + " is readable by other users: they can sign tokens or publish in the " +
            "server's name", "chmod 600 " + token + "; chmod 600 " + jwt + " (owned by the server's user)"),
            check(Map.of(TOKEN_KEY, token, SECRET_KEY, jwt)));
    }

    @Test
    void shouldPassOwnerOnlySecretsAndNone() throws Exception
    {
        final Path jwt = secret("jwt.secret", "rw-------");

        assertEquals(new Finding("secret files", Severity.OK, SECRET_KEY + " readable by the owner only", ""),
            check(Map.of(SECRET_KEY, jwt)));
        assertEquals(new Finding("secret files", Severity.OK, "no secret files configured", ""), check(Map.of()));
    }

    private Path secret(final String name, final String permissions) throws Exception
    {
        final Path file = Files.writeString(root.resolve(name), "0123456789abcdef0123456789abcdef");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private Finding check(final Map<String, Path> secretFiles)
    {
        return new SecretFilesCheck().run(new PlannedServer(FakeHost.engine(), root, true, "127.0.0.1", 0,
            new TreeMap<>(secretFiles)), new FakeHost(root).facts());
    }
}
