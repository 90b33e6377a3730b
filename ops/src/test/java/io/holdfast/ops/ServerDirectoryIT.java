package io.holdfast.ops;

import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.holdfast.ops.HoldfastProcess.ANY_PORT;
import static io.holdfast.ops.HoldfastProcess.LOOPBACK;
import static io.holdfast.ops.HoldfastProcess.NO_STATUS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real servers and one {@code holdfast.dir}: the second refuses while the first is alive, and once the first is
 * killed (leaving its counters file behind) a new one takes the folder over.
 */
@Timeout(value = 60, unit = SECONDS)
final class ServerDirectoryIT
{

    @TempDir
    Path directory;

    @Test
    void shouldRefuseASecondServerOnALiveDirectoryAndReuseItOnceTheFirstIsKilled() throws Exception
    {
        final Path run = directory.resolve("shared");
        final String sharedDirectory = "holdfast.dir=" + run;
        try (HoldfastProcess first = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            sharedDirectory))
        {
            first.awaitPort();

            final Result second = HoldfastProcess.runToExit(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
                sharedDirectory);

            second.assertOneLineError(Main.EXIT_FAILED, "holdfast serve: another holdfast server (pid " +
                first.pid() + ") is using " + run + "; stop it or set holdfast.dir to another folder");
        }

        try (HoldfastProcess replacement = HoldfastProcess.start(directory, "serve", LOOPBACK, ANY_PORT, NO_STATUS,
            sharedDirectory))
        {
            replacement.awaitPort();

            final Result stat = HoldfastProcess.runToExit(directory, "stat", "--dir", run.toString(), "--count", "1");

            assertEquals(0, stat.status(), "stderr: " + stat.stderr());
            assertTrue(stat.stdout().get(0).contains("  pid " + replacement.pid() + "  "), stat.stdout().get(0));
            assertEquals(0, replacement.terminate());
            replacement.assertNoStackTraceOrWorkerError();
        }
    }
}
