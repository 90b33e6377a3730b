package io.holdfast.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code holdfast bench --scenario broadcast} end to end with small numbers: holdfast with the pub/sub handler and the
 * Go peer (skipped on a machine without Go, unless {@code CI} is set) each started afresh, one broadcast run each, the
 * rows in results.csv with deliveries and CPU per delivery and none missing, and results.md with only the broadcast
 * table and holdfast's ratios to Go's.
 */
final class BroadcastBenchIT
{
    private static final long BENCH_SECONDS = 90;

    @TempDir
    Path directory;

    @Test
    @Timeout(value = BENCH_SECONDS + 60, unit = SECONDS)
    void shouldBenchTheBroadcastOfHoldfastAndGo() throws Exception
    {
        GoPeer.requireInstalled(directory);
        final Path output = directory.resolve("results");
        final List<String> stdout = new ArrayList<>();
        try (HoldfastProcess bench = HoldfastProcess.start(directory, "bench", "--quick", "--scenario", "broadcast",
            "--peers", "holdfast,go", "--subscribers", "100", "--broadcast-seconds", "2", "--output",
            output.toString()))
        {
            assertEquals(0, bench.awaitExit(BENCH_SECONDS, SECONDS), "stderr: " + bench.stderr());
            for (String line = bench.nextLine(5, SECONDS); line != null; line = bench.nextLine(1, SECONDS))
            {
                stdout.add(line);
            }
            bench.assertNoStackTraceOrWorkerError();
        }
        assertTrue(stdout.stream().anyMatch((line) -> line.startsWith("holdfast bench: go: broadcast to 100 " +
            "subscribers: ")), String.join("\n", stdout));

        final List<List<String>> csv = Files.readAllLines(output.resolve("results.csv")).stream()
            .map((line) -> List.of(line.split(",", -1))).toList();
        final List<String> header = csv.get(0);
        assertEquals(List.of("holdfast,broadcast,100", "go,broadcast,100"), csv.subList(1, csv.size()).stream()
            .map((row) -> String.join(",", row.subList(0, 3))).toList(), "results.csv");
        for (final List<String> row : csv.subList(1, csv.size()))
        {
            assertTrue(Double.parseDouble(row.get(header.indexOf("msg_per_s"))) > 0, row.toString());
            assertTrue(Double.parseDouble(row.get(header.indexOf("p99_us"))) > 0, row.toString());
            assertTrue(Double.parseDouble(row.get(header.indexOf("server_cpu_us_per_delivery"))) > 0, row.toString());
            assertEquals("0", row.get(header.indexOf("missing")), row.toString());
            assertEquals("0", row.get(header.indexOf("duplicates")), row.toString());
            assertEquals("0", row.get(header.indexOf("out_of_order")), row.toString());
            assertEquals("", row.get(header.indexOf("note")), row.toString());
        }

        final String markdown = Files.readString(output.resolve("results.md"));
        assertTrue(markdown.contains("## Broadcast, 256-byte text every 100 ms"), markdown);
        assertTrue(markdown.contains("| holdfast | 100 | "), markdown);
        assertTrue(markdown.contains("| go | 100 | "), markdown);
        assertTrue(markdown.contains("| server | subscribers | p99 to last delivery / go's | server CPU per " +
            "delivery / go's |"), markdown);
        assertTrue(markdown.contains("holdfast.handler=pubsub"), markdown);
        assertFalse(markdown.contains("## Resident memory"), markdown);
        assertFalse(Files.exists(output.resolve("rss.svg")), "no RSS scenario, no chart");
    }
}
