package io.holdfast.engine;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Echo handlers for every worker of one engine that record, across workers, which connections opened and the close
 * code the engine reported for each. A text message {@code close NNNN} makes the handler close its own connection
 * with code NNNN through its {@link Outbound}, to test closes the server starts from a callback.
 */
final class ConnectionRecorder
{
    static final String CLOSE_COMMAND = "close ";

    private static final long WAIT_SECONDS = 10;

    private final BlockingQueue<Long> opened = new LinkedBlockingQueue<>();
    private final Map<Long, CompletableFuture<Integer>> closeCodes = new ConcurrentHashMap<>();

    /**
     * A {@link HandlerFactory}: {@code recorder::newHandler}.
     */
    WebSocketHandler newHandler(final Outbound outbound)
    {
        final EchoHandler echo = new EchoHandler(outbound);
        return new WebSocketHandler()
        {
            public void onOpen(final long connectionId)
            {
                opened.add(connectionId);
            }

            public void onMessage(
                final long connectionId,
                final DirectBuffer buffer,
                final int offset,
                final int length,
                final boolean isText)
            {
                final String command = isText && length < 16 ? buffer.getStringWithoutLengthAscii(offset, length) : "";
                if (command.startsWith(CLOSE_COMMAND))
                {
                    outbound.close(connectionId, Integer.parseInt(command.substring(CLOSE_COMMAND.length())));
                }
                else
                {
                    echo.onMessage(connectionId, buffer, offset, length, isText);
                }
            }

            public void onClose(final long connectionId, final int code)
            {
                closeFuture(connectionId).complete(code);
            }
        };
    }

    /**
     * @return the id of the next connection the handlers were told opened, in the order they opened.
     */
    long nextOpened() throws InterruptedException
    {
        final Long id = opened.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (id == null)
        {
            fail("no connection opened within " + WAIT_SECONDS + " s");
        }
        return id;
    }

    /**
     * @return the close code the handler was told for the connection, waiting for the close if need be.
     */
    int awaitClose(final long connectionId) throws InterruptedException
    {
        try
        {
            return closeFuture(connectionId).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            return fail("handler not told of the close of " + connectionId + " within " + WAIT_SECONDS + " s");
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    boolean isClosed(final long connectionId)
    {
        return closeFuture(connectionId).isDone();
    }

    /**
     * @return how many closes the handlers were told of, by close code.
     */
    Map<Integer, Long> closesByCode()
    {
        return closeCodes.values().stream()
            .filter(CompletableFuture::isDone)
            .collect(Collectors.groupingBy(CompletableFuture::join, Collectors.counting()));
    }

    static byte[] closeCommand(final int code)
    {
        return (CLOSE_COMMAND + code).getBytes(StandardCharsets.US_ASCII);
    }

    private CompletableFuture<Integer> closeFuture(final long connectionId)
    {
        return closeCodes.computeIfAbsent(connectionId, id -> new CompletableFuture<>());
    }
}
