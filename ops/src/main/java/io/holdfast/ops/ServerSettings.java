package io.holdfast.ops;

import io.holdfast.engine.AuthMode;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.HeartbeatReply;
import io.holdfast.engine.IdleStrategyType;
import io.holdfast.engine.SlowConsumerPolicy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static io.holdfast.engine.EngineConfiguration.ALLOWED_ORIGINS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.ALLOWED_ORIGINS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.AUTH_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.AUTH_JWT_CLOCK_SKEW_DEFAULT_MS;
import static io.holdfast.engine.EngineConfiguration.AUTH_JWT_CLOCK_SKEW_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.AUTH_JWT_SECRET_FILE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.AUTH_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.AUTH_TOPICS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.AUTH_TOPICS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.CLOSE_TIMEOUT_DEFAULT_MS;
import static io.holdfast.engine.EngineConfiguration.CLOSE_TIMEOUT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.DUTY_CYCLE_THRESHOLD_DEFAULT_NS;
import static io.holdfast.engine.EngineConfiguration.DUTY_CYCLE_THRESHOLD_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.HANDSHAKE_BURST_PER_ADDRESS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.HANDSHAKE_BURST_PER_ADDRESS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.HANDSHAKE_RATE_PER_ADDRESS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.HANDSHAKE_RATE_PER_ADDRESS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.HANDSHAKE_TIMEOUT_DEFAULT_MS;
import static io.holdfast.engine.EngineConfiguration.HANDSHAKE_TIMEOUT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.HEARTBEAT_REPLY_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.HEARTBEAT_REPLY_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.IDLE_STRATEGY_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.IDLE_STRATEGY_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.IDLE_TIMEOUT_DEFAULT_MS;
import static io.holdfast.engine.EngineConfiguration.IDLE_TIMEOUT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.LISTEN_ADDRESS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.LISTEN_ADDRESS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.LISTEN_BACKLOG_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.LISTEN_BACKLOG_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.LISTEN_PORT_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.LISTEN_PORT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_CONNECTIONS_AUTO;
import static io.holdfast.engine.EngineConfiguration.MAX_CONNECTIONS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_CONNECTIONS_PER_ADDRESS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_CONNECTIONS_PER_ADDRESS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_CONNECTIONS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_FRAME_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_FRAME_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_HEADER_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_HEADER_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_BYTES_BURST_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_BYTES_BURST_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_BYTES_RATE_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_BYTES_RATE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_MESSAGES_BURST_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_MESSAGES_BURST_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_MESSAGES_RATE_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_MESSAGES_RATE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_PINGS_BURST_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_PINGS_BURST_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_PINGS_RATE_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_INBOUND_PINGS_RATE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_MESSAGE_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_MESSAGE_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_PENDING_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_PENDING_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_PENDING_TOTAL_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_PENDING_TOTAL_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_REQUEST_ERRORS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_REQUEST_ERRORS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_SUBSCRIPTIONS_PER_CONNECTION_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_SUBSCRIPTIONS_PER_CONNECTION_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.MAX_TOPICS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.MAX_TOPICS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.PATH_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.PATH_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.REQUIRE_ORIGIN_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.REQUIRE_ORIGIN_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.SERVER_PING_INTERVAL_DEFAULT_MS;
import static io.holdfast.engine.EngineConfiguration.SERVER_PING_INTERVAL_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.SHUTDOWN_TIMEOUT_DEFAULT_MS;
import static io.holdfast.engine.EngineConfiguration.SHUTDOWN_TIMEOUT_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.SLOW_CONSUMER_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.SLOW_CONSUMER_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.SUBPROTOCOLS_DEFAULT;
import static io.holdfast.engine.EngineConfiguration.SUBPROTOCOLS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.WORKERS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.workersDefault;

/**
 * Every {@code holdfast.*} key a server is configured with: its built-in default, how its text is parsed and
 * written back, and where its value goes in the {@link ServerConfig}. The names and defaults themselves live in
 * {@link io.holdfast.engine.EngineConfiguration} and {@link OpsConfiguration}; the bounds here are the ones a
 * config file may ask for. Unknown keys are errors, with the closest known key suggested, so a misspelt key never
 * goes unnoticed.
 */
final class ServerSettings
{
    /** The value of a key whose default depends on the host. */
    static final String AUTO = "auto";

