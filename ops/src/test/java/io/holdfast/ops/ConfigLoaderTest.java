package io.holdfast.ops;

import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.HeartbeatReply;
import io.holdfast.engine.IdleStrategyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which source wins (bundled file, --config files in order, -Dholdfast.* properties, key=value arguments), the
 * line format of config files, the messages a bad configuration gets, and that the bundled file documents every
 * key the code knows.
 */
final class ConfigLoaderTest
{
    private static final Pattern KEY_LINE = Pattern.compile("^#?\\s*(holdfast\\.[a-z.]+)\\s*=");

    @TempDir
    Path directory;

    @Test
    void shouldReadTheBundledFileWhenNoConfigFileIsGiven() throws Exception
    {
        final EngineConfig config = load(List.of(), OpsFiles.bundledConfig(), new Properties());

        // The bundled file says it shows every key with its default.
        assertEquals(EngineConfig.DEFAULT_LISTEN_ADDRESS, config.listenAddress());
        assertEquals(EngineConfig.DEFAULT_LISTEN_PORT, config.listenPort());
        assertEquals(EngineConfig.DEFAULT_LISTEN_BACKLOG, config.listenBacklog());
        assertEquals(EngineConfig.DEFAULT_PATH, config.path());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.workers());
        assertEquals(EngineConfig.DEFAULT_IDLE_STRATEGY, config.idleStrategy());
        assertEquals(EngineConfig.DEFAULT_MAX_MESSAGE, config.maxMessage());
        assertEquals(EngineConfig.DEFAULT_MAX_FRAME, config.maxFrame());
        assertEquals(EngineConfig.DEFAULT_MAX_HEADER, config.maxHeader());
        assertEquals(EngineConfig.DEFAULT_MAX_CONNECTIONS, config.maxConnections());
        assertEquals(List.of(), config.subprotocols());
        assertEquals(EngineConfig.DEFAULT_HEARTBEAT_REPLY, config.heartbeatReply());
    }

    @Test
    void shouldNotReadTheBundledFileWhenAConfigFileIsGiven() throws Exception
    {
        final Path bundled = file("bundled.properties", "holdfast.listen.port=not a port");
        final Path given = file("given.properties", "holdfast.path=/given");

        final EngineConfig config = load(List.of(given), bundled, new Properties());

        assertEquals("/given", config.path());
        assertEquals(EngineConfig.DEFAULT_LISTEN_PORT, config.listenPort());
    }

    @Test
    void shouldLetLaterConfigFilesWin() throws Exception
    {
        final Path first = file("first.properties", "holdfast.listen.port=1000", "holdfast.path=/first");
        final Path second = file("second.properties", "holdfast.listen.port=2000");

        final EngineConfig config = load(List.of(first, second), OpsFiles.bundledConfig(), new Properties());

        assertEquals(2000, config.listenPort());
        assertEquals("/first", config.path());
    }

    @Test
    void shouldLetSystemPropertiesWinOverFiles() throws Exception
    {
        final Path file = file("server.properties", "holdfast.listen.port=1000", "holdfast.workers=1");
        final Properties properties = new Properties();
        properties.setProperty("holdfast.listen.port", "2000");
        properties.setProperty("holdfast.idle.strategy", "busy-spin");
        properties.setProperty("user.name", "not a holdfast key");

        final EngineConfig config = load(List.of(file), OpsFiles.bundledConfig(), properties);

        assertEquals(2000, config.listenPort());
        assertEquals(IdleStrategyType.BUSY_SPIN, config.idleStrategy());
        assertEquals(1, config.workers());
    }

    @Test
    void shouldLetArgumentsWinOverEverything() throws Exception
    {
        final Path file = file("server.properties", "holdfast.listen.port=1000", "holdfast.path=/file");
        final Properties properties = new Properties();
        properties.setProperty("holdfast.listen.port", "2000");
        properties.setProperty("holdfast.path", "/property");

        final List<String> arguments =
            List.of("holdfast.listen.port=3000", "holdfast.listen.port=4000", "holdfast.heartbeat.reply=both");
        final EngineConfig config =
            ConfigLoader.load(List.of(file), OpsFiles.bundledConfig(), properties, arguments).engine();

        assertEquals(4000, config.listenPort());
        assertEquals("/property", config.path());
        assertEquals(HeartbeatReply.BOTH, config.heartbeatReply());
    }

    @Test
    void shouldIgnoreCommentsAndBlankLines() throws Exception
    {
        final Path file = file("server.properties",
            "# holdfast.listen.port=not a port",
            "! holdfast.path=no slash",
            "   # indented comment",
            "",
            "   \t ",
            "holdfast.listen.port=1234");

        assertEquals(1234, load(List.of(file), OpsFiles.bundledConfig(), new Properties()).listenPort());
    }

    @Test
    void shouldTrimSpacesAroundKeysAndValues() throws Exception
    {
        final Path file = file("server.properties",
            "  holdfast.listen.port = 1234  ",
            "\tholdfast.path =  /spaced",
            "holdfast.max.frame=\t64KiB ",
            "holdfast.subprotocols = chat , superchat ");

        final EngineConfig config = load(List.of(file), OpsFiles.bundledConfig(), new Properties());

        assertEquals(1234, config.listenPort());
        assertEquals("/spaced", config.path());
        assertEquals(64 << 10, config.maxFrame());
        assertEquals(List.of("chat", "superchat"), config.subprotocols());
    }

    @Test
    void shouldNameFileLineKeyAndFormForABadValue() throws Exception
    {
        final Path file = file("server.properties", "# sizes", "holdfast.max.header=16KiB", "holdfast.max.frame=lots");

        final String message = loadFailure(List.of(file), new Properties(), List.of());

        assertEquals(file + ":3: holdfast.max.frame=lots is not valid; expected a size from 125 to 2147483583 bytes, " +
            "such as 512, 64KiB or 4MiB", message);
    }

    @Test
    void shouldNameFileLineAndKnownKeysForAnUnknownKey() throws Exception
    {
        final Path file = file("server.properties", "holdfast.lsten.port=1");

        final String message = loadFailure(List.of(file), new Properties(), List.of());

        assertTrue(message.startsWith(file + ":1: unknown key 'holdfast.lsten.port'; known keys: ["), message);
        assertTrue(message.contains("holdfast.listen.port"), message);
    }

    @Test
    void shouldNameFileLineForALineWithoutEquals() throws Exception
    {
        final Path file = file("server.properties", "holdfast.listen.port=1", "holdfast.workers 2");

        final String message = loadFailure(List.of(file), new Properties(), List.of());

        assertEquals(file + ":2: expected key=value, such as holdfast.listen.port=8080", message);
    }

    @Test
    void shouldNameAMissingConfigFile()
    {
        final Path missing = directory.resolve("missing.properties");

        final String message = loadFailure(List.of(missing), new Properties(), List.of());

        assertTrue(message.startsWith("cannot read config file " + missing), message);
    }

    @Test
    void shouldNameTheSystemPropertyForABadValue()
    {
        final Properties properties = new Properties();
        properties.setProperty("holdfast.workers", "all");

        final String message = loadFailure(List.of(), properties, List.of());

        assertEquals("system property -Dholdfast.workers: holdfast.workers=all is not valid; " +
            "expected a whole number from 1 to 1024", message);
    }

    @Test
    void shouldRejectAnUnknownHoldfastSystemProperty()
    {
        final Properties properties = new Properties();
        properties.setProperty("holdfast.lsten.port", "1");

        final String message = loadFailure(List.of(), properties, List.of());

        assertTrue(message.startsWith("system property -Dholdfast.lsten.port: unknown key"), message);
    }

    @Test
    void shouldNameTheArgumentForABadValue()
    {
        final String message = loadFailure(List.of(), new Properties(), List.of("holdfast.idle.strategy=spin"));

        assertEquals("command line argument 'holdfast.idle.strategy=spin': holdfast.idle.strategy=spin is not " +
            "valid; expected one of backoff busy-spin yielding sleeping", message);
    }

    @Test
    void shouldRejectBadPathsAddressesAndSubprotocols()
    {
        for (final String argument : List.of(
            "holdfast.path=ws", "holdfast.path=/ws?x=1", "holdfast.path=/a b", "holdfast.listen.address= ",
            "holdfast.subprotocols=chat,,json", "holdfast.subprotocols=chat v2", "holdfast.subprotocols=a/b"))
        {
            final String message = loadFailure(List.of(), new Properties(), List.of(argument));
            assertTrue(message.contains("is not valid; expected"), argument + " -> " + message);
        }
    }

    @Test
    void shouldRejectValuesThatContradictEachOther()
    {
        final String message = loadFailure(
            List.of(), new Properties(), List.of("holdfast.max.frame=64KiB", "holdfast.max.message=1KiB"));

        assertEquals("configuration is not valid: max message must be in 65536..2147483583: 1024", message);
    }

    @Test
    void shouldDocumentEveryKeyInTheBundledFile() throws IOException
    {
        final Set<String> documented = new TreeSet<>();
        for (final String line : Files.readAllLines(OpsFiles.bundledConfig(), StandardCharsets.UTF_8))
        {
            final Matcher matcher = KEY_LINE.matcher(line.trim());
            if (matcher.find())
            {
                documented.add(matcher.group(1));
            }
        }

        final Set<String> known = new TreeSet<>();
        ServerSettings.keys().forEach(known::add);
        final Set<String> undocumented = new TreeSet<>(known);
        undocumented.removeAll(documented);
        final Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(known);

        assertEquals(Set.of(), undocumented, "keys missing from " + OpsFiles.bundledConfig());
        assertEquals(Set.of(), unknown, "keys in " + OpsFiles.bundledConfig() + " that the code does not know");
    }

    private static EngineConfig load(final List<Path> files, final Path bundled, final Properties properties)
        throws ConfigException
    {
        return ConfigLoader.load(files, bundled, properties, List.of()).engine();
    }

    private static String loadFailure(final List<Path> files, final Properties properties, final List<String> args)
    {
        return assertThrows(
            ConfigException.class, () -> ConfigLoader.load(files, OpsFiles.bundledConfig(), properties, args))
            .getMessage();
    }

    private Path file(final String name, final String... lines) throws IOException
    {
        return Files.write(directory.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }
}
