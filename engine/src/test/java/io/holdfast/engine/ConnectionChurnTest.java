package io.holdfast.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many connections opened, used and closed, twice over: every slot and buffer comes back, so the second round starts
 * from the same empty table as the first.
 */
final class ConnectionChurnTest
{
    private static final int CONNECTIONS = 5_000;
    private static final int ROUNDS = 2;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fiveThousandConnectionsOpenEchoAndCloseTwice() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                try (EchoLoadClient client = new EchoLoadClient(server.port(), CONNECTIONS))
                {
                    server.awaitConnectionCount(CONNECTIONS, Duration.ofSeconds(30));
                    client.run(2 * CONNECTIONS);
                }
                server.awaitConnectionCount(0, Duration.ofSeconds(30));
                assertEquals(0, server.engine().connectionTableSize(), "connection table slots in use");
            }
        }
    }
}
