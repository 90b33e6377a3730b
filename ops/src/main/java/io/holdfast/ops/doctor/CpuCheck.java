package io.holdfast.ops.doctor;

import io.holdfast.engine.IdleStrategyType;

import java.util.Locale;

import static io.holdfast.engine.EngineConfiguration.IDLE_STRATEGY_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.WORKERS_PROP_NAME;

/**
 * Workers against the processors this process may run on. A busy-spinning worker never gives its core back, so more
 * of them than processors starve each other and everything else on the host: a FAIL. As many as processors leaves
 * none for the kernel's network processing, and more workers than processors with any other idle strategy only
 * makes them take turns: both WARN.
 */
final class CpuCheck implements HostCheck
{
    static final String NAME = "cpus";

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host)
    {
        final int processors = host.jvm().availableProcessors();
        final int workers = server.engine().workers();
        final IdleStrategyType idle = server.engine().idleStrategy();
        final String seen = workers + " workers on " + processors + " available processors, " +
            IDLE_STRATEGY_PROP_NAME + " " + idle.name().toLowerCase(Locale.ROOT).replace('_', '-');
        final String fewerWorkers = "set " + WORKERS_PROP_NAME + " to at most " + Math.max(1, processors - 1);
        if (idle == IdleStrategyType.BUSY_SPIN && workers > processors)
        {
            return Finding.fail(NAME,
                seen + ": each busy-spinning worker holds a whole core, so they starve each other",
                fewerWorkers + ", or " + IDLE_STRATEGY_PROP_NAME + "=blocking");
        }
        if (idle == IdleStrategyType.BUSY_SPIN && workers == processors)
        {
            return Finding.warn(NAME, seen + ": no core is left for the kernel's network processing and the JVM",
                processors > 1 ? fewerWorkers : "set " + IDLE_STRATEGY_PROP_NAME + "=blocking");
        }
        if (workers > processors)
        {
            return Finding.warn(NAME, seen + ": workers take turns on the cores, adding latency",
                "set " + WORKERS_PROP_NAME + "=auto (" + processors + ")");
        }
        return Finding.ok(NAME, seen);
    }
}
