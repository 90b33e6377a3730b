package io.holdfast.ops.doctor;

import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.EngineConfiguration;

import static io.holdfast.engine.EngineConfiguration.MAX_CONNECTIONS_PROP_NAME;

/**
 * Whether the open-file limit holds the connections the configuration allows, each a socket, with the descriptors
 * the process needs besides: an explicit {@code holdfast.max.connections} above it is a FAIL (the server would hit
 * EMFILE before its own limit), and {@code auto} coming to few connections a WARN.
 */
final class OpenFilesCheck implements HostCheck
{
    static final String NAME = "open files";
    /** Below this many connections {@code auto} is worth a warning: far from what a holdfast host is for. */
    static final int FEW_CONNECTIONS = 10_000;
    /** A limit that leaves room for a host's worth of connections, as the fix suggests it. */
    private static final int SUGGESTED_LIMIT = 65_536;
    /** A worker's listener, selector and the selector's wake-up descriptor. */
    private static final int DESCRIPTORS_PER_WORKER = 3;
    /** The admin endpoint's listener, selector, wake-up descriptor and one connection at a time. */
    private static final int ADMIN_DESCRIPTORS = 4;
    /** Standard streams, the JDK's modules file, the jars, the counters file while it is created, a JFR file. */
    private static final int PROCESS_DESCRIPTORS = 32;

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host)
    {
        final long soft = host.jvm().openFilesSoftLimit();
        if (soft == JvmFacts.UNKNOWN)
        {
            return Finding.warn(NAME, "this JVM cannot tell the open files limit (not a Unix JVM)",
                "make sure the limit is above " + MAX_CONNECTIONS_PROP_NAME + " " + connectionsText(server.engine()) +
                " plus " + reservedDescriptors(server));
        }
        final String limits = "soft " + limitText(soft) + " hard " + hardLimitText(host);
        final long reserved = reservedDescriptors(server);
        final long room = connectionRoom(server, soft);
        final int connections = server.engine().maxConnections();
        if (connections != EngineConfiguration.MAX_CONNECTIONS_AUTO)
        {
            final long needed = connections + reserved;
            final String need = MAX_CONNECTIONS_PROP_NAME + " " + connections + " needs " + needed + " open files (" +
                reserved + " kept for listeners, selectors and files)";
            if (needed > soft)
            {
                // Worded to stand alone: serve prints it without the check's name.
                return Finding.fail(NAME, need + ", more than the open files limit (" + limits + ")",
                    "set " + MAX_CONNECTIONS_PROP_NAME + " to at most " + room + " (or auto), or " +
                    raiseLimit(needed));
            }
            return Finding.ok(NAME, limits + ": " + need);
        }
        final long auto = soft - EngineConfiguration.FILE_DESCRIPTOR_RESERVE;
        if (auto > room)
        {
            return Finding.warn(NAME, limits + ": " + MAX_CONNECTIONS_PROP_NAME + " auto comes to " + auto +
                " connections, but with " + server.engine().workers() + " workers only " + room + " fit",
                "set " + MAX_CONNECTIONS_PROP_NAME + "=" + room + ", or fewer holdfast.workers");
        }
        final String roomText = limits + ": room for " + room + " connections (" + MAX_CONNECTIONS_PROP_NAME + " auto)";
        if (room < FEW_CONNECTIONS)
        {
            return Finding.warn(NAME, roomText + ", few for a connection server", raiseLimit(SUGGESTED_LIMIT));
        }
        return Finding.ok(NAME, roomText);
    }

    /**
     * @param soft the open-file limit.
     * @return the connections that fit the limit beside the descriptors the process needs anyway.
     */
    static long connectionRoom(final PlannedServer server, final long soft)
    {
        return Math.max(0, soft - reservedDescriptors(server));
    }

    /**
     * @return descriptors the process holds besides its connections: what the engine keeps back for {@code auto},
     * or more where workers and the admin endpoint need more than that.
     */
    static long reservedDescriptors(final PlannedServer server)
    {
        final long estimated = PROCESS_DESCRIPTORS + (long)DESCRIPTORS_PER_WORKER * server.engine().workers() +
            (server.adminEnabled() ? ADMIN_DESCRIPTORS : 0);
        return Math.max(EngineConfiguration.FILE_DESCRIPTOR_RESERVE, estimated);
    }

    private static String raiseLimit(final long limit)
    {
        return "raise the open files limit to " + limit + " (systemd: LimitNOFILE=" + limit + "; shell: ulimit -n " +
            limit + ", up to the hard limit; above it: nofile in /etc/security/limits.conf)";
    }

    private static String hardLimitText(final HostFacts host)
    {
        try
        {
            return limitText(host.openFilesHardLimit());
        }
        catch (final HostFactException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
    }

    private static String limitText(final long limit)
    {
        return limit == HostFacts.UNLIMITED ? "unlimited" : Long.toString(limit);
    }

    private static String connectionsText(final EngineConfig engine)
    {
        return engine.maxConnections() == EngineConfiguration.MAX_CONNECTIONS_AUTO ?
            "auto" : Integer.toString(engine.maxConnections());
    }
}
