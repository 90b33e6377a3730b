package io.holdfast.ops.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the files secrets are read from (the admin token, the JWT secret) are readable by the owner only: whoever
 * else can read the JWT secret can sign tokens for any subject and topic, and whoever can read the admin token can
 * publish to every subscriber. A WARN names each file other users can read; serve reads them either way.
 */
final class SecretFilesCheck implements HostCheck
{
    static final String NAME = "secret files";

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host)
    {
        if (server.secretFiles().isEmpty())
        {
            return Finding.ok(NAME, "no secret files configured");
        }
        final List<String> exposed = new ArrayList<>();
        final List<String> fixes = new ArrayList<>();
        for (final Map.Entry<String, Path> secret : server.secretFiles().entrySet())
        {
            final Path file = secret.getValue();
            try
            {
                final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.contains(PosixFilePermission.GROUP_READ) ||
                    permissions.contains(PosixFilePermission.OTHERS_READ))
                {
                    exposed.add(secret.getKey() + " " + file + " is readable by other users");
                    fixes.add("chmod 600 " + file);
                }
            }
            catch (final IOException | UnsupportedOperationException ex)
            {
                // Serve reports a file it cannot read, naming the key; a file system without POSIX permissions
                // has nothing for this check to say.
            }
        }
        if (exposed.isEmpty())
        {
            return Finding.ok(NAME, String.join(", ", server.secretFiles().keySet()) + " readable by the owner only");
        }
        return Finding.warn(NAME, String.join("; ", exposed) + ": they can sign tokens or publish in the server's name",
            String.join("; ", fixes) + " (owned by the server's user)");
    }
}
