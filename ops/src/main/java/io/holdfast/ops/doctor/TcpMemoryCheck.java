package io.holdfast.ops.doctor;

import static io.holdfast.engine.EngineConfiguration.MAX_PENDING_TOTAL_PROP_NAME;

/**
 * {@code net.ipv4.tcp_mem} against the worst-case pending output. Output holdfast keeps for slow readers waits
 * behind their sockets' send buffers, which the kernel holds full at the same time; when all TCP memory passes
 * tcp_mem's pressure threshold (in pages) the kernel shrinks every socket's buffers, so a pile-up of slow consumers
 * would slow every connection before {@code holdfast.max.pending.total} cuts the slowest.
 */
final class TcpMemoryCheck implements HostCheck
{
    static final String NAME = "tcp memory";
    private static final String TCP_MEM = "net.ipv4.tcp_mem";
    private static final int LOW = 0;
    private static final int PRESSURE = 1;
    private static final int HIGH = 2;

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host) throws HostFactException
    {
        final long[] pages = host.sysctl(TCP_MEM);
        if (pages.length != 3)
        {
            throw new HostFactException("expected 3 numbers in /proc/sys/net/ipv4/tcp_mem, found " + pages.length);
        }
        final long pageSize = host.jvm().pageSize();
        final long pendingTotal = server.engine().maxPendingTotal();
        final String seen = TCP_MEM + " pressure at " + Sizes.mebibytes(pages[PRESSURE] * pageSize) + " (" +
            pages[PRESSURE] + " pages of " + pageSize + " bytes), " + MAX_PENDING_TOTAL_PROP_NAME + " " +
            Sizes.mebibytes(pendingTotal);
        if (pages[PRESSURE] * pageSize < pendingTotal)
        {
            final long needed = (pendingTotal + pageSize - 1) / pageSize;
            return Finding.warn(NAME, seen + ": the kernel would squeeze every socket's buffers before holdfast " +
                "cuts its slowest readers",
                "sysctl -w " + TCP_MEM + "='" + Math.min(pages[LOW], needed) + " " + needed + " " +
                Math.max(pages[HIGH], needed + needed / 2) + "' (and in /etc/sysctl.d/ to keep it), or lower " +
                MAX_PENDING_TOTAL_PROP_NAME);
        }
        return Finding.ok(NAME, seen);
    }
}
