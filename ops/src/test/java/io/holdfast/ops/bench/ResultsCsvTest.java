package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code results.csv}: the header, one line per server and measurement, empty cells for what was not measured and
 * notes quoted where they hold commas.
 */
final class ResultsCsvTest
{
    @Test
    void shouldWriteOneLinePerServerAndMeasurement()
    {
        final List<String> lines = ResultsCsv.write(SampleResults.servers()).lines().toList();

        assertEquals(String.join(",", ResultsCsv.COLUMNS), lines.get(0));
        assertEquals(1 + 7 + 8 + 1 + 1, lines.size());
        assertEquals("holdfast,rss,1000,1000,33000,32768,,,,,,,,,,,,,", lines.get(2));
        assertEquals("holdfast,closed-loop,1000,,,,,1000000,50000.0,15,20,40,90,2000,11.500,20.100,0.550,false,",
            lines.get(6));
        assertEquals("holdfast,open-loop,5000,,,,25000,500000,24999.5,30,45,80,150,3000,12.250,10.200,0.990,false,",
            lines.get(7));
        assertEquals("go,rss,19000,17500,350000,352256,,,,,,,,,,,,,\"17,500 of 19,000 connected (1,500 failed)\"",
            lines.get(12));
        assertEquals("go,closed-loop,1000,,,,,1000000,48000.0,16,22,50,100,2500,15.750,19.000,0.950,true,",
            lines.get(13));
        assertEquals("go,open-loop,5000,,,,25000,,,,,,,,,,,,server exited with status 137 | killed", lines.get(14));
        assertEquals("go,note,,,,,,,,,,,,,,,,,restarted after: server exited with status 137", lines.get(15));
        assertEquals("node,open-loop,5000,,,,25000,100000,5000.0,9000,9500,9900,9990,10000,40.000,5.000,0.950,true,",
            lines.get(16));
        assertEquals("python,note,,,,,,,,,,,,,,,,,skipped: ops/bench/peers/python/run.sh is missing", lines.get(17));
        for (final String line : lines)
        {
            assertEquals(ResultsCsv.COLUMNS.size(), CsvLine.split(line).size(), line);
        }
    }
}
