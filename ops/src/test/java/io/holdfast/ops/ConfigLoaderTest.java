package io.holdfast.ops;

import io.holdfast.engine.AuthMode;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.EngineConfiguration;
import io.holdfast.engine.HeartbeatReply;
import io.holdfast.engine.IdleStrategyType;
import io.holdfast.engine.SlowConsumerPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which source wins (defaults, bundled file, --config files in order, -Dholdfast.* properties, key=value
 * arguments) and the origin each value keeps; the line format of config files; the messages a bad configuration
 * gets, with the closest key suggested for an unknown one; and that the bundled file and the built-in defaults
 * do not drift apart.
 */
final class ConfigLoaderTest
{
    @TempDir
    Path directory;

    @Test
    void shouldReadTheBundledFileWhenNoConfigFileIsGiven() throws Exception
    {
        final Map<String, ServerSettings.Value<?>> values = read(List.of(), new Properties(), List.of());

        final Path bundled = OpsFiles.bundledConfig();
        final List<String> lines = Files.readAllLines(bundled, StandardCharsets.UTF_8);
        for (final ServerSettings.Value<?> value : values.values())
        {
            final String origin = value.origin();
            assertTrue(origin.matches(".*holdfast\\.properties:\\d+"), value.key() + " from " + origin);
            final int line = Integer.parseInt(origin.substring(origin.lastIndexOf(':') + 1));
            assertTrue(lines.get(line - 1).startsWith(value.key() + "="), origin + " holds " + lines.get(line - 1));
        }
    }

    @Test
    void shouldStartFromTheEngineDefaultsWhenTheBundledFileIsEmpty() throws Exception
    {
        final Path empty = file("empty.properties");

        final ServerConfig config = ConfigLoader.load(List.of(), empty, new Properties(), List.of());

        final EngineConfig engine = config.engine();
        final EngineConfig defaults = new EngineConfig();
        assertEquals(defaults.listenAddress(), engine.listenAddress());
        assertEquals(EngineConfiguration.LISTEN_PORT_DEFAULT, engine.listenPort());
        assertEquals(EngineConfiguration.LISTEN_BACKLOG_DEFAULT, engine.listenBacklog());
        assertEquals(EngineConfiguration.PATH_DEFAULT, engine.path());
        assertEquals(EngineConfiguration.workersDefault(), engine.workers());
        assertEquals(EngineConfiguration.IDLE_STRATEGY_DEFAULT, engine.idleStrategy());
        assertEquals(EngineConfiguration.MAX_MESSAGE_DEFAULT, engine.maxMessage());
        assertEquals(EngineConfiguration.MAX_FRAME_DEFAULT, engine.maxFrame());
        assertEquals(EngineConfiguration.MAX_HEADER_DEFAULT, engine.maxHeader());
        assertEquals(EngineConfiguration.MAX_CONNECTIONS_AUTO, engine.maxConnections());
        assertEquals(EngineConfiguration.MAX_PENDING_DEFAULT, engine.maxPending());
        assertEquals(EngineConfiguration.MAX_PENDING_TOTAL_DEFAULT, engine.maxPendingTotal());
        assertEquals(EngineConfiguration.IDLE_TIMEOUT_DEFAULT_MS, engine.idleTimeoutMs());
        assertEquals(EngineConfiguration.SERVER_PING_INTERVAL_DEFAULT_MS, engine.serverPingIntervalMs());
        assertEquals(EngineConfiguration.HANDSHAKE_TIMEOUT_DEFAULT_MS, engine.handshakeTimeoutMs());
        assertEquals(EngineConfiguration.CLOSE_TIMEOUT_DEFAULT_MS, engine.closeTimeoutMs());
        assertEquals(EngineConfiguration.SHUTDOWN_TIMEOUT_DEFAULT_MS, engine.shutdownTimeoutMs());
        assertEquals(EngineConfiguration.SUBPROTOCOLS_DEFAULT, engine.subprotocols());
        assertEquals(EngineConfiguration.HEARTBEAT_REPLY_DEFAULT, engine.heartbeatReply());
        assertEquals(EngineConfiguration.DUTY_CYCLE_THRESHOLD_DEFAULT_NS, engine.dutyCycleThresholdNs());
        assertEquals(EngineConfiguration.SLOW_CONSUMER_DEFAULT, engine.slowConsumer());
        assertEquals(EngineConfiguration.MAX_TOPICS_DEFAULT, engine.maxTopics());
        assertEquals(EngineConfiguration.MAX_SUBSCRIPTIONS_PER_CONNECTION_DEFAULT,
            engine.maxSubscriptionsPerConnection());
        assertEquals(EngineConfiguration.MAX_REQUEST_ERRORS_DEFAULT, engine.maxRequestErrors());
        assertEquals(EngineConfiguration.ALLOWED_ORIGINS_DEFAULT, engine.allowedOrigins());
        assertEquals(EngineConfiguration.REQUIRE_ORIGIN_DEFAULT, engine.requireOrigin());
        assertEquals(EngineConfiguration.MAX_CONNECTIONS_PER_ADDRESS_DEFAULT, engine.maxConnectionsPerAddress());
        assertEquals(EngineConfiguration.HANDSHAKE_RATE_PER_ADDRESS_DEFAULT, engine.handshakeRatePerAddress());
        assertEquals(EngineConfiguration.HANDSHAKE_BURST_PER_ADDRESS_DEFAULT, engine.handshakeBurstPerAddress());
        assertEquals(EngineConfiguration.MAX_INBOUND_MESSAGES_RATE_DEFAULT, engine.maxInboundMessagesRate());
        assertEquals(EngineConfiguration.MAX_INBOUND_MESSAGES_BURST_DEFAULT, engine.maxInboundMessagesBurst());
        assertEquals(EngineConfiguration.MAX_INBOUND_BYTES_RATE_DEFAULT, engine.maxInboundBytesRate());
        assertEquals(EngineConfiguration.MAX_INBOUND_BYTES_BURST_DEFAULT, engine.maxInboundBytesBurst());
        assertEquals(EngineConfiguration.MAX_INBOUND_PINGS_RATE_DEFAULT, engine.maxInboundPingsRate());
        assertEquals(EngineConfiguration.MAX_INBOUND_PINGS_BURST_DEFAULT, engine.maxInboundPingsBurst());
        assertEquals(OpsConfiguration.HANDLER_DEFAULT, config.handler());
        assertEquals(OpsConfiguration.defaultDirectory(), config.directory());
        assertEquals(OpsConfiguration.ADMIN_ENABLED_DEFAULT, config.adminEnabled());
        assertEquals(OpsConfiguration.ADMIN_ADDRESS_DEFAULT, config.adminAddress());
        assertEquals(OpsConfiguration.ADMIN_PORT_DEFAULT, config.adminPort());
        assertEquals(OpsConfiguration.STATUS_INTERVAL_DEFAULT_MS, config.statusIntervalMs());
        assertEquals(null, config.adminTokenFile());
        for (final ServerSettings.Value<?> value : ConfigLoader.read(List.of(), empty, new Properties(), List.of()))
        {
            assertEquals(ConfigLoader.DEFAULT_ORIGIN, value.origin(), value.key());
        }
    }

