package io.holdfast.ops.doctor;

import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.IdleStrategyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Workers against processors: busy-spin on more workers than processors FAILs, on as many WARNs; any other idle
 * strategy only WARNs on more workers than processors.
 */
final class CpuCheckTest
{
    @TempDir
    Path root;

    @Test
    void shouldFailBusySpinOnMoreWorkersThanProcessors()
    {
        final Finding finding = check(IdleStrategyType.BUSY_SPIN, 3, 2);

        assertEquals(new Finding("cpus", Severity.FAIL, "3 workers on 2 available processors, " +
            "holdfast.idle.strategy busy-spin: each busy-spinning worker holds a whole core, so they starve each other",
            "set holdfast.workers to at most 1, or holdfast.idle.strategy=blocking"), finding);
    }

    @Test
    void shouldWarnBusySpinOnAsManyWorkersAsProcessors()
    {
        final Finding two = check(IdleStrategyType.BUSY_SPIN, 2, 2);
        final Finding one = check(IdleStrategyType.BUSY_SPIN, 1, 1);

        assertEquals(Severity.WARN, two.severity());
        assertEquals("set holdfast.workers to at most 1", two.fix());
        assertEquals(Severity.WARN, one.severity());
        assertEquals("set holdfast.idle.strategy=blocking", one.fix());
    }

    @Test
    void shouldPassBusySpinOnFewerWorkersThanProcessors()
    {
        assertEquals(Severity.OK, check(IdleStrategyType.BUSY_SPIN, 1, 2).severity());
    }

    @Test
    void shouldWarnOtherStrategiesOnlyOnMoreWorkersThanProcessors()
    {
        final Finding more = check(IdleStrategyType.BLOCKING, 3, 2);

        assertEquals(Severity.WARN, more.severity());
        assertEquals("set holdfast.workers=auto (2)", more.fix());
        assertEquals(new Finding("cpus", Severity.OK,
            "2 workers on 2 available processors, holdfast.idle.strategy blocking", ""),
            check(IdleStrategyType.BLOCKING, 2, 2));
        assertEquals(Severity.WARN, check(IdleStrategyType.YIELDING, 4, 2).severity());
    }

    private Finding check(final IdleStrategyType idle, final int workers, final int processors)
    {
        final EngineConfig engine = new EngineConfig().workers(workers).idleStrategy(idle);
        return new CpuCheck().run(
            FakeHost.server(engine, root), new FakeHost(root).availableProcessors(processors).facts());
    }
}
