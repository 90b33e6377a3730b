package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's handling of the server under measurement, against the real {@code ops/bin/holdfast serve}: started on a
 * free port and ready when it accepts, its RSS and CPU readable, stopped by SIGTERM; a server that exits at once is
 * reported with its status and last error line, and every child is gone after {@link ChildProcesses#stopAll()}.
 */
@Timeout(value = 60, unit = SECONDS)
final class ServerProcessIT
{
    @TempDir
    Path directory;

    @Test
    void shouldStartMeasureAndStopHoldfast() throws Exception
    {
        final BenchPaths paths = BenchPaths.ofRunningCode();
        final BenchServer holdfast = BenchServer.of(BenchServer.HOLDFAST, paths, javaHome());
        final ChildProcesses children = new ChildProcesses();
        final ProcessProbe probe = ProcessProbe.create();

        try (ServerProcess server = ServerProcess.start(holdfast, directory.resolve("run"), directory.resolve("hf"),
            paths.root(), children))
        {
            assertTrue(server.port() > 0);
            assertTrue(probe.vmRssKib(server.pid()) > 0);
            assertTrue(probe.pmapRssKib(server.pid()) > 0);
            assertTrue(probe.cpuSeconds(server.pid()) > 0);

            assertNull(server.stop());
            assertThrows(BenchRunException.class, server::requireRunning);
        }
    }

    @Test
    void shouldReportAServerThatExitsAtOnce() throws Exception
    {
        final Path ops = directory.resolve("ops");
        Files.createDirectories(ops.resolve("bench/peers/node"));
        Files.writeString(ops.resolve("bench/peers/node/run.sh"), "echo \"no node here (port $1)\" >&2\nexit 3\n");
        final BenchServer broken = BenchServer.of("node", new BenchPaths(ops), javaHome());

        final BenchRunException failure = assertThrows(BenchRunException.class, () ->
            ServerProcess.start(broken, directory, directory.resolve("node"), directory, new ChildProcesses()));

        assertTrue(failure.getMessage().matches("server exited with status 3: no node here \\(port \\d+\\)"),
            failure.getMessage());
    }

    @Test
    void shouldNameWhatIsMissing()
    {
        final Path ops = directory.resolve("ops");

        assertEquals("skipped: ops/bench/peers/go/run.sh is missing",
            BenchServer.of("go", new BenchPaths(ops), javaHome()).unavailable());
    }

    @Test
    void shouldSayWhatEachServerRunsOn()
    {
        final BenchPaths paths = new BenchPaths(directory.resolve("ops"));
        final String jdk = "JDK " + System.getProperty("java.runtime.version");

        assertEquals(jdk, BenchServer.of(BenchServer.HOLDFAST, paths, javaHome()).runtime(null));
        assertEquals("node v20.20.2, ws 8.23.0", BenchServer.of("node", paths, javaHome())
            .runtime("peer node: ready: node v20.20.2, ws 8.23.0"));
        assertEquals("ops/bench/peers/go", BenchServer.of("go", paths, javaHome()).runtime(null));
        assertEquals("netty.jar, Netty 4.2.18.Final, " + jdk, BenchServer.of("netty", paths, javaHome())
            .runtime("peer netty: ready: netty.jar, Netty 4.2.18.Final"));
    }

    @Test
    void shouldStopEveryChildAtShutdown() throws Exception
    {
        final ChildProcesses children = new ChildProcesses();
        final ChildProcess sleeper = ChildProcess.start(List.of("sleep", "60"), Map.of(),
            directory, directory.resolve("sleep"), children);
        assertTrue(sleeper.isAlive());

        children.stopAll();

        assertFalse(sleeper.isAlive());
    }

    private static Path javaHome()
    {
        return Path.of(System.getProperty("java.home"));
    }
}
