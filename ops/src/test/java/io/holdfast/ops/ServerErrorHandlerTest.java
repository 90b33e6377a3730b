package io.holdfast.ops;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every error reaches the log; stderr gets one line per kind of error, and one when the log is full.
 */
final class ServerErrorHandlerTest
{
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void recordsEveryErrorAndPrintsEachKindOnce()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
        final ServerErrorHandler handler = handlerOver(buffer);

        for (int i = 0; i < 3; i++)
        {
            handler.onError(failure("Too many open files"));
        }
        handler.onError(failure("Connection reset by peer"));

        assertEquals(List.of(
            "holdfast: worker error: java.io.IOException: Too many open files (holdfast errors shows each with its " +
                "count)",
            "holdfast: worker error: java.io.IOException: Connection reset by peer (holdfast errors shows each with " +
                "its count)"),
            lines());
        final long[] observations = new long[1];
        assertEquals(2, ErrorLogReader.read(buffer, (count, first, last, encoded) -> observations[0] += count));
        assertEquals(4, observations[0]);
    }

    @Test
    void saysOnceWhenTheLogIsFull()
    {
        final UnsafeBuffer tiny = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        final ServerErrorHandler handler = handlerOver(tiny);

        handler.onError(failure("first"));
        handler.onError(failure("second"));

        assertEquals(List.of(
            "holdfast: the error log is full; new kinds of error are only counted from now on",
            "holdfast: worker error: java.io.IOException: first (holdfast errors shows each with its count)",
            "holdfast: worker error: java.io.IOException: second (holdfast errors shows each with its count)"),
            lines());
    }

    @Test
    void stopsPrintingNewKindsPastTheBound()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4 * 1024 * 1024));
        final ServerErrorHandler handler = handlerOver(buffer);

        for (int i = 0; i < ServerErrorHandler.MAX_PRINTED_KINDS + 10; i++)
        {
            handler.onError(failure("kind " + i));
        }

        final List<String> lines = lines();
        assertEquals(ServerErrorHandler.MAX_PRINTED_KINDS + 1, lines.size());
        assertEquals("holdfast: more than " + ServerErrorHandler.MAX_PRINTED_KINDS + " kinds of error; holdfast " +
            "errors shows the rest", lines.get(lines.size() - 1));
    }

    private ServerErrorHandler handlerOver(final UnsafeBuffer buffer)
    {
        return new ServerErrorHandler(new DistinctErrorLog(buffer, System::currentTimeMillis), err);
    }

    private List<String> lines()
    {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static IOException failure(final String message)
    {
        return new IOException(message);
    }
}
