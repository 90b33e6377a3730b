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
        SETTERS.put("holdfast.listen.address", (config, value) -> config.engine().listenAddress(nonEmpty(value)));
        SETTERS.put("holdfast.listen.port", (config, value) -> config.engine().listenPort(ConfigValues.integer(value, 0, 65535)));
        SETTERS.put("holdfast.listen.backlog",
            (config, value) -> config.engine().listenBacklog(ConfigValues.integer(value, 1, 1 << 20)));
        SETTERS.put("holdfast.path", (config, value) -> config.engine().path(path(value)));
        SETTERS.put("holdfast.workers", (config, value) -> config.engine().workers(ConfigValues.integer(value, 1, 1024)));
        SETTERS.put("holdfast.idle.strategy",
            (config, value) -> config.engine().idleStrategy(ConfigValues.choice(value, IdleStrategyType.class)));
        SETTERS.put("holdfast.max.message", (config, value) -> config.engine().maxMessage(ConfigValues.size(value, 125, MAX_SIZE)));
        SETTERS.put("holdfast.max.frame", (config, value) -> config.engine().maxFrame(ConfigValues.size(value, 125, MAX_SIZE)));
        SETTERS.put("holdfast.max.header", (config, value) -> config.engine().maxHeader(ConfigValues.size(value, 256, 1 << 20)));
        SETTERS.put("holdfast.max.connections", (config, value) -> config.engine().maxConnections(maxConnections(value)));
        SETTERS.put("holdfast.max.pending", (config, value) -> config.engine().maxPending(ConfigValues.size(value, 1, MAX_SIZE)));
        SETTERS.put("holdfast.max.pending.total",
            (config, value) -> config.engine().maxPendingTotal(ConfigValues.size(value, 1L, Long.MAX_VALUE)));
        SETTERS.put("holdfast.idle.timeout",
            (config, value) -> config.engine().idleTimeoutMs(ConfigValues.durationMs(value, 0, MAX_DURATION_MS)));
        SETTERS.put("holdfast.server.ping.interval",
            (config, value) -> config.engine().serverPingIntervalMs(ConfigValues.durationMs(value, 0, MAX_DURATION_MS)));
        SETTERS.put("holdfast.handshake.timeout",
            (config, value) -> config.engine().handshakeTimeoutMs(ConfigValues.durationMs(value, 1, MAX_DURATION_MS)));
        SETTERS.put("holdfast.close.timeout",
            (config, value) -> config.engine().closeTimeoutMs(ConfigValues.durationMs(value, 1, MAX_DURATION_MS)));
        SETTERS.put("holdfast.shutdown.timeout",
            (config, value) -> config.engine().shutdownTimeoutMs(ConfigValues.durationMs(value, 0, MAX_DURATION_MS)));
        SETTERS.put("holdfast.status.interval",
            (config, value) -> config.statusIntervalMs(ConfigValues.durationMs(value, 0, MAX_DURATION_MS)));
        SETTERS.put("holdfast.subprotocols", (config, value) -> config.engine().subprotocols(list(value)));
        SETTERS.put("holdfast.heartbeat.reply",
            (config, value) -> config.engine().heartbeatReply(ConfigValues.choice(value, HeartbeatReply.class)));
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
