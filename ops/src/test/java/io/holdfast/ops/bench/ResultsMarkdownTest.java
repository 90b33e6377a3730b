package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The markdown tables: every step a column, KiB per added connection between the stated steps, broadcast runs with
 * their ratios to Go's, failures shown with a numbered note, client-bound runs marked, skipped servers only in the
 * notes, and only the tables of the scenarios that ran.
 */
final class ResultsMarkdownTest
{
    private static final RunHeader HEADER = new RunHeader("2025-11-23 06:12:30 UTC",
        "2 processors (Intel(R) Xeon(R) Processor), 23.5 GiB memory, Linux 6.1.0",
        List.of("holdfast: JDK 17.0.15+6", "holdfast load: JDK 17.0.15+6"),
        "ops/bin/holdfast bench --peers holdfast,go", List.of("Each server ran alone."));

    @Test
    void shouldWriteTheHeader()
    {
        final String markdown = write();

        assertTrue(markdown.startsWith("# holdfast bench results\n\n- Date: 2025-11-23 06:12:30 UTC\n"), markdown);
        assertTrue(markdown.contains("- Machine: 2 processors (Intel(R) Xeon(R) Processor), 23.5 GiB memory, " +
            "Linux 6.1.0\n"), markdown);
        assertTrue(markdown.contains("- Runtimes:\n  - holdfast: JDK 17.0.15+6\n  - holdfast load: JDK 17.0.15+6\n"),
            markdown);
        assertTrue(markdown.contains("- Command: `ops/bin/holdfast bench --peers holdfast,go`\n"));
        assertTrue(markdown.contains("- Each server ran alone.\n"));
    }

    @Test
    void shouldWriteTheRssTableWithKibPerConnection()
    {
        final List<String> lines = write().lines().toList();

        assertTrue(lines.contains("| server | 0 | 1,000 | 5,000 | 10,000 | 19,000 | KiB per connection 1,000 to " +
            "10,000 | KiB per connection 1,000 to 19,000 |"), String.join("\n", lines));
        assertTrue(lines.contains("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"));
        // (51,200 - 32,768) / 9,000 and (69,632 - 32,768) / 18,000 KiB.
        assertTrue(lines.contains("| holdfast | 30.0 | 32.0 | 40.0 | 50.0 | 68.0 | 2.05 | 2.05 |"),
            String.join("\n", lines));
        assertTrue(lines.contains("| go | 8.0 | 28.0 | 100.0 | 196.0 | 344.0 [1] | 19.11 | - |"),
            String.join("\n", lines));
        assertTrue(lines.contains("[1] go at 19,000 connections: 17,500 of 19,000 connected (1,500 failed)  "),
            String.join("\n", lines));
        assertTrue(lines.contains("![RSS against idle connections](rss.svg)"));
    }

    @Test
    void shouldWriteTheEchoAndOpenLoopTables()
    {
        final List<String> lines = write().lines().toList();

        assertTrue(lines.contains("| holdfast | 1,000 | 50,000 | 15 | 20 | 40 | 90 | 2,000 | 11.50 | 55 |  |"),
            String.join("\n", lines));
        assertTrue(lines.contains("| go | 1,000 | 48,000 | 16 | 22 | 50 | 100 | 2,500 | 15.75 | 95 | " +
            "client-bound |"), String.join("\n", lines));
        assertTrue(lines.contains("Rate: 25,000 msg/s (half of go's closed-loop); latency corrected for " +
            "coordinated omission; behind rate: the server echoed under 95% of the rate, so its latency is that of " +
            "the messages it did echo."), String.join("\n", lines));
        assertTrue(lines.contains("| node | 5,000 | 25,000 | 5,000 | 9,000 | 9,900 | 9,990 | 10,000 | 40.00 | 95 | " +
            "client-bound behind rate |"), String.join("\n", lines));
        assertTrue(lines.contains("| holdfast | 5,000 | 25,000 | 25,000 | 30 | 80 | 150 | 3,000 | 12.25 | 99 |  |"),
            String.join("\n", lines));
        assertTrue(lines.contains("| go | 5,000 | 25,000 | - | - | - | - | - | - | - | [2] |"),
            String.join("\n", lines));
        assertTrue(lines.contains("[2] go, open loop at 5,000 connections: server exited with status 137 \\| " +
            "killed  "), String.join("\n", lines));
    }