    private static final String PREFIX = "holdfast.";
    /** What an operator might write to give a secret itself, which is read from a file only, by the file's key. */
    private static final Map<String, String> SECRET_FILE_KEYS = Map.of(
        "holdfast.admin.token", OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME,
        "holdfast.auth.jwt.secret", AUTH_JWT_SECRET_FILE_PROP_NAME);
    /** How {@code holdfast.workers=auto} is held until applied: no worker count is 0. */
    private static final int AUTO_WORKERS = 0;
    /** The most workers a configuration may ask for; readers of the counters size per-worker tables by it. */
    static final int MAX_WORKERS = 1024;
    private static final long MAX_SIZE = Integer.MAX_VALUE - 64;
    private static final long MAX_PENDING_TOTAL = 1L << 40;
    private static final long MAX_DURATION_MS = 30L * 24 * 3_600_000;
    private static final long MIN_DUTY_CYCLE_THRESHOLD_NS = 1_000;
    private static final long MAX_DUTY_CYCLE_THRESHOLD_NS = 3_600_000_000_000L;
    /** Each topic a worker holds takes 128 bytes of name: a million is 128 MiB per worker. */
    private static final int MAX_TOPICS = 1 << 20;
    private static final int MAX_SUBSCRIPTIONS_PER_CONNECTION = 1 << 16;
    /** Most handshakes, messages or pings per second, and in a burst, a limit may allow. */
    private static final int MAX_RATE = 1_000_000;
    private static final Map<String, Setting<?>> SETTINGS = new TreeMap<>();