    @Test
    void shouldHoldEveryKnownKeyWithItsDefaultCommentedInTheBundledFile() throws IOException
    {
        final Map<String, String> fileValues = new TreeMap<>();
        final List<String> lines = Files.readAllLines(OpsFiles.bundledConfig(), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).trim();
            if (!line.isEmpty() && !line.startsWith("#"))
            {
                final String key = line.substring(0, line.indexOf('='));
                assertFalse(fileValues.containsKey(key), key + " appears twice");
                fileValues.put(key, line.substring(line.indexOf('=') + 1));
                assertTrue(lines.get(i - 1).startsWith("#"), key + " has no comment above it");
            }
        }

        final Set<String> known = new TreeSet<>();
        ServerSettings.all().forEach(setting -> known.add(setting.key()));
        assertEquals(known, fileValues.keySet(), "keys of " + OpsFiles.bundledConfig() + " and of the code");
        for (final ServerSettings.Setting<?> setting : ServerSettings.all())
        {
            assertEquals(setting.defaultValue(), setting.parse(fileValues.get(setting.key())),
                setting.key() + " in " + OpsFiles.bundledConfig() + " is not its built-in default");
        }
    }

    @Test
    void shouldWriteEveryDefaultInAFormThatReadsBack()
    {
        for (final ServerSettings.Setting<?> setting : ServerSettings.all())
        {
            assertReadsBack(setting);
        }
    }

    @Test
    void shouldNotReadTheBundledFileWhenAConfigFileIsGiven() throws Exception
    {
        final Path bundled = file("bundled.properties", "holdfast.listen.port=not a port");
        final Path given = file("given.properties", "holdfast.path=/given");

        final EngineConfig config = ConfigLoader.load(List.of(given), bundled, new Properties(), List.of()).engine();

        assertEquals("/given", config.path());
        assertEquals(EngineConfiguration.LISTEN_PORT_DEFAULT, config.listenPort());
    }

    @Test
    void shouldLetLaterConfigFilesWin() throws Exception
    {
        final Path first = file("first.properties", "holdfast.listen.port=1000", "holdfast.path=/first");
        final Path second = file("second.properties", "holdfast.listen.port=2000");

        final Map<String, ServerSettings.Value<?>> values = read(List.of(first, second), new Properties(), List.of());

        assertValue(values, "holdfast.listen.port", "2000", second + ":1");
        assertValue(values, "holdfast.path", "/first", first + ":2");
        assertValue(values, "holdfast.workers", "auto", ConfigLoader.DEFAULT_ORIGIN);
    }

    @Test
    void shouldLetSystemPropertiesWinOverFiles() throws Exception
    {
        final Path file = file("server.properties", "holdfast.listen.port=1000", "holdfast.workers=1");
        final Properties properties = new Properties();
        properties.setProperty("holdfast.listen.port", "2000");
        properties.setProperty("holdfast.idle.strategy", "busy-spin");
        properties.setProperty("user.name", "not a holdfast key");

        final Map<String, ServerSettings.Value<?>> values = read(List.of(file), properties, List.of());
        final EngineConfig config = ConfigLoader.configure(new ArrayList<>(values.values())).engine();

        assertEquals(2000, config.listenPort());
        assertEquals(IdleStrategyType.BUSY_SPIN, config.idleStrategy());
        assertEquals(1, config.workers());
        assertValue(values, "holdfast.listen.port", "2000", "-Dholdfast.listen.port");
        assertValue(values, "holdfast.idle.strategy", "busy-spin", "-Dholdfast.idle.strategy");
        assertValue(values, "holdfast.workers", "1", file + ":2");
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
        assertValue(read(List.of(file), properties, arguments), "holdfast.listen.port", "4000",
            ConfigLoader.ARGUMENT_ORIGIN);
    }

    @Test
    void shouldWriteEachValueInFileForm() throws Exception
    {
        final Map<String, ServerSettings.Value<?>> values = read(List.of(), new Properties(), List.of(
            "holdfast.max.message=1048576", "holdfast.max.pending=1049600", "holdfast.idle.timeout=120000ms",
            "holdfast.duty.cycle.threshold=1000us", "holdfast.idle.strategy=BUSY_SPIN",
            "holdfast.subprotocols= chat , json ", "holdfast.workers= 2 ", "holdfast.admin.enabled=false"));

        assertEquals("1MiB", values.get("holdfast.max.message").text());
        assertEquals("1025KiB", values.get("holdfast.max.pending").text());
        assertEquals("2m", values.get("holdfast.idle.timeout").text());
        assertEquals("1ms", values.get("holdfast.duty.cycle.threshold").text());
        assertEquals("busy-spin", values.get("holdfast.idle.strategy").text());
        assertEquals("chat,json", values.get("holdfast.subprotocols").text());
        assertEquals("2", values.get("holdfast.workers").text());
        assertEquals("false", values.get("holdfast.admin.enabled").text());
        assertEquals("auto", values.get("holdfast.max.connections").text());
        assertEquals("auto", values.get("holdfast.dir").text());
    }

    @Test
    void shouldConfigureTheProcessAroundTheEngine() throws Exception
    {
        final Path counters = directory.resolve("counters");

        final ServerConfig config = ConfigLoader.load(List.of(), OpsFiles.bundledConfig(), new Properties(), List.of(
            "holdfast.dir=" + counters, "holdfast.admin.enabled=false", "holdfast.admin.address=0.0.0.0",
            "holdfast.admin.port=0", "holdfast.status.interval=0", "holdfast.duty.cycle.threshold=500us"));

        assertEquals(counters, config.directory());
        assertFalse(config.adminEnabled());
        assertEquals("0.0.0.0", config.adminAddress());
        assertEquals(0, config.adminPort());
        assertEquals(0, config.statusIntervalMs());
        assertEquals(500_000, config.engine().dutyCycleThresholdNs());
    }

    @Test
    void shouldConfigureTopicsSlowConsumersAndTheHandler() throws Exception
    {
        final Path file = file("server.properties", "holdfast.handler=pubsub", "holdfast.max.topics=1000");

        final ServerConfig config = ConfigLoader.load(List.of(file), OpsFiles.bundledConfig(), new Properties(),
            List.of("holdfast.slow.consumer=DROP", "holdfast.max.subscriptions.per.connection=65536",
                "holdfast.max.request.errors=0"));

        assertEquals(HandlerType.PUBSUB, config.handler());
        assertEquals(SlowConsumerPolicy.DROP, config.engine().slowConsumer());
        assertEquals(1000, config.engine().maxTopics());
        assertEquals(65_536, config.engine().maxSubscriptionsPerConnection());
        assertEquals(0, config.engine().maxRequestErrors());
        final Map<String, ServerSettings.Value<?>> values = read(List.of(file), new Properties(),
            List.of("holdfast.slow.consumer=DROP"));
        assertValue(values, "holdfast.handler", "pubsub", file + ":1");
        assertValue(values, "holdfast.slow.consumer", "drop", ConfigLoader.ARGUMENT_ORIGIN);
        assertValue(values, "holdfast.max.topics", "1000", file + ":2");
        assertValue(values, "holdfast.max.request.errors", "100", ConfigLoader.DEFAULT_ORIGIN);
    }

    @Test
    void shouldNameTheFormOfEachBadTopicSlowConsumerOrHandlerValue() throws Exception
    {
        assertEquals("command line: holdfast.handler=chat is not valid; expected one of echo pubsub",
            argumentFailure("holdfast.handler=chat"));
        assertEquals("command line: holdfast.slow.consumer=block is not valid; expected one of close drop",
            argumentFailure("holdfast.slow.consumer=block"));
        assertEquals("command line: holdfast.max.topics=0 is not valid; expected a whole number from 1 to 1048576",
            argumentFailure("holdfast.max.topics=0"));
        assertEquals("command line: holdfast.max.topics=1048577 is not valid; expected a whole number from 1 to " +
            "1048576", argumentFailure("holdfast.max.topics=1048577"));
        assertEquals("command line: holdfast.max.subscriptions.per.connection=65537 is not valid; expected a whole " +
            "number from 1 to 65536", argumentFailure("holdfast.max.subscriptions.per.connection=65537"));
        assertEquals("-Dholdfast.max.request.errors: holdfast.max.request.errors=-1 is not valid; expected a whole " +
            "number from 0 to 2147483647", loadFailure(List.of(), properties("holdfast.max.request.errors", "-1"),
            List.of()));
        final Path file = file("server.properties", "# topics", "holdfast.max.topics=many");
        assertEquals(file + ":2: holdfast.max.topics=many is not valid; expected a whole number from 1 to 1048576",
            loadFailure(List.of(file), new Properties(), List.of()));
    }

    @Test
    void shouldSuggestTheNewKeysForSlips()
    {
        assertEquals("command line: unknown key 'holdfast.max.subscription.per.connection'; did you mean " +
            "holdfast.max.subscriptions.per.connection?",
            argumentFailure("holdfast.max.subscription.per.connection=8"));
        assertEquals("command line: unknown key 'holdfast.topics.max'; did you mean holdfast.max.topics?",
            argumentFailure("holdfast.topics.max=8"));
        assertEquals("command line: unknown key 'holdfast.handlr'; did you mean holdfast.handler?",
            argumentFailure("holdfast.handlr=pubsub"));
    }

    @Test
    void shouldTakeAutoForWorkersAndMaxConnections() throws Exception
    {
        final EngineConfig config = ConfigLoader.load(List.of(), OpsFiles.bundledConfig(), new Properties(),
            List.of("holdfast.workers=3", "holdfast.max.connections=10", "holdfast.workers=auto",
                "holdfast.max.connections=auto")).engine();

        assertEquals(Runtime.getRuntime().availableProcessors(), config.workers());
        assertEquals(EngineConfiguration.MAX_CONNECTIONS_AUTO, config.maxConnections());
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
            "\uFEFFholdfast.listen.port=1234");

        assertEquals(1234, load(List.of(file)).listenPort());
    }

    @Test
    void shouldTrimSpacesAroundKeysAndValues() throws Exception
    {
        final Path file = file("server.properties",
            "  holdfast.listen.port = 1234  ",
            "\tholdfast.path =  /spaced",
            "holdfast.max.frame=\t64KiB ",
            "holdfast.subprotocols = chat , superchat ");

        final EngineConfig config = load(List.of(file));

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

        assertEquals(file + ":3: holdfast.max.frame=lots is not valid; expected a size from 125 to 2147483583, " +
            "such as 512, 64KiB or 4MiB", message);
    }

    @Test
    void shouldNameTheFormOfEachKindOfValue()
    {
        assertEquals("command line: holdfast.admin.enabled=yes is not valid; expected true or false",
            argumentFailure("holdfast.admin.enabled=yes"));
        assertEquals("command line: holdfast.idle.timeout=10 is not valid; expected a duration such as 250ms, 30s, " +
            "5m or 1h (0 for none)", argumentFailure("holdfast.idle.timeout=10"));
        assertEquals("command line: holdfast.handshake.timeout=0 is not valid; expected a duration such as 250ms, " +
            "30s, 5m or 1h, from 1ms to 720h",
            argumentFailure("holdfast.handshake.timeout=0"));
        assertEquals("command line: holdfast.duty.cycle.threshold=1ns is not valid; expected a duration such as " +
            "500us, 1ms or 2ms", argumentFailure("holdfast.duty.cycle.threshold=1ns"));
        assertEquals("command line: holdfast.max.connections=none is not valid; expected auto or a whole number " +
            "from 1 to 2147483647", argumentFailure("holdfast.max.connections=none"));
        assertEquals("command line: holdfast.dir= is not valid; expected auto or a folder path",
            argumentFailure("holdfast.dir="));
    }

    @Test
    void shouldNameTheSystemPropertyForABadValue()
    {
        final Properties properties = new Properties();
        properties.setProperty("holdfast.workers", "all");

        final String message = loadFailure(List.of(), properties, List.of());

        assertEquals("-Dholdfast.workers: holdfast.workers=all is not valid; " +
            "expected auto or a whole number from 1 to 1024", message);
    }

    @Test
    void shouldNameTheArgumentForABadValue()
    {
        final String message = argumentFailure("holdfast.idle.strategy=spin");

        assertEquals("command line: holdfast.idle.strategy=spin is not valid; " +
            "expected one of backoff busy-spin yielding sleeping blocking", message);
    }

    @Test
    void shouldSuggestTheClosestKeyForAnUnknownKeyInAFile() throws Exception
    {
        final Path file = file("server.properties", "holdfast.listen.port=1", "holdfast.idle.timout=30s");

        final String message = loadFailure(List.of(file), new Properties(), List.of());

        assertEquals(file + ":2: unknown key 'holdfast.idle.timout'; did you mean holdfast.idle.timeout?", message);
    }

    @Test
    void shouldSuggestTheClosestKeyForAnUnknownSystemProperty()
    {
        final Properties properties = new Properties();
        properties.setProperty("holdfast.lsten.port", "1");

        final String message = loadFailure(List.of(), properties, List.of());

        assertEquals("-Dholdfast.lsten.port: unknown key 'holdfast.lsten.port'; did you mean holdfast.listen.port?",
            message);
    }

    @ParameterizedTest
    @CsvSource({
        "holdfast.max.mesage, holdfast.max.message",
        "holdfast.max_message, holdfast.max.message",
        "holdfast.maxconnections, holdfast.max.connections",
        "holdfast.Listen.Port, holdfast.listen.port",
        "listen.port, holdfast.listen.port",
        "holdfast.timeout.idle, holdfast.idle.timeout",
        "holdfast.admin.enable, holdfast.admin.enabled",
        "holdfast.duty.cycle.treshold, holdfast.duty.cycle.threshold",
        "holdfast.worker, holdfast.workers"})
    void shouldSuggestAKeyThatIsASlipAway(final String written, final String suggested)
    {
        final String message = argumentFailure(written + "=1");

        assertEquals("command line: unknown key '" + written + "'; did you mean " + suggested + "?", message);
    }

    @Test
    void shouldSuggestNothingForAKeyFarFromEveryKnownOne()
    {
        final String message = argumentFailure("holdfast.colour=blue");

        assertEquals("command line: unknown key 'holdfast.colour'; `holdfast config` lists every key", message);
    }

    @Test
    void shouldNameFileLineForALineWithoutEquals() throws Exception
    {
        final Path file = file("server.properties", "holdfast.listen.port=1", "holdfast.workers 2");

        final String message = loadFailure(List.of(file), new Properties(), List.of());

        assertEquals(file + ":2: expected key=value, such as holdfast.listen.port=8080, not 'holdfast.workers 2'",
            message);
    }

    @Test
    void shouldNameAMissingConfigFile()
    {
        final Path missing = directory.resolve("missing.properties");

        final String message = loadFailure(List.of(missing), new Properties(), List.of());

        assertEquals("cannot read config file " + missing + ": no such file", message);
    }

    @Test
    void shouldNameAConfigFileThatIsADirectory()
    {
        final String message = loadFailure(List.of(directory), new Properties(), List.of());

        assertEquals("cannot read config file " + directory + ": it is a directory", message);
    }

    @Test
    void shouldNameAConfigFileThatIsNotText() throws Exception
    {
        final Path binary = Files.write(directory.resolve("binary.properties"), new byte[]{'a', (byte)0xff, '='});

        final String message = loadFailure(List.of(binary), new Properties(), List.of());

        assertEquals("cannot read config file " + binary + ": not UTF-8 text", message);
    }

    @Test
    void shouldRejectBadPathsAddressesAndSubprotocols()
    {
        for (final String argument : List.of(
            "holdfast.path=ws", "holdfast.path=/ws?x=1", "holdfast.path=/a b", "holdfast.listen.address= ",
            "holdfast.admin.address=", "holdfast.subprotocols=chat,,json", "holdfast.subprotocols=chat,",
            "holdfast.subprotocols=chat v2", "holdfast.subprotocols=a/b"))
        {
            final String message = argumentFailure(argument);
            assertTrue(message.contains("is not valid; expected"), argument + " -> " + message);
        }
    }

    @Test
    void shouldRejectValuesThatContradictEachOtherNamingTheKeys()
    {
        assertEquals("configuration is not valid: holdfast.max.message must be from holdfast.max.frame (65536) " +
            "to 2147483583 bytes: 1024", loadFailure(
            List.of(), new Properties(), List.of("holdfast.max.frame=64KiB", "holdfast.max.message=1KiB")));
        assertEquals("configuration is not valid: holdfast.max.pending must be at least holdfast.max.message + 14 " +
            "bytes (1048590): 1048576", argumentFailure("holdfast.max.pending=1MiB"));
        assertEquals("configuration is not valid: holdfast.max.connections must be auto or at least " +
            "holdfast.workers (4): 2", loadFailure(
            List.of(), new Properties(), List.of("holdfast.workers=4", "holdfast.max.connections=2")));
    }

    @Test
    void shouldConfigureWhoMayConnect() throws Exception
    {
        final Path file = file("server.properties",
            "holdfast.allowed.origins = https://app.example.com, https://*.example.com:8443 ,http://localhost:3000",
            "holdfast.require.origin=true", "holdfast.max.connections.per.address=20");

        final ServerConfig config = ConfigLoader.load(List.of(file), OpsFiles.bundledConfig(), new Properties(),
            List.of("holdfast.handshake.rate.per.address=50/s", "holdfast.handshake.burst.per.address=100"));

        final EngineConfig engine = config.engine();
        assertEquals(List.of("https://app.example.com", "https://*.example.com:8443", "http://localhost:3000"),
            engine.allowedOrigins());
        assertTrue(engine.requireOrigin());
        assertEquals(20, engine.maxConnectionsPerAddress());
        assertEquals(50, engine.handshakeRatePerAddress());
        assertEquals(100, engine.handshakeBurstPerAddress());
        final Map<String, ServerSettings.Value<?>> values = read(List.of(file), new Properties(),
            List.of("holdfast.handshake.rate.per.address=50"));
        assertValue(values, "holdfast.allowed.origins",
            "https://app.example.com,https://*.example.com:8443,http://localhost:3000", file + ":1");
        assertValue(values, "holdfast.require.origin", "true", file + ":2");
        assertValue(values, "holdfast.max.connections.per.address", "20", file + ":3");
        assertValue(values, "holdfast.handshake.rate.per.address", "50/s", ConfigLoader.ARGUMENT_ORIGIN);
        assertValue(values, "holdfast.handshake.burst.per.address", "0", ConfigLoader.DEFAULT_ORIGIN);
    }

    @Test
    void shouldTakeAnyOriginByDefaultAndNoneWhenEmpty() throws Exception
    {
        assertEquals(List.of("*"), load(List.of()).allowedOrigins());
        assertEquals(List.of(), ConfigLoader.load(List.of(), OpsFiles.bundledConfig(), new Properties(),
            List.of("holdfast.allowed.origins=")).engine().allowedOrigins());
        assertEquals(0, ConfigLoader.load(List.of(), OpsFiles.bundledConfig(), new Properties(),
            List.of("holdfast.handshake.rate.per.address=0/s")).engine().handshakeRatePerAddress());
    }

    @Test
    void shouldNameKeyAndFormOfABadOriginOrLimit() throws Exception
    {
        final String origins = "expected a comma-separated list of origins such as https://app.example.com, " +
            "subdomain patterns such as https://*.example.com, or *";
        final String twoCommas = "holdfast.allowed.origins=https://a.example.com,,https://b.example.com";
        assertEquals("command line: " + twoCommas + " is not valid; " + origins, argumentFailure(twoCommas));
        assertEquals("command line: holdfast.allowed.origins=https://a.example.com, is not valid; " + origins,
            argumentFailure("holdfast.allowed.origins=https://a.example.com,"));
        for (final String bad : List.of("app.example.com", "https://app.example.com/", "https://app.example.com:x",
            "https://", "*.example.com", "https://a.example.com https://b.example.com"))
        {
            assertEquals("configuration is not valid: holdfast.allowed.origins must list *, origins such as " +
                "https://app.example.com or patterns such as https://*.example.com: " + bad,
                argumentFailure("holdfast.allowed.origins=https://ok.example.com," + bad), bad);
        }
        assertEquals("command line: holdfast.require.origin=yes is not valid; expected true or false",
            argumentFailure("holdfast.require.origin=yes"));
        assertEquals("command line: holdfast.max.connections.per.address=-1 is not valid; expected a whole number " +
            "from 0 to 2147483647", argumentFailure("holdfast.max.connections.per.address=-1"));
        final String rate = "expected a rate such as 50/s, from 0 to 1000000/s (0 for no limit)";
        for (final String bad : List.of("fast", "-1", "50/m", "50 per second", "1000001/s", "/s", ""))
        {
            assertEquals("command line: holdfast.handshake.rate.per.address=" + bad + " is not valid; " + rate,
                argumentFailure("holdfast.handshake.rate.per.address=" + bad), bad);
        }
        final Path file = file("limits.properties", "# per address", "holdfast.handshake.burst.per.address=lots");
        assertEquals(file + ":2: holdfast.handshake.burst.per.address=lots is not valid; expected a whole number " +
            "from 0 to 1000000", loadFailure(List.of(file), new Properties(), List.of()));
    }

    @Test
    void shouldConfigureTheInboundLimitsOfEachConnection() throws Exception
    {
        final Path file = file("limits.properties", "holdfast.max.inbound.messages.rate=100/s",
            "holdfast.max.inbound.messages.burst=200", "holdfast.max.inbound.pings.rate=10");
        final List<String> arguments = List.of("holdfast.max.inbound.bytes.rate=65536",
            "holdfast.max.inbound.bytes.burst=2MiB");

        final EngineConfig engine = ConfigLoader.load(List.of(file), OpsFiles.bundledConfig(), new Properties(),
            arguments).engine();

        assertEquals(100, engine.maxInboundMessagesRate());
        assertEquals(200, engine.maxInboundMessagesBurst());
        assertEquals(65_536, engine.maxInboundBytesRate());
        assertEquals(2 << 20, engine.maxInboundBytesBurst());
        assertEquals(10, engine.maxInboundPingsRate());
        assertEquals(0, engine.maxInboundPingsBurst());
        final Map<String, ServerSettings.Value<?>> values = read(List.of(file), new Properties(), arguments);
        assertValue(values, "holdfast.max.inbound.messages.rate", "100/s", file + ":1");
        assertValue(values, "holdfast.max.inbound.messages.burst", "200", file + ":2");
        assertValue(values, "holdfast.max.inbound.pings.rate", "10/s", file + ":3");
        assertValue(values, "holdfast.max.inbound.pings.burst", "0", ConfigLoader.DEFAULT_ORIGIN);
        assertValue(values, "holdfast.max.inbound.bytes.rate", "65536/s", ConfigLoader.ARGUMENT_ORIGIN);
        assertValue(values, "holdfast.max.inbound.bytes.burst", "2MiB", ConfigLoader.ARGUMENT_ORIGIN);
    }

    @Test
    void shouldNameKeyAndFormOfABadInboundLimit() throws Exception
    {
        final String rate = "expected a rate such as 50/s, from 0 to 1000000/s (0 for no limit)";
        for (final String bad : List.of("fast", "-1", "100/m", "1000001/s", ""))
        {
            assertEquals("command line: holdfast.max.inbound.messages.rate=" + bad + " is not valid; " + rate,
                argumentFailure("holdfast.max.inbound.messages.rate=" + bad), bad);
        }
        assertEquals("command line: holdfast.max.inbound.bytes.rate=1MiB/s is not valid; expected a rate such as " +
            "50/s, from 0 to 2147483583/s (0 for no limit)", argumentFailure("holdfast.max.inbound.bytes.rate=1MiB/s"));
        assertEquals("-Dholdfast.max.inbound.bytes.burst: holdfast.max.inbound.bytes.burst=2GiB is not valid; " +
            "expected a size from 0 to 2147483583, such as 512, 64KiB or 4MiB",
            loadFailure(List.of(), properties("holdfast.max.inbound.bytes.burst", "2GiB"), List.of()));
        final Path file = file("limits.properties", "# per connection", "holdfast.max.inbound.pings.burst=lots");
        assertEquals(file + ":2: holdfast.max.inbound.pings.burst=lots is not valid; expected a whole number " +
            "from 0 to 1000000", loadFailure(List.of(file), new Properties(), List.of()));
        assertEquals("configuration is not valid: holdfast.max.inbound.bytes.burst must be at least " +
            "holdfast.max.message + 14 bytes (1048590), or 0 with holdfast.max.inbound.bytes.rate at least that: 0",
            argumentFailure("holdfast.max.inbound.bytes.rate=65536/s"));
        assertEquals("command line: unknown key 'holdfast.max.inbound.message.rate'; did you mean " +
            "holdfast.max.inbound.messages.rate?", argumentFailure("holdfast.max.inbound.message.rate=100/s"));
    }

    @Test
    void shouldSuggestTheSecurityKeysForSlipsAndWhereTheAdminTokenGoes()
    {
        assertEquals("command line: unknown key 'holdfast.allowed.origin'; did you mean holdfast.allowed.origins?",
            argumentFailure("holdfast.allowed.origin=*"));
        assertEquals("command line: unknown key 'holdfast.max.connection.per.address'; did you mean " +
            "holdfast.max.connections.per.address?", argumentFailure("holdfast.max.connection.per.address=20"));
        assertEquals("command line: unknown key 'holdfast.handshake.rate.per.adress'; did you mean " +
            "holdfast.handshake.rate.per.address?", argumentFailure("holdfast.handshake.rate.per.adress=50/s"));
        final String token = argumentFailure("holdfast.admin.token=s3cret");
        assertEquals("command line: unknown key 'holdfast.admin.token': a secret is never a key, so that it " +
            "stays out of config files and process listings; write it into a file only the server's user reads and " +
            "set holdfast.admin.token.file", token);
        assertEquals("command line: unknown key 'holdfast.auth.jwt.secret': a secret is never a key, so that it " +
            "stays out of config files and process listings; write it into a file only the server's user reads and " +
            "set holdfast.auth.jwt.secret.file", argumentFailure("holdfast.auth.jwt.secret=s3cret"));
    }

    @Test
    void shouldReadTheJwtSecretFromItsFileAsItIs() throws Exception
    {
        final Path secret = Files.write(directory.resolve("jwt.secret"),
            "0123456789abcdef0123456789abcdef\n".getBytes(StandardCharsets.US_ASCII));

        final EngineConfig config = ConfigLoader.load(List.of(), OpsFiles.bundledConfig(), new Properties(),
            List.of("holdfast.auth=jwt", "holdfast.auth.jwt.secret.file=" + secret, "holdfast.auth.topics=true",
            "holdfast.auth.jwt.clock.skew=5s")).engine();

        assertEquals(AuthMode.JWT, config.auth());
        assertTrue(config.topicPermissions());
        assertEquals(5_000, config.jwtClockSkewMs());
    }

    @Test
    void shouldNameTheKeysOfAnAuthenticationThatCannotWork() throws Exception
    {
        assertEquals("configuration is not valid: holdfast.auth=jwt needs an HS256 secret of at least 32 bytes in " +
            "holdfast.auth.jwt.secret.file", argumentFailure("holdfast.auth=jwt"));
        final Path shortSecret = Files.write(directory.resolve("short.secret"), new byte[] {'s', 'h', 'o', 'r', 't'});
        assertEquals("configuration is not valid: holdfast.auth=jwt needs an HS256 secret of at least 32 bytes in " +
            "holdfast.auth.jwt.secret.file, which holds 5",
            loadFailure(List.of(), new Properties(), List.of("holdfast.auth=jwt", "holdfast.auth.jwt.secret.file=" +
            shortSecret)));
        final Path missing = directory.resolve("missing.secret");
        assertEquals("holdfast.auth.jwt.secret.file=" + missing + ": cannot read the secret: no such file",
            argumentFailure("holdfast.auth.jwt.secret.file=" + missing));
        assertEquals("configuration is not valid: holdfast.auth.topics=true needs holdfast.auth=jwt: topic " +
            "prefixes come from each connection's token", argumentFailure("holdfast.auth.topics=true"));
        assertEquals("command line: holdfast.auth=oauth is not valid; expected one of none jwt",
            argumentFailure("holdfast.auth=oauth"));
    }

    @Test
    void shouldTakeTheAdminTokenFileAsAPathAndNoneWhenEmpty() throws Exception
    {
        final Path token = directory.resolve("admin.token");

        final ServerConfig config = ConfigLoader.load(List.of(), OpsFiles.bundledConfig(), new Properties(),
            List.of("holdfast.admin.token.file=" + token));

        assertEquals(token, config.adminTokenFile());
        assertValue(read(List.of(), new Properties(), List.of("holdfast.admin.token.file=" + token)),
            "holdfast.admin.token.file", token.toString(), ConfigLoader.ARGUMENT_ORIGIN);
        assertEquals(null, ConfigLoader.load(List.of(), OpsFiles.bundledConfig(), new Properties(),
            List.of("holdfast.admin.token.file= ")).adminTokenFile());
        assertEquals("command line: holdfast.admin.token.file=a\u0000b is not valid; expected a file path, or " +
            "nothing for none", argumentFailure("holdfast.admin.token.file=a\u0000b"));
    }

    @Test
    void shouldRefuseAnAdminAddressOffLoopbackWithoutATokenFile() throws Exception
    {
        final String expected = ": holdfast.admin.address=0.0.0.0 is not a loopback address, so admin requests " +
            "need a token: set holdfast.admin.token.file to a file holding one, or listen on 127.0.0.1";
        assertEquals(ConfigLoader.ARGUMENT_ORIGIN + expected, argumentFailure("holdfast.admin.address=0.0.0.0"));
        final Path file = file("server.properties", "holdfast.admin.address=0.0.0.0");
        assertEquals(file + ":1" + expected, loadFailure(List.of(file), new Properties(), List.of()));
        assertTrue(argumentFailure("holdfast.admin.address=::").contains("holdfast.admin.address=:: is not a " +
            "loopback address"));
        assertTrue(argumentFailure("holdfast.admin.address=no-such-host.invalid").contains("is not a loopback"));

        for (final List<String> allowed : List.of(
            List.of("holdfast.admin.address=127.0.0.1"),
            List.of("holdfast.admin.address=127.0.0.2"),
            List.of("holdfast.admin.address=localhost"),
            List.of("holdfast.admin.address=::1"),
            List.of("holdfast.admin.address=0.0.0.0", "holdfast.admin.token.file=" + directory.resolve("token")),
            List.of("holdfast.admin.address=0.0.0.0", "holdfast.admin.enabled=false")))
        {
            ConfigLoader.load(List.of(), OpsFiles.bundledConfig(), new Properties(), allowed);
        }
    }

    private static void assertValue(final Map<String, ServerSettings.Value<?>> values, final String key,
        final String text, final String origin)
    {
        assertEquals(text, values.get(key).text(), key);
        assertEquals(origin, values.get(key).origin(), key);
    }

    private static <T> void assertReadsBack(final ServerSettings.Setting<T> setting)
    {
        final String text = setting.text(setting.defaultValue());
        assertEquals(setting.defaultValue(), setting.parse(text), setting.key() + "=" + text);
    }

    private static EngineConfig load(final List<Path> files) throws ConfigException
    {
        return ConfigLoader.load(files, OpsFiles.bundledConfig(), new Properties(), List.of()).engine();
    }

    private static Map<String, ServerSettings.Value<?>> read(
        final List<Path> files, final Properties properties, final List<String> args) throws ConfigException
    {
        final Map<String, ServerSettings.Value<?>> values = new LinkedHashMap<>();
        for (final ServerSettings.Value<?> value : ConfigLoader.read(files, OpsFiles.bundledConfig(), properties, args))
        {
            values.put(value.key(), value);
        }
        return values;
    }

    private static Properties properties(final String key, final String value)
    {
        final Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }

    private static String argumentFailure(final String argument)
    {
        return loadFailure(List.of(), new Properties(), List.of(argument));
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
