package io.holdfast.ops;

import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.HeartbeatReply;
import io.holdfast.engine.IdleStrategyType;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The {@code holdfast.*} keys a server is configured with, each with the form its value takes and where it goes in
 * the {@link ServerConfig}. Unknown keys are errors, so a misspelt key never goes unnoticed.
 */
final class ServerSettings
{
    private static final int MAX_SIZE = Integer.MAX_VALUE - 64;
    private static final long MAX_DURATION_MS = 30L * 24 * 3_600_000;
    private static final Map<String, BiConsumer<ServerConfig, String>> SETTERS = new TreeMap<>();

    static
    {
        engine("holdfast.listen.address", (config, value) -> config.listenAddress(nonEmpty(value)));
        engine("holdfast.listen.port", (config, value) -> config.listenPort(ConfigValues.integer(value, 0, 65535)));
        engine("holdfast.listen.backlog",
            (config, value) -> config.listenBacklog(ConfigValues.integer(value, 1, 1 << 20)));
        engine("holdfast.path", (config, value) -> config.path(path(value)));
        engine("holdfast.workers", (config, value) -> config.workers(ConfigValues.integer(value, 1, 1024)));
        engine("holdfast.idle.strategy",
            (config, value) -> config.idleStrategy(ConfigValues.choice(value, IdleStrategyType.class)));
        engine("holdfast.max.message", (config, value) -> config.maxMessage(ConfigValues.size(value, 125, MAX_SIZE)));
        engine("holdfast.max.frame", (config, value) -> config.maxFrame(ConfigValues.size(value, 125, MAX_SIZE)));
        engine("holdfast.max.header", (config, value) -> config.maxHeader(ConfigValues.size(value, 256, 1 << 20)));
        engine("holdfast.max.connections", (config, value) -> config.maxConnections(maxConnections(value)));
        engine("holdfast.max.pending", (config, value) -> config.maxPending(ConfigValues.size(value, 1, MAX_SIZE)));
        engine("holdfast.max.pending.total",
            (config, value) -> config.maxPendingTotal(ConfigValues.size(value, 1L, Long.MAX_VALUE)));
        engine("holdfast.idle.timeout", (config, value) -> config.idleTimeoutMs(duration(value, 0)));
        engine("holdfast.server.ping.interval", (config, value) -> config.serverPingIntervalMs(duration(value, 0)));
        engine("holdfast.handshake.timeout", (config, value) -> config.handshakeTimeoutMs(duration(value, 1)));
        engine("holdfast.close.timeout", (config, value) -> config.closeTimeoutMs(duration(value, 1)));
        engine("holdfast.shutdown.timeout", (config, value) -> config.shutdownTimeoutMs(duration(value, 0)));
        engine("holdfast.subprotocols", (config, value) -> config.subprotocols(list(value)));
        engine("holdfast.heartbeat.reply",
            (config, value) -> config.heartbeatReply(ConfigValues.choice(value, HeartbeatReply.class)));
        SETTERS.put("holdfast.status.interval", (config, value) -> config.statusIntervalMs(duration(value, 0)));
    }

    private ServerSettings()
    {
    }

    /**
     * @return every key a server takes, sorted.
     */
    static Iterable<String> keys()
    {
        return SETTERS.keySet();
    }

    /**
     * Apply one value to the engine config.
     *
     * @param origin where the value came from, for the error message: {@code file:line} or {@code command line}.
     * @throws ConfigException naming the key, its origin, the value and the form expected.
     */
    static void apply(final ServerConfig config, final String key, final String value, final String origin)
        throws ConfigException
    {
        final BiConsumer<ServerConfig, String> setter = SETTERS.get(key);
        if (setter == null)
        {
            throw new ConfigException(origin + ": unknown key '" + key + "'; known keys: " + SETTERS.keySet());
        }
        try
        {
            setter.accept(config, value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(
                origin + ": " + key + "=" + value + " is not valid; expected " + ex.getMessage());
        }
    }

    private static void engine(final String key, final BiConsumer<EngineConfig, String> setter)
    {
        SETTERS.put(key, (config, value) -> setter.accept(config.engine(), value));
    }

    private static long duration(final String value, final long minMs)
    {
        return ConfigValues.durationMs(value, minMs, MAX_DURATION_MS);
    }

    private static int maxConnections(final String value)
    {
        if ("auto".equals(value.trim()))
        {
            return EngineConfig.AUTO_MAX_CONNECTIONS;
        }
        try
        {
            return ConfigValues.integer(value, 1, Integer.MAX_VALUE);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("auto or " + ex.getMessage());
        }
    }

    private static String nonEmpty(final String value)
    {
        final String trimmed = value.trim();
        if (trimmed.isEmpty())
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

    private static List<String> list(final String value)
    {
        final String trimmed = value.trim();
        if (trimmed.isEmpty())
        {
            return List.of();
        }
        return Arrays.stream(trimmed.split(",")).map(String::trim).peek(ServerSettings::token).toList();
    }

    private static void token(final String name)
    {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0))
        {
            throw new IllegalArgumentException("a comma-separated list of subprotocol names (HTTP tokens)");
        }
    }
}
