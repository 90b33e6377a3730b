package io.holdfast.ops.doctor;

import io.holdfast.engine.EngineConfiguration;

/**
 * For {@code holdfast load} run on this host, the client side: each connection it opens from one source address to
 * the server takes an ephemeral port from {@code net.ipv4.ip_local_port_range}, so a range narrower than the
 * server's connection limit cannot fill the server from one address. Irrelevant to a server whose clients are
 * elsewhere, hence only a WARN.
 */
final class LocalPortRangeCheck implements HostCheck
{
    static final String NAME = "local ports";
    private static final String RANGE = "net.ipv4.ip_local_port_range";
    /** The widest range the kernel allows, leaving the privileged ports alone. */
    private static final String WIDE_RANGE = "1024 65535";

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host) throws HostFactException
    {
        final long[] range = host.sysctl(RANGE);
        if (range.length != 2)
        {
            throw new HostFactException("expected 2 numbers in /proc/sys/net/ipv4/ip_local_port_range, found " +
                range.length);
        }
        final long ports = range[1] - range[0] + 1;
        final long wanted = connectionsToTest(server, host.jvm().openFilesSoftLimit());
        final String seen = RANGE + " " + range[0] + "-" + range[1] + ": " + ports + " ports per source address " +
            "for holdfast load clients on this host";
        if (ports < wanted)
        {
            return Finding.warn(NAME, seen + ", fewer than the " + wanted + " connections to test",
                "sysctl -w " + RANGE + "='" + WIDE_RANGE + "', or give holdfast load --source-addresses " +
                "(each address has its own ports)");
        }
        return Finding.ok(NAME, seen);
    }

    /**
     * @return the server's connection limit: the configured one, or for {@code auto} what the open-file limit makes
     * room for (a server's worth, where the JVM cannot tell it).
     */
    private static long connectionsToTest(final PlannedServer server, final long openFilesSoftLimit)
    {
        final int connections = server.engine().maxConnections();
        if (connections != EngineConfiguration.MAX_CONNECTIONS_AUTO)
        {
            return connections;
        }
        return openFilesSoftLimit == JvmFacts.UNKNOWN ? OpenFilesCheck.FEW_CONNECTIONS :
            OpenFilesCheck.connectionRoom(server, openFilesSoftLimit);
    }
}
