package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator's summary CSV read by column name, and the CSV line format under it.
 */
final class LoadSummaryTest
{
    private static final String HEADER = "name,url,mode,connections,established,failed,handshake_p50_us," +
        "handshake_p99_us,messages,seconds,msg_per_s,p50_us,p90_us,p99_us,p999_us,max_us,client_cpu_s";

    @Test
    void shouldReadTheLastRunByColumnName()
    {
        final String csv = HEADER + "\n" +
            "echo,ws://127.0.0.1:8080/ws,closed-loop,1000,1000,0,200,900,10,1.000,10.0,1,2,3,4,5,0.100\n" +
            "echo,ws://127.0.0.1:8080/ws,closed-loop,5000,5000,0,210,1900,1843220,20.001,92156.4,9,14,31,120," +
            "4200,18.250\n";

        final LoadSummary summary = LoadSummary.parse(csv);

        assertEquals(1_843_220, summary.messages());
        assertEquals(92_156.4, summary.messagesPerSecond());
        assertEquals(9, summary.p50Us());
        assertEquals(14, summary.p90Us());
        assertEquals(31, summary.p99Us());
        assertEquals(120, summary.p999Us());
        assertEquals(4_200, summary.maxUs());
        assertEquals(18.25, summary.clientCpuSeconds());
    }

    @Test
    void shouldReadABroadcastRunsDeliveries()
    {
        final String csv = HEADER + ",subscribers,deliveries,deliveries_per_s,delivery_p50_us,delivery_p99_us," +
            "delivery_max_us,missing,duplicates,out_of_order\n" +
            "b,ws://127.0.0.1:8080/ws,broadcast,1001,1001,0,200,900,200,20.000,10.000,1500,2000,2500,2600,2700," +
            "3.250,1000,200000,10000.000,800,2400,2700,3,2,1\n";

        final LoadSummary summary = LoadSummary.parse(csv);

        assertEquals(200, summary.messages());
        assertEquals(2_500, summary.p99Us());
        assertEquals(200_000, summary.deliveries());
        assertEquals(10_000, summary.deliveriesPerSecond());
        assertEquals(800, summary.deliveryP50Us());
        assertEquals(2_400, summary.deliveryP99Us());
        assertEquals(3, summary.missing());
        assertEquals(2, summary.duplicates());
        assertEquals(1, summary.outOfOrder());
    }

    @Test
    void shouldAllowColumnsInAnotherOrderAndExtraColumns()
    {
        final String csv = "max_us,p999_us,p99_us,p90_us,p50_us,msg_per_s,seconds,messages,client_cpu_s,extra\n" +
            "50,40,30,20,10,500.5,2.000,1001,0.5,\"a, b\"\n";

        final LoadSummary summary = LoadSummary.parse(csv);

        assertEquals(50, summary.maxUs());
        assertEquals(10, summary.p50Us());
        assertEquals(1_001, summary.messages());
    }

    @Test
    void shouldSayWhatIsMissing()
    {
        assertThrows(IllegalArgumentException.class, () -> LoadSummary.parse(HEADER + "\n"));
        final IllegalArgumentException missing =
            assertThrows(IllegalArgumentException.class, () -> LoadSummary.parse("messages\n12\n").p99Us());
        assertTrue(missing.getMessage().contains("p99_us"), missing.getMessage());
        final IllegalArgumentException notNumber =
            assertThrows(IllegalArgumentException.class, () -> LoadSummary.parse("p99_us\nslow\n").p99Us());
        assertTrue(notNumber.getMessage().contains("slow"), notNumber.getMessage());
    }

    @Test
    void shouldSplitAndJoinQuotedFields()
    {
        final List<String> fields = List.of("plain", "with, comma", "with \"quote\"", "");

        final String line = CsvLine.join(fields);

        assertEquals("plain,\"with, comma\",\"with \"\"quote\"\"\",", line);
        assertEquals(fields, CsvLine.split(line));
        assertThrows(IllegalArgumentException.class, () -> CsvLine.split("\"open"));
    }
}