    static
    {
        add(text(LISTEN_ADDRESS_PROP_NAME, LISTEN_ADDRESS_DEFAULT, ServerSettings::address,
            engine(EngineConfig::listenAddress)));
        add(integer(LISTEN_PORT_PROP_NAME, LISTEN_PORT_DEFAULT, 0, 65535, engine(EngineConfig::listenPort)));
        add(integer(LISTEN_BACKLOG_PROP_NAME, LISTEN_BACKLOG_DEFAULT, 1, 1 << 20, engine(EngineConfig::listenBacklog)));
        add(text(PATH_PROP_NAME, PATH_DEFAULT, ServerSettings::path, engine(EngineConfig::path)));
        add(autoInteger(WORKERS_PROP_NAME, AUTO_WORKERS, AUTO_WORKERS, 1, MAX_WORKERS,
            engine((config, workers) -> config.workers(workers == AUTO_WORKERS ? workersDefault() : workers))));
        add(choice(IDLE_STRATEGY_PROP_NAME, IDLE_STRATEGY_DEFAULT, IdleStrategyType.class,
            engine(EngineConfig::idleStrategy)));
        add(size(MAX_MESSAGE_PROP_NAME, MAX_MESSAGE_DEFAULT, 125, MAX_SIZE,
            engine((config, bytes) -> config.maxMessage(bytes.intValue()))));
        add(size(MAX_FRAME_PROP_NAME, MAX_FRAME_DEFAULT, 125, MAX_SIZE,
            engine((config, bytes) -> config.maxFrame(bytes.intValue()))));
        add(size(MAX_HEADER_PROP_NAME, MAX_HEADER_DEFAULT, 256, 1 << 20,
            engine((config, bytes) -> config.maxHeader(bytes.intValue()))));
        add(autoInteger(MAX_CONNECTIONS_PROP_NAME, MAX_CONNECTIONS_DEFAULT, MAX_CONNECTIONS_AUTO, 1, Integer.MAX_VALUE,
            engine(EngineConfig::maxConnections)));
        add(size(MAX_PENDING_PROP_NAME, MAX_PENDING_DEFAULT, 1, MAX_SIZE,
            engine((config, bytes) -> config.maxPending(bytes.intValue()))));
        add(size(MAX_PENDING_TOTAL_PROP_NAME, MAX_PENDING_TOTAL_DEFAULT, 1, MAX_PENDING_TOTAL,
            engine(EngineConfig::maxPendingTotal)));
        add(choice(SLOW_CONSUMER_PROP_NAME, SLOW_CONSUMER_DEFAULT, SlowConsumerPolicy.class,
            engine(EngineConfig::slowConsumer)));
        add(integer(MAX_TOPICS_PROP_NAME, MAX_TOPICS_DEFAULT, 1, MAX_TOPICS, engine(EngineConfig::maxTopics)));
        add(integer(MAX_SUBSCRIPTIONS_PER_CONNECTION_PROP_NAME, MAX_SUBSCRIPTIONS_PER_CONNECTION_DEFAULT, 1,
            MAX_SUBSCRIPTIONS_PER_CONNECTION, engine(EngineConfig::maxSubscriptionsPerConnection)));
        add(integer(MAX_REQUEST_ERRORS_PROP_NAME, MAX_REQUEST_ERRORS_DEFAULT, 0, Integer.MAX_VALUE,
            engine(EngineConfig::maxRequestErrors)));
        add(durationMs(IDLE_TIMEOUT_PROP_NAME, IDLE_TIMEOUT_DEFAULT_MS, 0, engine(EngineConfig::idleTimeoutMs)));
        add(durationMs(SERVER_PING_INTERVAL_PROP_NAME, SERVER_PING_INTERVAL_DEFAULT_MS, 0,
            engine(EngineConfig::serverPingIntervalMs)));
        add(durationMs(HANDSHAKE_TIMEOUT_PROP_NAME, HANDSHAKE_TIMEOUT_DEFAULT_MS, 1,
            engine(EngineConfig::handshakeTimeoutMs)));
        add(durationMs(CLOSE_TIMEOUT_PROP_NAME, CLOSE_TIMEOUT_DEFAULT_MS, 1, engine(EngineConfig::closeTimeoutMs)));
        add(durationMs(SHUTDOWN_TIMEOUT_PROP_NAME, SHUTDOWN_TIMEOUT_DEFAULT_MS, 0,
            engine(EngineConfig::shutdownTimeoutMs)));
        add(new Setting<>(SUBPROTOCOLS_PROP_NAME, SUBPROTOCOLS_DEFAULT, ServerSettings::subprotocols,
            names -> String.join(",", names), engine(EngineConfig::subprotocols)));
        add(new Setting<>(ALLOWED_ORIGINS_PROP_NAME, ALLOWED_ORIGINS_DEFAULT, ServerSettings::origins,
            entries -> String.join(",", entries), engine(EngineConfig::allowedOrigins)));
        add(bool(REQUIRE_ORIGIN_PROP_NAME, REQUIRE_ORIGIN_DEFAULT, engine(EngineConfig::requireOrigin)));
        add(integer(MAX_CONNECTIONS_PER_ADDRESS_PROP_NAME, MAX_CONNECTIONS_PER_ADDRESS_DEFAULT, 0, Integer.MAX_VALUE,
            engine(EngineConfig::maxConnectionsPerAddress)));
        add(rate(HANDSHAKE_RATE_PER_ADDRESS_PROP_NAME, HANDSHAKE_RATE_PER_ADDRESS_DEFAULT, MAX_RATE,
            engine(EngineConfig::handshakeRatePerAddress)));
        add(integer(HANDSHAKE_BURST_PER_ADDRESS_PROP_NAME, HANDSHAKE_BURST_PER_ADDRESS_DEFAULT, 0, MAX_RATE,
            engine(EngineConfig::handshakeBurstPerAddress)));
        add(choice(AUTH_PROP_NAME, AUTH_DEFAULT, AuthMode.class, engine(EngineConfig::auth)));
        add(text(AUTH_JWT_SECRET_FILE_PROP_NAME, "", ServerSettings::optionalFile,
            (config, file) -> config.jwtSecretFile(file.isEmpty() ? null : Path.of(file))));
        add(durationMs(AUTH_JWT_CLOCK_SKEW_PROP_NAME, AUTH_JWT_CLOCK_SKEW_DEFAULT_MS, 0,
            engine(EngineConfig::jwtClockSkewMs)));
        add(bool(AUTH_TOPICS_PROP_NAME, AUTH_TOPICS_DEFAULT, engine(EngineConfig::topicPermissions)));
        add(rate(MAX_INBOUND_MESSAGES_RATE_PROP_NAME, MAX_INBOUND_MESSAGES_RATE_DEFAULT, MAX_RATE,
            engine(EngineConfig::maxInboundMessagesRate)));
        add(integer(MAX_INBOUND_MESSAGES_BURST_PROP_NAME, MAX_INBOUND_MESSAGES_BURST_DEFAULT, 0, MAX_RATE,
            engine(EngineConfig::maxInboundMessagesBurst)));
        add(rate(MAX_INBOUND_BYTES_RATE_PROP_NAME, MAX_INBOUND_BYTES_RATE_DEFAULT, (int)MAX_SIZE,
            engine(EngineConfig::maxInboundBytesRate)));
        add(size(MAX_INBOUND_BYTES_BURST_PROP_NAME, MAX_INBOUND_BYTES_BURST_DEFAULT, 0, MAX_SIZE,
            engine((config, bytes) -> config.maxInboundBytesBurst(bytes.intValue()))));
        add(rate(MAX_INBOUND_PINGS_RATE_PROP_NAME, MAX_INBOUND_PINGS_RATE_DEFAULT, MAX_RATE,
            engine(EngineConfig::maxInboundPingsRate)));
        add(integer(MAX_INBOUND_PINGS_BURST_PROP_NAME, MAX_INBOUND_PINGS_BURST_DEFAULT, 0, MAX_RATE,
            engine(EngineConfig::maxInboundPingsBurst)));
        add(choice(HEARTBEAT_REPLY_PROP_NAME, HEARTBEAT_REPLY_DEFAULT, HeartbeatReply.class,
            engine(EngineConfig::heartbeatReply)));
        add(new Setting<>(DUTY_CYCLE_THRESHOLD_PROP_NAME, DUTY_CYCLE_THRESHOLD_DEFAULT_NS,
            text -> ConfigValues.durationNs(text, MIN_DUTY_CYCLE_THRESHOLD_NS, MAX_DUTY_CYCLE_THRESHOLD_NS),
            ConfigValues::durationNsText, engine(EngineConfig::dutyCycleThresholdNs)));

        add(choice(OpsConfiguration.HANDLER_PROP_NAME, OpsConfiguration.HANDLER_DEFAULT, HandlerType.class,
            ServerConfig::handler));
        add(text(OpsConfiguration.DIR_PROP_NAME, OpsConfiguration.DIR_DEFAULT, ServerSettings::directory,
            (config, directory) -> config.directory(
                AUTO.equals(directory) ? OpsConfiguration.defaultDirectory() : Path.of(directory))));
        add(bool(OpsConfiguration.ADMIN_ENABLED_PROP_NAME, OpsConfiguration.ADMIN_ENABLED_DEFAULT,
            ServerConfig::adminEnabled));
        add(text(OpsConfiguration.ADMIN_ADDRESS_PROP_NAME, OpsConfiguration.ADMIN_ADDRESS_DEFAULT,
            ServerSettings::address, ServerConfig::adminAddress));
        add(integer(OpsConfiguration.ADMIN_PORT_PROP_NAME, OpsConfiguration.ADMIN_PORT_DEFAULT, 0, 65535,
            ServerConfig::adminPort));
        add(text(OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME, OpsConfiguration.ADMIN_TOKEN_FILE_DEFAULT,
            ServerSettings::optionalFile,
            (config, file) -> config.adminTokenFile(file.isEmpty() ? null : Path.of(file))));
        add(durationMs(OpsConfiguration.STATUS_INTERVAL_PROP_NAME, OpsConfiguration.STATUS_INTERVAL_DEFAULT_MS, 0,
            ServerConfig::statusIntervalMs));
    }

