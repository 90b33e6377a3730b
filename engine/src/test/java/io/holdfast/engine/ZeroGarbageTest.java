package io.holdfast.engine;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's defining property: once connections are open and echo traffic flows (mixed sizes, text and binary,
 * fragmented messages, heartbeats), its worker threads allocate nothing and no garbage collection runs.
 */
final class ZeroGarbageTest
{
    private static final int CONNECTIONS = 1_000;
    private static final int WARM_UP_MESSAGES = 200_000;
    private static final int MEASURED_MESSAGES = 100_000;

    private final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void steadyStateEchoAllocatesNothingOnWorkerThreads() throws Exception
    {
        try (TestServer server = TestServer.echo();
            EchoLoadClient client = new EchoLoadClient(server.port(), CONNECTIONS))
        {
            server.awaitConnectionCount(CONNECTIONS, Duration.ofSeconds(30));
            client.run(WARM_UP_MESSAGES);

            final long[] workerIds = workerThreadIds();
            final long[] allocatedBefore = threads.getThreadAllocatedBytes(workerIds);
            final long collectionsBefore = collectionCount();

            client.run(MEASURED_MESSAGES);

            final long[] allocated = threads.getThreadAllocatedBytes(workerIds);
            for (int i = 0; i < allocated.length; i++)
            {
                allocated[i] -= allocatedBefore[i];
            }
            assertArrayEquals(new long[workerIds.length], allocated,
                "bytes allocated by each worker thread over " + MEASURED_MESSAGES + " echoed messages");
            assertEquals(collectionsBefore, collectionCount(), "garbage collections during the measured run");
        }
    }

    private static long[] workerThreadIds()
    {
        final long[] ids = Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("holdfast-worker-"))
            .mapToLong(Thread::getId)
            .toArray();
        assertEquals(2, ids.length, "worker threads found: " + Arrays.toString(ids));
        return ids;
    }

    private static long collectionCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += collector.getCollectionCount();
        }
        return count;
    }
}