    @Test
    void shouldListNotesAndLeaveSkippedServersOutOfTheTables()
    {
        final List<String> lines = write().lines().toList();

        assertTrue(lines.contains("[4] go: restarted after: server exited with status 137  "),
            String.join("\n", lines));
        assertTrue(lines.contains("[5] python: skipped: ops/bench/peers/python/run.sh is missing"),
            String.join("\n", lines));
        assertEquals(0, lines.stream().filter((line) -> line.startsWith("| python")).count());
    }

    @Test
    void shouldWriteTheBroadcastTableAndTheRatiosToGo()
    {
        final List<String> lines = write().lines().toList();

        assertTrue(lines.contains("## Broadcast, 256-byte text every 100 ms"), String.join("\n", lines));
        assertTrue(lines.contains("| holdfast | 1,000 | 10,000 | 900 | 1,200 | 1,500 | 2,000 | 500 | 1,400 | 1.25 | " +
            "30 |  |"), String.join("\n", lines));
        assertTrue(lines.contains("| go | 10,000 | 99,950 | 20,000 | 30,000 | 60,000 | 80,000 | 11,000 | 55,000 | " +
            "4.00 | 90 | client-bound [3] |"), String.join("\n", lines));
        assertTrue(lines.contains("[3] go, broadcast to 10,000 subscribers: deliveries missing 1,000, duplicate 0, " +
            "out of order 0  "), String.join("\n", lines));
        // p99 1,500 / 5,000 and CPU 1.25 / 5.00 at 1,000; 15,000 / 60,000 and 1.50 / 4.00 at 10,000.
        assertTrue(lines.contains("| holdfast | 1,000 | 0.30 | 0.25 |"), String.join("\n", lines));
        assertTrue(lines.contains("| holdfast | 10,000 | 0.25 | 0.38 |"), String.join("\n", lines));
        assertEquals("-", ResultsMarkdown.ratio(-1, 5));
        assertEquals("-", ResultsMarkdown.ratio(1, 0));
    }

    @Test
    void shouldLeaveOutTheTablesOfScenariosThatDidNotRun()
    {
        final ServerResults holdfast = new ServerResults("holdfast", "JDK 17.0.15+6");
        holdfast.add(SampleResults.servers().get(0).broadcast().get(0));

        final String markdown = ResultsMarkdown.write(HEADER, List.of(holdfast), new int[0], "-");

        assertTrue(markdown.contains("## Broadcast"), markdown);
        assertFalse(markdown.contains("## Resident memory"), markdown);
        assertFalse(markdown.contains("rss.svg"), markdown);
        assertFalse(markdown.contains("## Echo"), markdown);
        assertFalse(markdown.contains("## Open loop"), markdown);
        assertFalse(markdown.contains("Relative to go"), "no go to compare with: " + markdown);
    }

    @Test
    void shouldChooseTheStepsKibPerConnectionIsShownBetween()
    {
        assertSlopes(new int[][]{{1_000, 10_000}, {1_000, 19_000}}, 0, 1_000, 5_000, 10_000, 19_000);
        assertSlopes(new int[][]{{1_000, 5_000}}, 0, 1_000, 5_000);
        assertSlopes(new int[][]{{0, 200}}, 0, 200);
        assertSlopes(new int[][]{{5_000, 10_000}}, 5_000, 10_000);
        assertSlopes(new int[][]{}, 0);
    }

    private static void assertSlopes(final int[][] expected, final int... steps)
    {
        final List<int[]> slopes = ResultsMarkdown.slopes(steps);
        assertEquals(expected.length, slopes.size());
        for (int i = 0; i < expected.length; i++)
        {
            assertArrayEquals(expected[i], slopes.get(i));
        }
    }

    private static String write()
    {
        return ResultsMarkdown.write(HEADER, SampleResults.servers(), SampleResults.STEPS,
            "25,000 msg/s (half of go's closed-loop)");
    }
}
