package io.holdfast.ops.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report stream of a run a test watches while it runs: it tells when the established line is out, that is when
 * every connection is up and the traffic is starting.
 */
final class SignalledOutput
{
    private static final long AWAIT_SECONDS = 30;

    private final CountDownLatch established = new CountDownLatch(1);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8)
    {
        public void println(final String line)
        {
            super.println(line);
            if (line.startsWith("holdfast load: established"))
            {
                established.countDown();
            }
        }
    };

    void awaitEstablished()
    {
        try
        {
            assertTrue(established.await(AWAIT_SECONDS, SECONDS), "no established line: " + text());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    String text()
    {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
