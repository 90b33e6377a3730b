package io.holdfast.ops.doctor;

import static io.holdfast.engine.EngineConfiguration.LISTEN_BACKLOG_PROP_NAME;

/**
 * The kernel caps every listener's accept queue at {@code net.core.somaxconn}, whatever backlog the server asks
 * for: below {@code holdfast.listen.backlog}, a burst of reconnecting clients overflows the smaller queue and sees
 * dropped SYNs and retries a second or more later.
 */
final class ListenBacklogCheck implements HostCheck
{
    static final String NAME = "listen backlog";
    private static final String SOMAXCONN = "net.core.somaxconn";

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host) throws HostFactException
    {
        final long somaxconn = host.sysctl(SOMAXCONN)[0];
        final int backlog = server.engine().listenBacklog();
        final String seen = SOMAXCONN + " " + somaxconn + ", " + LISTEN_BACKLOG_PROP_NAME + " " + backlog;
        if (somaxconn < backlog)
        {
            return Finding.warn(NAME, seen + ": the kernel caps the accept queue at " + somaxconn,
                "sysctl -w " + SOMAXCONN + "=" + backlog + " (and in /etc/sysctl.d/ to keep it), or set " +
                LISTEN_BACKLOG_PROP_NAME + "=" + somaxconn);
        }
        return Finding.ok(NAME, seen);
    }
}
