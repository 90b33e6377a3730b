package io.holdfast.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The engine's defining property: once connections are open and echo traffic flows (mixed sizes, text and binary,
 * fragmented messages, heartbeats), its worker threads allocate nothing and no garbage collection runs.
 */
final class ZeroGarbageTest
{
    private static final int CONNECTIONS = 1_000;
    private static final int WARM_UP_MESSAGES = 200_000;
    private static final int MEASURED_MESSAGES = 100_000;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void steadyStateEchoAllocatesNothingOnWorkerThreads() throws Exception
    {
        try (TestServer server = TestServer.echo();
            EchoLoadClient client = new EchoLoadClient(server.port(), CONNECTIONS))
        {
            server.awaitConnectionCount(CONNECTIONS, Duration.ofSeconds(30));
            client.run(WARM_UP_MESSAGES);

            WorkerAllocations.assertWindowAllocatesNothing(
                2, MEASURED_MESSAGES + " echoed messages", () -> client.run(MEASURED_MESSAGES));
        }
    }
}