    private ServerSettings()
    {
    }

    /**
     * @return every setting a server takes, sorted by key.
     */
    static Collection<Setting<?>> all()
    {
        return SETTINGS.values();
    }

    /**
     * @return the setting of the key, or null when no setting has that key.
     */
    static Setting<?> find(final String key)
    {
        return SETTINGS.get(key);
    }

    /**
     * @return what to tell an operator who wrote a key no setting has: the closest known key when one is close
     * enough to be a slip (edit distance, segments in another order, the {@code holdfast.} prefix left out), and for
     * a secret itself (the admin token, the JWT secret), where it goes instead.
     */
    static String unknownKeyProblem(final String key)
    {
        final String fileKey = SECRET_FILE_KEYS.get(key.trim());
        if (fileKey != null)
        {
            return "unknown key '" + key + "': a secret is never a key, so that it stays out of config files " +
                "and process listings; write it into a file only the server's user reads and set " + fileKey;
        }
        final String closest = closestKey(key);
        return "unknown key '" + key + "'" + (closest == null ?
            "; `holdfast config` lists every key" : "; did you mean " + closest + "?");
    }

    private static String closestKey(final String key)
    {
        final String written = key.trim().toLowerCase(Locale.ROOT);
        final String prefixed = written.startsWith(PREFIX) ? written : PREFIX + written;
        final int tolerance = Math.max(2, (prefixed.length() - PREFIX.length()) / 3);
        String closest = null;
        int closestDistance = tolerance + 1;
        for (final String known : SETTINGS.keySet())
        {
            final int distance = sameSegments(prefixed, known) ? 0 : editDistance(prefixed, known);
            if (distance < closestDistance)
            {
                closest = known;
                closestDistance = distance;
            }
        }
        return closest;
    }

