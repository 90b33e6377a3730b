package io.holdfast.ops;

import io.holdfast.engine.EngineConfig;

/**
 * Everything {@code holdfast serve} is configured with: the engine's config and the settings of the process around
 * it.
 */
final class ServerConfig
{
    static final long DEFAULT_STATUS_INTERVAL_MS = 10_000;

    private final EngineConfig engine = new EngineConfig();
    private long statusIntervalMs = DEFAULT_STATUS_INTERVAL_MS;

    EngineConfig engine()
    {
        return engine;
    }

    ServerConfig statusIntervalMs(final long statusIntervalMs)
    {
        this.statusIntervalMs = statusIntervalMs;
        return this;
    }

    /**
     * @return how often serve prints a status line; 0 never.
     */
    long statusIntervalMs()
    {
        return statusIntervalMs;
    }
}
