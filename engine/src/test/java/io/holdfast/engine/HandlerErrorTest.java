package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * An exception thrown by a handler closes only that connection, with 1011, and reaches the engine's error handler;
 * the worker goes on serving its other connections.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class HandlerErrorTest
{
    private static final String BOOM = "boom";
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    @Test
    void exceptionFromOnMessageClosesOnlyThatConnectionWith1011() throws Exception
    {
        try (TestServer server = TestServer.start(
            config -> config.workers(1).errorHandler(errors::add), ThrowingHandler::new);
            RawClient healthy = RawClient.open(server.port());
            RawClient failing = RawClient.open(server.port()))
        {
            failing.sendText(BOOM);
            final RawClient.Frame close = failing.expectClose(CloseCodes.INTERNAL_ERROR);
            assertEquals("handler error", close.closeReason());
            final Throwable error = errors.poll(5, TimeUnit.SECONDS);
            assertNotNull(error, "error handler not called");
            assertEquals(BOOM, error.getMessage());

            healthy.expectEcho("still served by the same worker");
            server.awaitConnectionCount(1, SETTLE);
            healthy.closeNormally();
            server.awaitConnectionCount(0, SETTLE);
        }
    }

    @Test
    void exceptionFromOnOpenClosesThatConnectionWith1011() throws Exception
    {
        try (TestServer server = TestServer.start(
            config -> config.workers(1).errorHandler(errors::add), outbound -> new ThrowingHandler(outbound, true));
            RawClient client = RawClient.open(server.port()))
        {
            client.expectClose(CloseCodes.INTERNAL_ERROR);
            assertNotNull(errors.poll(5, TimeUnit.SECONDS), "error handler not called");
            server.awaitConnectionCount(0, SETTLE);
        }
    }

    /** Echoes, but throws for the text "boom", or on every open when asked to. */
    private static final class ThrowingHandler implements WebSocketHandler
    {
        private final EchoHandler echo;
        private final boolean throwOnOpen;

        ThrowingHandler(final Outbound outbound)
        {
            this(outbound, false);
        }

        ThrowingHandler(final Outbound outbound, final boolean throwOnOpen)
        {
            echo = new EchoHandler(outbound);
            this.throwOnOpen = throwOnOpen;
        }

        public void onOpen(final long connectionId)
        {
            if (throwOnOpen)
            {
                throw new IllegalStateException("open refused");
            }
        }

        public void onMessage(
            final long connectionId, final DirectBuffer buffer, final int offset, final int length, final boolean isText)
        {
            if (isText && BOOM.equals(buffer.getStringWithoutLengthAscii(offset, length)))
            {
                throw new IllegalStateException(BOOM);
            }
            echo.onMessage(connectionId, buffer, offset, length, isText);
        }

        public void onClose(final long connectionId, final int code)
        {
        }
    }
}
