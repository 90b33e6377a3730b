package io.holdfast.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the bench has running (servers, load generators, installers), so that none outlives it: when the
 * bench's JVM shuts down, SIGINT included, a shutdown hook sends each (and its descendants) SIGTERM, waits a moment
 * and kills what is left.
 */
final class ChildProcesses
{
    private static final long STOP_GRACE_MS = 5_000;

    private final Set<Process> live = ConcurrentHashMap.newKeySet();

    ChildProcesses()
    {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "holdfast-bench-children"));
    }

    void add(final Process process)
    {
        live.add(process);
    }

    void remove(final Process process)
    {
        live.remove(process);
    }

    /**
     * Stop every process still registered: SIGTERM to it and its descendants, then SIGKILL after a grace period.
     */
    void stopAll()
    {
        final List<ProcessHandle> handles = new ArrayList<>();
        for (final Process process : live)
        {
            process.descendants().forEach(handles::add);
            handles.add(process.toHandle());
        }
        handles.forEach(ProcessHandle::destroy);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);
        for (final ProcessHandle handle : handles)
        {
            final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            try
            {
                handle.onExit().get(Math.max(leftMs, 1), TimeUnit.MILLISECONDS);
            }
            catch (final Exception ex)
            {
                handle.destroyForcibly();
            }
        }
        live.clear();
    }
}
