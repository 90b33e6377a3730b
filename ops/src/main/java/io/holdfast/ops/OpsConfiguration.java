package io.holdfast.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The properties of the process around the engine, each with its name and default: the handler clients talk to,
 * where the counters file lives, the admin endpoint and the status line. The engine's own are in
 * {@link io.holdfast.engine.EngineConfiguration}. Defaults carry their unit in their name.
 */
final class OpsConfiguration
{
    /**
     * The protocol clients speak: {@code echo} or {@code pubsub}, see {@link HandlerType}.
     */
    static final String HANDLER_PROP_NAME = "holdfast.handler";

    /**
     * Default of {@link #HANDLER_PROP_NAME}: echo, which benchmarks and heartbeat-only clients expect.
     */
    static final HandlerType HANDLER_DEFAULT = HandlerType.ECHO;

    /**
     * Folder of the counters file and error log that {@code holdfast stat} and {@code holdfast errors} read.
     */
    static final String DIR_PROP_NAME = "holdfast.dir";

    /**
     * Default of {@link #DIR_PROP_NAME}: a folder that depends on the host, see {@link #defaultDirectory()}.
     */
    static final String DIR_DEFAULT = "auto";

    /**
     * Whether the admin HTTP endpoint ({@code /metrics}, {@code /stats}, {@code /health}, and {@code POST /publish}
     * with the pub/sub handler) runs.
     */
    static final String ADMIN_ENABLED_PROP_NAME = "holdfast.admin.enabled";

    /**
     * Default of {@link #ADMIN_ENABLED_PROP_NAME}: on, reachable from this host only by default.
     */
    static final boolean ADMIN_ENABLED_DEFAULT = true;

    /**
     * Address the admin endpoint listens on.
     */
    static final String ADMIN_ADDRESS_PROP_NAME = "holdfast.admin.address";

    /**
     * Default of {@link #ADMIN_ADDRESS_PROP_NAME}: loopback, so only this host can reach it.
     */
    static final String ADMIN_ADDRESS_DEFAULT = "127.0.0.1";

    /**
     * TCP port of the admin endpoint; 0 picks a free port and prints it.
     */
    static final String ADMIN_PORT_PROP_NAME = "holdfast.admin.port";

    /**
     * Default of {@link #ADMIN_PORT_PROP_NAME}: a port commonly used by Prometheus exporters.
     */
    static final int ADMIN_PORT_DEFAULT = 9464;

    /**
     * File holding the token every admin request must carry as {@code Authorization: Bearer TOKEN}: the file's
     * bytes, one trailing newline removed. The token itself is never a property, so it appears in no config file,
     * command line or process listing. Required when {@link #ADMIN_ADDRESS_PROP_NAME} is not a loopback address.
     */
    static final String ADMIN_TOKEN_FILE_PROP_NAME = "holdfast.admin.token.file";

    /**
     * Default of {@link #ADMIN_TOKEN_FILE_PROP_NAME}: none, admin requests need no token.
     */
    static final String ADMIN_TOKEN_FILE_DEFAULT = "";

    /**
     * How often {@code holdfast serve} prints a status line; 0 never.
     */
    static final String STATUS_INTERVAL_PROP_NAME = "holdfast.status.interval";

    /**
     * Default of {@link #STATUS_INTERVAL_PROP_NAME}.
     */
    static final long STATUS_INTERVAL_DEFAULT_MS = 10_000;

    private OpsConfiguration()
    {
    }

    /**
     * What {@link #DIR_DEFAULT} means on this host.
     *
     * @return {@code holdfast-USER} under {@code /dev/shm} when it exists (memory, so reading counters never waits
     * on a disk), else under {@code java.io.tmpdir}.
     */
    static Path defaultDirectory()
    {
        final Path shm = Path.of("/dev/shm");
        final Path parent = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return parent.resolve("holdfast-" + System.getProperty("user.name"));
    }
}
