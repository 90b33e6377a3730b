package io.holdfast.ops;

import io.holdfast.engine.JdkWebSocketClient;
import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution archive as an operator gets it: one {@code holdfast-VERSION} folder holding the launcher, the
 * bundled config, every jar, the systemd unit and a README; unpacked into a folder of its own, its launcher serves,
 * echoes and stops on SIGTERM with no Maven on {@code PATH} and no source tree around it, and reads its own config.
 */
@Timeout(value = 60, unit = SECONDS)
final class DistributionIT
{
    /** What the launcher calls besides builtins and the JDK: the only commands the PATH of these tests holds. */
    private static final List<String> LAUNCHER_COMMANDS = List.of("bash", "dirname", "readlink");
    private static final List<String> SHIPPED_FROM_OPS = List.of("bin/holdfast", "config/holdfast.properties",
        "config/holdfast.jfc", "config/jvm.options", "config/jvm-tuning.options", "systemd/holdfast.service",
        "systemd/holdfast.env");

    @TempDir
    Path directory;

    @Test
    void shouldHoldOneFolderWithTheLauncherConfigJarsUnitAndReadme() throws Exception
    {
        final String folder = DistributionArchive.folderName();
        for (final String entry : DistributionArchive.entries())
        {
            assertTrue(entry.startsWith(folder + "/") && !entry.contains(".."), "outside " + folder + ": " + entry);
        }
        final Path unpacked = Files.createDirectory(directory.resolve("unpacked"));
        final Path home = DistributionArchive.unpack(unpacked);
        try (Stream<Path> top = Files.list(unpacked))
        {
            assertEquals(List.of(folder), top.map((path) -> path.getFileName().toString()).toList());
        }

        for (final String file : SHIPPED_FROM_OPS)
        {
            assertArrayEquals(Files.readAllBytes(OpsFiles.opsDirectory().resolve(file)),
                Files.readAllBytes(home.resolve(file)), file + " differs from ops/" + file);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/holdfast")), "bin/holdfast is not executable");
        assertEquals(runtimeJars(), fileNames(home.resolve("lib")));

        final String readme = Files.readString(home.resolve("README"), StandardCharsets.UTF_8);
        assertEquals("holdfast " + DistributionArchive.version(), readme.lines().findFirst().orElse(""));
        assertFalse(readme.contains("${"), "README has an unfiltered property");
        try (Stream<Path> files = Files.list(home))
        {
            assertEquals(Set.of("README", "bin", "config", "lib", "systemd"),
                Set.copyOf(files.map((path) -> path.getFileName().toString()).toList()));
        }
    }

    @Test
    void shouldServeFromAnUnpackedCopyWithNoMavenAndNoSourceTree() throws Exception
    {
        final Path home = DistributionArchive.unpack(directory);
        final Path workingDirectory = Files.createDirectory(directory.resolve("elsewhere"));
        final Path recording = directory.resolve("recording.jfr");

        try (HoldfastProcess holdfast = HoldfastProcess.startElsewhere(directory, home.resolve("bin/holdfast"),
            workingDirectory, launcherOnlyPath(), "serve", "--jfr", recording.toString(), HoldfastProcess.LOOPBACK,
            HoldfastProcess.ANY_PORT, HoldfastProcess.NO_STATUS, "holdfast.admin.port=0",
            "holdfast.dir=" + directory.resolve("run")))
        {
            final int port = holdfast.awaitPort();
            final JdkWebSocketClient client = JdkWebSocketClient.connect(HoldfastProcess.uri(port, "/ws"));
            assertEquals("from the archive", client.roundTrip("from the archive"));
            client.closeNormally();

            assertEquals(Main.EXIT_OK, holdfast.terminate(), holdfast.stderr());
            holdfast.assertNoStackTraceOrWorkerError();
        }
        // Written with the archive's config/holdfast.jfc, which serve finds beside its jar as it does the config.
        assertTrue(Files.size(recording) > 0, "no JFR recording");
    }

    @Test
    void shouldReadTheBundledConfigOfTheArchiveThroughALinkOnPath() throws Exception
    {
        final Path home = DistributionArchive.unpack(directory);
        final Path bin = Files.createDirectory(directory.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("holdfast"), home.resolve("bin/holdfast"));
        final Path bundled = home.resolve("config/holdfast.properties");
        final List<String> bundledLines = Files.readAllLines(bundled, StandardCharsets.UTF_8);
        final int portLine = bundledLines.indexOf("holdfast.listen.port=8080") + 1;

        final Result result;
        try (HoldfastProcess holdfast = HoldfastProcess.startElsewhere(directory, bin.resolve("holdfast"),
            Files.createDirectory(directory.resolve("elsewhere")), bin + ":" + launcherOnlyPath(), "config"))
        {
            result = holdfast.awaitResult();
        }

        assertEquals(Main.EXIT_OK, result.status(), result.stderr());
        final String[] row = result.stdout().stream()
            .filter((line) -> line.startsWith("holdfast.listen.port "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no holdfast.listen.port in " + result.stdout()))
            .trim()
            .split("\\s+");
        assertEquals(List.of("holdfast.listen.port", "8080", bundled + ":" + portLine), Arrays.asList(row));
    }

    /**
     * @return a PATH of links to the commands the launcher needs and nothing else: no mvn, no java (JAVA_HOME is).
     */
    private String launcherOnlyPath() throws Exception
    {
        final Path tools = Files.createDirectory(directory.resolve("tools"));
        for (final String command : LAUNCHER_COMMANDS)
        {
            Files.createSymbolicLink(tools.resolve(command), ExternalTool.require(command, "bash and coreutils"));
        }
        return tools.toString();
    }

    /**
     * @return holdfast-ops.jar and the jars its manifest names: what {@code mvn package} resolved for run time.
     */
    private static Set<String> runtimeJars() throws Exception
    {
        final Set<String> jars = new TreeSet<>();
        jars.add(OpsFiles.jar().getFileName().toString());
        try (JarFile jar = new JarFile(OpsFiles.jar().toFile()))
        {
            final String classPath = jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            for (final String entry : classPath.trim().split("\\s+"))
            {
                jars.add(Path.of(entry).getFileName().toString());
            }
        }
        return jars;
    }

    private static Set<String> fileNames(final Path folder) throws Exception
    {
        try (Stream<Path> files = Files.list(folder))
        {
            return new TreeSet<>(files.map((path) -> path.getFileName().toString()).toList());
        }
    }
}
