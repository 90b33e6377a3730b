package io.holdfast.engine;

import io.holdfast.codec.frame.Opcode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Output to one connection within a duty cycle is coalesced into one write after the first: a client that sends a
 * thousand messages in one segment gets every echo and heartbeat reply back, whole and in order.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class CoalescedWritesTest
{
    private static final int MESSAGES = 1_000;

    @Test
    void messagesArrivingInOneReadAreAnsweredInOrder() throws Exception
    {
        try (TestServer server = TestServer.echo();
            RawClient client = RawClient.open(server.port()))
        {
            final ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < MESSAGES; i++)
            {
                burst.writeBytes(client.frame(Opcode.TEXT, RawClient.utf8(textOf(i))));
            }
            client.sendRaw(burst.toByteArray());

            for (int i = 0; i < MESSAGES; i++)
            {
                client.expectMessage(Opcode.TEXT, RawClient.utf8(i % 100 == 50 ? "{\"type\":\"pong\"}" : textOf(i)));
            }
            client.expectEcho("after the burst");
        }
    }

    private static String textOf(final int i)
    {
        return i % 100 == 50 ? "{\"type\":\"ping\"}" : "message " + i;
    }
}
