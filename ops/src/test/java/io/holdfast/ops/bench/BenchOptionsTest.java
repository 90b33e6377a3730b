package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's command line: full and quick defaults, every option, the run order, and one clear message per mistake.
 */
final class BenchOptionsTest
{
    @Test
    void shouldDefaultToTheFullRun() throws Exception
    {
        final BenchOptions options = BenchOptions.parse(new String[0]);

        assertEquals(List.of("rss", "echo", "broadcast"), options.scenarios());
        assertEquals(BenchOptions.SERVERS, options.servers());
        assertArrayEquals(new int[]{0, 1_000, 5_000, 10_000, 19_000}, options.steps());
        assertArrayEquals(new int[]{1_000, 10_000}, options.subscribers());
        assertEquals(20, options.broadcastSeconds());
        assertArrayEquals(new int[]{1_000, 5_000}, options.echoConnections());
        assertEquals(5_000, options.openLoopConnections());
        assertEquals(20, options.echoSeconds());
        assertEquals(5, options.warmupSeconds());
        assertEquals(0, options.openLoopRate());
        assertNull(options.output());
        assertFalse(options.publish());
        assertEquals("ops/bin/holdfast bench", options.commandLine());
    }

    @Test
    void shouldMakeQuickRunsSmallUnlessToldOtherwise() throws Exception
    {
        final BenchOptions quick = BenchOptions.parse(new String[]{"--quick"});
        assertEquals(List.of("holdfast"), quick.servers());
        assertArrayEquals(new int[]{0, 1_000, 5_000}, quick.steps());
        assertArrayEquals(new int[]{1_000}, quick.echoConnections());
        assertEquals(5, quick.echoSeconds());
        assertEquals(2, quick.warmupSeconds());
        assertArrayEquals(new int[]{1_000}, quick.subscribers());
        assertEquals(5, quick.broadcastSeconds());

        final BenchOptions given = BenchOptions.parse(new String[]{"--peers", "go,holdfast", "--quick", "--steps",
            "200,0,200", "--echo-seconds", "2"});
        assertEquals(List.of("go", "holdfast"), given.servers());
        assertArrayEquals(new int[]{0, 200}, given.steps());
        assertEquals(2, given.echoSeconds());
    }

    @Test
    void shouldReadEveryOption() throws Exception
    {
        final String[] args = {"--echo-connections", "5000,1000", "--open-loop-rate", "40000/s", "--output",
            "/tmp/x", "--publish"};

        final BenchOptions options = BenchOptions.parse(args);

        assertArrayEquals(new int[]{1_000, 5_000}, options.echoConnections());
        assertEquals(40_000, options.openLoopRate());
        assertEquals(Path.of("/tmp/x"), options.output());
        assertTrue(options.publish());
        assertEquals("ops/bin/holdfast bench " + String.join(" ", args), options.commandLine());
    }

    @Test
    void shouldRunOnlyTheScenariosAsked() throws Exception
    {
        final BenchOptions broadcast = BenchOptions.parse(new String[]{"--scenario", "broadcast", "--subscribers",
            "10000,200", "--broadcast-seconds", "3"});
        assertEquals(List.of("broadcast"), broadcast.scenarios());
        assertTrue(broadcast.runs("broadcast"));
        assertFalse(broadcast.runs("rss"));
        assertEquals(List.of("holdfast", "holdfast-25", "go"), broadcast.servers(),
            "the servers that speak pub/sub, unless --peers says otherwise");
        assertArrayEquals(new int[]{200, 10_000}, broadcast.subscribers());
        assertEquals(3, broadcast.broadcastSeconds());

        assertEquals(List.of("rss", "broadcast"),
            BenchOptions.parse(new String[]{"--scenario", "broadcast,rss,broadcast"}).scenarios(), "in fixed order");
        assertEquals(List.of("go", "node"),
            BenchOptions.parse(new String[]{"--scenario", "broadcast", "--peers", "go,node"}).servers());
        assertEquals(List.of("holdfast"), BenchOptions.parse(new String[]{"--scenario", "broadcast", "--quick"})
            .servers());
    }

    @Test
    void shouldRunGoFirstWhenItSetsTheOpenLoopRate() throws Exception
    {
        assertEquals(List.of("go", "holdfast", "holdfast-25", "node", "python", "netty", "floor"),
            Bench.order(BenchOptions.parse(new String[0])));
        assertEquals(List.of("holdfast", "go"),
            Bench.order(BenchOptions.parse(new String[]{"--peers", "holdfast,go", "--open-loop-rate", "1000"})));
        assertEquals(List.of("holdfast", "node"),
            Bench.order(BenchOptions.parse(new String[]{"--peers", "holdfast,node"})));
        assertEquals(List.of("holdfast", "go"),
            Bench.order(BenchOptions.parse(new String[]{"--peers", "holdfast,go", "--scenario", "rss,broadcast"})),
            "no echo, no open-loop rate to set");
    }

    @Test
    void shouldHoldEachStepsConnectionsPastEveryLaterStep()
    {
        final int[] steps = {0, 1_000, 5_000, 10_000, 19_000};

        // 60 s margin, then each later step's connect deadline (its connections at 1,000/s + 30 s) and 2 s settling.
        assertEquals(60 + 37 + 42 + 51, Bench.holdSeconds(steps, 1));
        assertEquals(60 + 51, Bench.holdSeconds(steps, 3));
        assertEquals(60, Bench.holdSeconds(steps, 4));
    }

    @Test
    void shouldNameTheMistake()
    {
        assertMessage("unknown option '--fast'", "--fast");
        assertMessage("--peers: unknown server 'rust'; known: holdfast,holdfast-25,go,node,python,netty,floor",
            "--peers", "holdfast,rust");
        assertMessage("--steps 1k is not valid; expected a whole number from 0 to 100000", "--steps", "0,1k");
        assertMessage("--echo-connections 0 is not valid; expected a whole number from 1 to 100000",
            "--echo-connections", "0");
        assertMessage("--echo-seconds 0 is not valid; expected a whole number from 1 to 600", "--echo-seconds", "0");
        assertMessage("--open-loop-rate fast/s is not valid; expected messages per second from 1/s to " +
            "10000000/s", "--open-loop-rate", "fast/s");
        assertMessage("--output needs a value", "--output");
        assertMessage("--scenario: unknown scenario 'memory'; known: rss,echo,broadcast", "--scenario",
            "echo,memory");
        assertMessage("--subscribers 0 is not valid; expected a whole number from 1 to 100000", "--subscribers", "0");
        assertMessage("--broadcast-seconds 601 is not valid; expected a whole number from 1 to 600",
            "--broadcast-seconds", "601");
        assertMessage("--publish replaces the whole published table, so it needs every scenario; the results of a " +
            "run of some scenarios stay in its own folder", "--scenario", "broadcast", "--publish");
        assertMessage("--steps needs a value", "--steps", "--quick");
    }

    private static void assertMessage(final String message, final String... args)
    {
        assertEquals(message, assertThrows(BenchUsageException.class, () -> BenchOptions.parse(args)).getMessage());
    }
}
