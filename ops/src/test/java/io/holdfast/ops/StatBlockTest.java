package io.holdfast.ops;

import io.holdfast.engine.CounterTypes;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.HandshakeRejection;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rows {@code holdfast stat} prints for rejected handshakes, read from a real counters file holding counters keyed
 * as the engine keys them (one per reason, its status as the detail): one row per status, never two rows showing the
 * same sum, labelled with every reason answered with that status.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class StatBlockTest
{
    private static final int WORKER = 0;
    /** A row: indent, label, value, and for counts a rate. */
    private static final Pattern ROW = Pattern.compile(" +(.*\\S) +(\\d+)(?: +\\S+/s)?");

    @TempDir
    Path directory;

    @Test
    void shouldPrintOneRowPerRejectionStatusLabelledWithTheChecksAnsweringWithIt() throws Exception
    {
        try (CountersFile file = CountersFile.create(directory, EngineConfig.counterValuesLength(1));
            CountersFileReader reader = CountersFileReader.open(directory))
        {
            final CountersManager counters = file.countersManager();
            long rejected = 0;
            for (final HandshakeRejection rejection : HandshakeRejection.values())
            {
                final long value = switch (rejection)
                {
                    case ORIGIN_NOT_ALLOWED -> 5;
                    case ADDRESS_CONNECTION_LIMIT -> 2;
                    case ADDRESS_HANDSHAKE_RATE -> 7;
                    case TOKEN_EXPIRED -> 3;
                    default -> 0;
                };
                TestCounters.add(counters, CounterTypes.HANDSHAKES_REJECTED, WORKER, rejection.status(), value);
                rejected += value;
            }

            final List<String> lines = new StatBlock(reader).next(System.currentTimeMillis()).lines().toList();

            assertEquals(List.of(
                "handshakes rejected " + rejected,
                "400 request, handler 0",
                "401 token, handler 3",
                "403 origin, handler 5",
                "404 path, handler 0",
                "405 request 0",
                "426 request 0",
                "429 address limits, handler 9",
                "431 request 0",
                "500 handler 0",
                "503 capacity, handler 0"), rejectionRows(lines));
        }
    }

    /**
     * @return the total of rejected handshakes and the rows indented under it, each as its label and value.
     */
    private static List<String> rejectionRows(final List<String> lines)
    {
        final List<String> rows = new ArrayList<>();
        boolean inTotal = false;
        for (final String line : lines)
        {
            if (line.startsWith("  handshakes rejected ") || inTotal && line.startsWith("    "))
            {
                inTotal = true;
                final Matcher matcher = ROW.matcher(line);
                assertTrue(matcher.matches(), line);
                rows.add(matcher.group(1) + " " + matcher.group(2));
            }
            else
            {
                inTotal = false;
            }
        }
        return rows;
    }
}