    private static boolean sameSegments(final String key, final String known)
    {
        final String[] keySegments = key.split("\\.");
        final String[] knownSegments = known.split("\\.");
        Arrays.sort(keySegments);
        Arrays.sort(knownSegments);
        return Arrays.equals(keySegments, knownSegments);
    }

    /**
     * @return the fewest single-character insertions, deletions and substitutions that turn one text into the other.
     */
    private static int editDistance(final String from, final String to)
    {
        int[] previous = new int[to.length() + 1];
        int[] current = new int[to.length() + 1];
        for (int j = 0; j <= to.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= from.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= to.length(); j++)
            {
                final int substitution = previous[j - 1] + (from.charAt(i - 1) == to.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[to.length()];
    }

    private static void add(final Setting<?> setting)
    {
        SETTINGS.put(setting.key(), setting);
    }

    private static <T> BiConsumer<ServerConfig, T> engine(final BiConsumer<EngineConfig, T> setter)
    {
        return (config, value) -> setter.accept(config.engine(), value);
    }

    private static Setting<String> text(final String key, final String defaultValue,
        final Function<String, String> parser, final BiConsumer<ServerConfig, String> applier)
    {
        return new Setting<>(key, defaultValue, parser, Function.identity(), applier);
    }

    private static Setting<Boolean> bool(final String key, final boolean defaultValue,
        final BiConsumer<ServerConfig, Boolean> applier)
    {
        return new Setting<>(key, defaultValue, ConfigValues::bool, String::valueOf, applier);
    }

    private static Setting<Integer> integer(final String key, final int defaultValue, final int min, final int max,
        final BiConsumer<ServerConfig, Integer> applier)
    {
        return new Setting<>(key, defaultValue, text -> ConfigValues.integer(text, min, max), String::valueOf, applier);
    }

    /**
     * Events per second as {@code 50/s} or {@code 50}, from 0 (no limit) to max.
     */
    private static Setting<Integer> rate(final String key, final int defaultValue, final int max,
        final BiConsumer<ServerConfig, Integer> applier)
    {
        return new Setting<>(key, defaultValue, text -> ConfigValues.rate(text, 0, max), ConfigValues::rateText,
            applier);
    }

    /**
     * A whole number, or {@code auto} held as the number {@code auto} (outside [min, max]) until it is applied.
     */
    private static Setting<Integer> autoInteger(final String key, final int defaultValue, final int auto,
        final int min, final int max, final BiConsumer<ServerConfig, Integer> applier)
    {
        final Function<String, Integer> parser = text ->
        {
            if (AUTO.equals(text.trim()))
            {
                return auto;
            }
            try
            {
                return ConfigValues.integer(text, min, max);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(AUTO + " or " + ex.getMessage());
            }
        };
        return new Setting<>(
            key, defaultValue, parser, value -> value == auto ? AUTO : String.valueOf(value), applier);
    }

    private static Setting<Long> size(final String key, final long defaultBytes, final long min, final long max,
        final BiConsumer<ServerConfig, Long> applier)
    {
        return new Setting<>(
            key, defaultBytes, text -> ConfigValues.size(text, min, max), ConfigValues::sizeText, applier);
    }

    private static Setting<Long> durationMs(final String key, final long defaultMs, final long minMs,
        final BiConsumer<ServerConfig, Long> applier)
    {
        return new Setting<>(key, defaultMs, text -> ConfigValues.durationMs(text, minMs, MAX_DURATION_MS),
            ConfigValues::durationMsText, applier);
    }

    private static <E extends Enum<E>> Setting<E> choice(final String key, final E defaultValue, final Class<E> type,
        final BiConsumer<ServerConfig, E> applier)
    {
        return new Setting<>(key, defaultValue, text -> ConfigValues.choice(text, type), ConfigValues::choiceText,
            applier);
    }

    private static String address(final String value)
    {
        final String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.indexOf(' ') >= 0)
        {
            throw new IllegalArgumentException("a host name or IP address");
        }
        return trimmed;
    }

    private static String path(final String value)
    {
        final String trimmed = value.trim();
        if (!trimmed.startsWith("/") || trimmed.indexOf(' ') >= 0 || trimmed.indexOf('?') >= 0)
        {
            throw new IllegalArgumentException("a request path starting with '/', such as /ws");
        }
        return trimmed;
    }

    private static String directory(final String value)
    {
        final String form = AUTO + " or a folder path";
        final String trimmed = value.trim();
        if (trimmed.isEmpty())
        {
            throw new IllegalArgumentException(form);
        }
        return filePath(trimmed, form);
    }

    /**
     * @return the path, or "" for none.
     */
    private static String optionalFile(final String value)
    {
        final String trimmed = value.trim();
        return trimmed.isEmpty() ? trimmed : filePath(trimmed, "a file path, or nothing for none");
    }

    private static String filePath(final String path, final String form)
    {
        try
        {
            Path.of(path);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(form);
        }
        return path;
    }

    private static List<String> subprotocols(final String value)
    {
        final String form = "a comma-separated list of subprotocol names (HTTP tokens)";
        final List<String> names = commaList(value, form);
        for (final String name : names)
        {
            if (!name.chars().allMatch(ServerSettings::tokenCharacter))
            {
                throw new IllegalArgumentException(form);
            }
        }
        return names;
    }

    /**
     * Split the origins only: what an origin or pattern looks like is the engine's to say, and
     * {@link EngineConfig#validate()} names the first entry that is neither.
     */
    private static List<String> origins(final String value)
    {
        return commaList(value, "a comma-separated list of origins such as https://app.example.com, subdomain " +
            "patterns such as https://*.example.com, or *");
    }

    /**
     * @return the entries, trimmed; none for an empty value.
     * @throws IllegalArgumentException with the form when an entry is empty, as between two commas.
     */
    private static List<String> commaList(final String value, final String form)
    {
        final String trimmed = value.trim();
        if (trimmed.isEmpty())
        {
            return List.of();
        }
        final List<String> entries = Arrays.stream(trimmed.split(",", -1)).map(String::trim).toList();
        if (entries.contains(""))
        {
            throw new IllegalArgumentException(form);
        }
        return entries;
    }

    /**
     * @return whether the character may appear in an HTTP token, as a subprotocol name is.
     */
    private static boolean tokenCharacter(final int c)
    {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    /**
     * One key: its built-in default, its parser (which throws an {@link IllegalArgumentException} naming the form
     * expected), how a value is written back in file form, and where the value goes in a {@link ServerConfig}.
     *
     * @param <T> the type of the parsed value.
     */
    static final class Setting<T>
    {
        private final String key;
        private final T defaultValue;
        private final Function<String, T> parser;
        private final Function<T, String> formatter;
        private final BiConsumer<ServerConfig, T> applier;

        Setting(final String key, final T defaultValue, final Function<String, T> parser,
            final Function<T, String> formatter, final BiConsumer<ServerConfig, T> applier)
        {
            this.key = key;
            this.defaultValue = defaultValue;
            this.parser = parser;
            this.formatter = formatter;
            this.applier = applier;
        }

        String key()
        {
            return key;
        }

        T defaultValue()
        {
            return defaultValue;
        }

        /**
         * @throws IllegalArgumentException naming the form expected.
         */
        T parse(final String text)
        {
            return parser.apply(text);
        }

        /**
         * @return the value as a config file would hold it, as {@code 4MiB}, {@code 60s} or {@code auto}.
         */
        String text(final T value)
        {
            return formatter.apply(value);
        }

        /**
         * @param origin where the text came from, as {@code holdfast config} shows it.
         * @throws IllegalArgumentException naming the form expected.
         */
        Value<T> value(final String text, final String origin)
        {
            return new Value<>(this, parse(text), origin);
        }

        Value<T> byDefault(final String origin)
        {
            return new Value<>(this, defaultValue, origin);
        }
    }

    /**
     * The value a setting has, and where it came from.
     *
     * @param <T> the type of the parsed value.
     */
    record Value<T>(Setting<T> setting, T value, String origin)
    {
        String key()
        {
            return setting.key();
        }

        /**
         * @return the value as a config file would hold it.
         */
        String text()
        {
            return setting.text(value);
        }

        void applyTo(final ServerConfig config)
        {
            setting.applier.accept(config, value);
        }
    }
}
