package io.holdfast.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine's defining property: once connections are open and echo traffic flows (mixed sizes, text and binary,
 * fragmented messages, heartbeats, ping frames), its worker threads allocate nothing and no garbage collection runs,
 * with the inbound limits off or on.
 */
final class ZeroGarbageTest
{
    private static final int CONNECTIONS = 1_000;
    private static final int WARM_UP_MESSAGES = 200_000;
    private static final int MEASURED_MESSAGES = 100_000;
    /** Far above what one connection of a closed-loop client reaches, so every bucket is used and none runs dry. */
    private static final int HIGH_RATE = 100_000;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void steadyStateEchoAllocatesNothingOnWorkerThreads() throws Exception
    {
        assertEchoAllocatesNothing(config -> {}, "");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void steadyStateEchoWithInboundLimitsOnAllocatesNothingOnWorkerThreads() throws Exception
    {
        assertEchoAllocatesNothing(
            config -> config
                .maxInboundMessagesRate(HIGH_RATE)
                .maxInboundBytesRate(HIGH_RATE << 10)
                .maxInboundPingsRate(HIGH_RATE),
            " with every inbound limit on");
    }

    private static void assertEchoAllocatesNothing(final Consumer<EngineConfig> customizer, final String description)
        throws Exception
    {
        try (TestServer server = TestServer.start(customizer, EchoHandler::new);
            EchoLoadClient client = new EchoLoadClient(server.port(), CONNECTIONS))
        {
            server.awaitConnectionCount(CONNECTIONS, Duration.ofSeconds(30));
            client.run(WARM_UP_MESSAGES);

            WorkerAllocations.assertWindowAllocatesNothing(
                2, MEASURED_MESSAGES + " echoed messages" + description, () -> client.run(MEASURED_MESSAGES));
        }
    }
}
