package io.holdfast.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the ops module's files are, for tests run by Maven (working directory {@code ops/}) or from the
 * repository root, as some IDEs do.
 */
final class OpsFiles
{
    private OpsFiles()
    {
    }

    static Path opsDirectory()
    {
        final Path workingDirectory = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (Files.isRegularFile(workingDirectory.resolve("bin/holdfast")))
        {
            return workingDirectory;
        }
        return workingDirectory.resolve("ops");
    }

    static Path bundledConfig()
    {
        return opsDirectory().resolve("config/holdfast.properties");
    }

    static Path launcher()
    {
        return opsDirectory().resolve("bin/holdfast");
    }

    static Path jar()
    {
        return opsDirectory().resolve("target/holdfast-ops.jar");
    }
}
