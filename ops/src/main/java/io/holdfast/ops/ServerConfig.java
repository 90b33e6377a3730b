package io.holdfast.ops;

import io.holdfast.engine.EngineConfig;

import java.nio.file.Path;

/**
 * Everything {@code holdfast serve} is configured with: the engine's config and the settings of the process around
 * it. Defaults are in {@link OpsConfiguration}.
 */
final class ServerConfig
{
    private final EngineConfig engine = new EngineConfig();
    private HandlerType handler = OpsConfiguration.HANDLER_DEFAULT;
    private long statusIntervalMs = OpsConfiguration.STATUS_INTERVAL_DEFAULT_MS;
    private Path directory = OpsConfiguration.defaultDirectory();
    private boolean adminEnabled = OpsConfiguration.ADMIN_ENABLED_DEFAULT;
    private String adminAddress = OpsConfiguration.ADMIN_ADDRESS_DEFAULT;
    private int adminPort = OpsConfiguration.ADMIN_PORT_DEFAULT;
    private Path adminTokenFile;
    private Path jwtSecretFile;

    EngineConfig engine()
    {
        return engine;
    }

    ServerConfig handler(final HandlerType handler)
    {
        this.handler = handler;
        return this;
    }

    /**
     * @return the protocol clients speak.
     */
    HandlerType handler()
    {
        return handler;
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

    ServerConfig directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /**
     * @return folder of the counters file and error log.
     */
    Path directory()
    {
        return directory;
    }

    ServerConfig adminEnabled(final boolean adminEnabled)
    {
        this.adminEnabled = adminEnabled;
        return this;
    }

    /**
     * @return whether the admin HTTP endpoint runs.
     */
    boolean adminEnabled()
    {
        return adminEnabled;
    }

    ServerConfig adminAddress(final String adminAddress)
    {
        this.adminAddress = adminAddress;
        return this;
    }

    /**
     * @return address the admin endpoint listens on.
     */
    String adminAddress()
    {
        return adminAddress;
    }

    ServerConfig adminPort(final int adminPort)
    {
        this.adminPort = adminPort;
        return this;
    }

    /**
     * @return TCP port of the admin endpoint; 0 picks a free one.
     */
    int adminPort()
    {
        return adminPort;
    }

    ServerConfig adminTokenFile(final Path adminTokenFile)
    {
        this.adminTokenFile = adminTokenFile;
        return this;
    }

    /**
     * @return file of the token admin requests must carry; null when they need none.
     */
    Path adminTokenFile()
    {
        return adminTokenFile;
    }

    ServerConfig jwtSecretFile(final Path jwtSecretFile)
    {
        this.jwtSecretFile = jwtSecretFile;
        return this;
    }

    /**
     * @return file of the HS256 secret tokens are signed with; null when none is named.
     */
    Path jwtSecretFile()
    {
        return jwtSecretFile;
    }
}
