package io.holdfast.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution archive {@code mvn package} builds, {@code ops/target/holdfast-VERSION.tar.gz}, listed and
 * unpacked with the system's {@code tar} as an operator would, for the integration tests that run what it holds.
 */
final class DistributionArchive
{
    private static final String POM_PROPERTIES = "META-INF/maven/io.holdfast/holdfast-ops/pom.properties";

    private DistributionArchive()
    {
    }

    /**
     * @return the project version, as the packaged jar records it.
     */
    static String version() throws IOException
    {
        try (JarFile jar = new JarFile(OpsFiles.jar().toFile()))
        {
            assertNotNull(jar.getEntry(POM_PROPERTIES), POM_PROPERTIES + " missing from " + OpsFiles.jar());
            final Properties properties = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry(POM_PROPERTIES)))
            {
                properties.load(in);
            }
            return properties.getProperty("version");
        }
    }

    /**
     * @return the one folder the archive holds, {@code holdfast-VERSION}.
     */
    static String folderName() throws IOException
    {
        return "holdfast-" + version();
    }

    /**
     * @return the archive, failing the test when {@code package} has not built it.
     */
    static Path file() throws IOException
    {
        final Path archive = OpsFiles.opsDirectory().resolve("target/" + folderName() + ".tar.gz");
        assertTrue(Files.isRegularFile(archive),
            archive + " is missing: run this test with `mvn verify`, which packages before integration tests");
        return archive;
    }

    /**
     * @return the path of every entry in the archive, as {@code tar} lists it.
     */
    static List<String> entries() throws Exception
    {
        final ExternalTool.Output listing = ExternalTool.run("", tar(), "-tzf", file().toString());
        listing.assertSucceeded("tar -tzf");
        return listing.text().lines().toList();
    }

    /**
     * Unpack the archive into a folder.
     *
     * @return the unpacked {@code holdfast-VERSION} folder, its real path.
     */
    static Path unpack(final Path into) throws Exception
    {
        ExternalTool.run("", tar(), "-xzf", file().toString(), "-C", into.toString()).assertSucceeded("tar -xzf");
        final Path home = into.resolve(folderName());
        assertTrue(Files.isDirectory(home), "no " + folderName() + " folder in the archive");
        return home.toRealPath();
    }

    private static Path tar()
    {
        return ExternalTool.require("tar", "tar");
    }
}
