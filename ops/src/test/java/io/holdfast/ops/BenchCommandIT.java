package io.holdfast.ops;

import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code holdfast bench --quick} end to end with the holdfast row only and small numbers: the real server, the real
 * {@code holdfast load}, and the three result files with positive RSS readings, echo and broadcast numbers; the RSS
 * steps accumulate connections, each step's load generator adding only the difference.
 */
final class BenchCommandIT
{
    private static final long BENCH_SECONDS = 120;

    @TempDir
    Path directory;

    @Test
    @Timeout(value = BENCH_SECONDS + 20, unit = SECONDS)
    void shouldBenchHoldfastAndWriteTheResults() throws Exception
    {
        final Path output = directory.resolve("results");
        final List<String> stdout = new ArrayList<>();
        try (HoldfastProcess bench = HoldfastProcess.start(directory, "bench", "--quick", "--peers", "holdfast",
            "--steps", "0,200,400", "--echo-connections", "100", "--echo-seconds", "2", "--subscribers", "100",
            "--broadcast-seconds", "2", "--output", output.toString()))
        {
            assertEquals(0, bench.awaitExit(BENCH_SECONDS, SECONDS), "stderr: " + bench.stderr());
            for (String line = bench.nextLine(5, SECONDS); line != null; line = bench.nextLine(1, SECONDS))
            {
                stdout.add(line);
            }
            bench.assertNoStackTraceOrWorkerError();
        }
        assertTrue(stdout.stream().anyMatch((line) -> line.startsWith("holdfast bench: holdfast: RSS at 200 idle " +
            "connections: VmRSS ")), String.join("\n", stdout));

        final List<List<String>> csv = Files.readAllLines(output.resolve("results.csv")).stream()
            .map((line) -> List.of(line.split(",", -1))).toList();
        final List<String> header = csv.get(0);
        assertEquals(List.of("holdfast,rss,0", "holdfast,rss,200", "holdfast,rss,400", "holdfast,closed-loop,100",
            "holdfast,open-loop,100", "holdfast,broadcast,100"), csv.subList(1, csv.size()).stream()
            .map((row) -> String.join(",", row.subList(0, 3))).toList(), "results.csv");
        for (final List<String> rss : csv.subList(1, 4))
        {
            assertTrue(Long.parseLong(rss.get(header.indexOf("vmrss_kib"))) > 0, rss.toString());
            assertTrue(Long.parseLong(rss.get(header.indexOf("pmap_rss_kib"))) > 0, rss.toString());
            assertEquals("", rss.get(header.indexOf("note")), rss.toString());
            assertEquals(rss.get(header.indexOf("connections")), rss.get(header.indexOf("established")),
                rss.toString());
        }
        final List<String> added = Files.readAllLines(output.resolve("load").resolve("holdfast-rss-400.csv"));
        assertEquals("200", added.get(1).split(",", -1)[List.of(added.get(0).split(",")).indexOf("connections")],
            "the 400 step adds 200 to the 200 still open: " + added);
        for (final List<String> echo : csv.subList(4, 6))
        {
            assertTrue(Double.parseDouble(echo.get(header.indexOf("msg_per_s"))) > 0, echo.toString());
            assertTrue(Double.parseDouble(echo.get(header.indexOf("p99_us"))) > 0, echo.toString());
            assertTrue(Double.parseDouble(echo.get(header.indexOf("server_cpu_s_per_million"))) >= 0,
                echo.toString());
            assertEquals("", echo.get(header.indexOf("note")), echo.toString());
        }
        final List<String> broadcast = csv.get(6);
        assertTrue(Double.parseDouble(broadcast.get(header.indexOf("msg_per_s"))) > 0, broadcast.toString());
        assertTrue(Double.parseDouble(broadcast.get(header.indexOf("p99_us"))) > 0, broadcast.toString());
        assertTrue(Double.parseDouble(broadcast.get(header.indexOf("server_cpu_us_per_delivery"))) >= 0,
            broadcast.toString());
        assertEquals("0", broadcast.get(header.indexOf("missing")), broadcast.toString());
        assertEquals("", broadcast.get(header.indexOf("note")), broadcast.toString());

        final String markdown = Files.readString(output.resolve("results.md"));
        assertTrue(markdown.startsWith("# holdfast bench results\n"), markdown);
        assertTrue(markdown.contains("| holdfast | "), markdown);
        assertTrue(markdown.contains("## Broadcast, 256-byte text every 100 ms"), markdown);
        assertTrue(markdown.contains("--steps 0,200,400 --echo-connections 100"), markdown);
        assertTrue(markdown.contains("connections accumulate: each step adds to those of the previous steps, " +
            "which stay open"), markdown);
        assertEquals("svg", DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(output.resolve("rss.svg").toFile()).getDocumentElement().getTagName());
    }

    @Test
    @Timeout(value = 30, unit = SECONDS)
    void shouldRefuseABadCommandLine() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "bench", "--peers", "holdfast,rust");

        result.assertFirstLineError(Main.EXIT_USAGE, "holdfast bench: --peers: unknown server 'rust'; known: " +
            "holdfast,holdfast-25,go,node,python,netty,floor");
        assertTrue(result.stderr().contains("usage: holdfast bench"), result.stderr());
    }
}
