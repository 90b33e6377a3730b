package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code results.csv}: the header, one line per server and measurement (broadcast runs with their own columns), empty
 * cells for what was not measured and notes quoted where they hold commas.
 */
final class ResultsCsvTest
{
    @Test
    void shouldWriteOneLinePerServerAndMeasurement()
    {
        final List<String> lines = ResultsCsv.write(SampleResults.servers()).lines().toList();

        assertEquals(String.join(",", ResultsCsv.COLUMNS), lines.get(0));
        assertEquals(1 + 9 + 10 + 1 + 1, lines.size());
        final String noBroadcast = ",,,,,,,";
        assertEquals("holdfast,rss,1000,1000,33000,32768,,,,,,,,,,,," + noBroadcast + ",", lines.get(2));
        assertEquals("holdfast,closed-loop,1000,,,,,1000000,50000.0,15,20,40,90,2000,11.500,20.100,0.550,false" +
            noBroadcast + ",", lines.get(6));
        assertEquals("holdfast,open-loop,5000,,,,25000,500000,24999.5,30,45,80,150,3000,12.250,10.200,0.990,false" +
            noBroadcast + ",", lines.get(7));
        assertEquals("holdfast,broadcast,1000,,,,,200000,10000.0,900,1200,1500,1800,2000,,3.500,0.300,false,200,500," +
            "1400,1.250,0,0,0,", lines.get(8));
        assertEquals("go,rss,19000,17500,350000,352256,,,,,,,,,,,," + noBroadcast +
            ",\"17,500 of 19,000 connected (1,500 failed)\"", lines.get(14));
        assertEquals("go,closed-loop,1000,,,,,1000000,48000.0,16,22,50,100,2500,15.750,19.000,0.950,true" +
            noBroadcast + ",", lines.get(15));
        assertEquals("go,open-loop,5000,,,,25000,,,,,,,,,,," + noBroadcast + ",server exited with status 137 | killed",
            lines.get(16));
        assertEquals("go,broadcast,10000,,,,,1999000,99950.0,20000,30000,60000,70000,80000,,24.000,0.900,true,200," +
            "11000,55000,4.000,1000,0,0,\"deliveries missing 1,000, duplicate 0, out of order 0\"", lines.get(18));
        assertEquals("go,note,,,,,,,,,,,,,,,," + noBroadcast + ",restarted after: server exited with status 137",
            lines.get(19));
        assertEquals("node,open-loop,5000,,,,25000,100000,5000.0,9000,9500,9900,9990,10000,40.000,5.000,0.950,true" +
            noBroadcast + ",", lines.get(20));
        assertEquals("python,note,,,,,,,,,,,,,,,," + noBroadcast +
            ",skipped: ops/bench/peers/python/run.sh is missing", lines.get(21));
        for (final String line : lines)
        {
            assertEquals(ResultsCsv.COLUMNS.size(), CsvLine.split(line).size(), line);
        }
    }
}
