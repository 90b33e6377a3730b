package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stdout lines of {@code holdfast load} the bench reads, as the contract gives them: the established line is
 * recognised and read, failure lines give the reasons, other lines are ignored.
 */
final class LoadOutputTest
{
    @Test
    void shouldRecogniseTheEstablishedLine()
    {
        final LoadOutput output = new LoadOutput();

        assertEquals(-1, output.established());
        assertTrue(output.accept("holdfast load: established 19000 connections (failed 0) in 19.012 s, handshake " +
            "p50 212 us p99 1840 us"));

        assertEquals(19_000, output.established());
        assertEquals(0, output.failed());
    }

    @Test
    void shouldReadFailedConnectionsAndReasons()
    {
        final LoadOutput output = new LoadOutput();

        assertTrue(output.accept("holdfast load: established 995 connections (failed 5) in 1.250 s, handshake " +
            "p50 180.5 us p99 990 us"));
        assertFalse(output.accept("holdfast load: heartbeats 101 pings sent, 101 pongs received"));
        assertFalse(output.accept("holdfast load: failed 3: handshake rejected 503"));
        assertFalse(output.accept("holdfast load: failed 2: connect refused"));

        assertEquals(995, output.established());
        assertEquals(5, output.failed());
        assertEquals(List.of("3 handshake rejected 503", "2 connect refused"), output.failures());
    }

    @Test
    void shouldIgnoreOtherLines()
    {
        final LoadOutput output = new LoadOutput();

        assertFalse(output.accept("[0.012s][info][gc] Using Serial"));
        assertFalse(output.accept("holdfast load: echo 1843220 messages in 20.001 s, 92156.4 msg/s, latency us " +
            "p50 9 p90 14 p99 31 p99.9 120 max 4200"));
        assertFalse(output.accept("holdfast load: client cpu 18.250 s (91.2% of one core)"));
        assertFalse(output.accept("holdfast load: closed 19000 connections"));
        assertFalse(output.accept("holdfast load: established many connections"));

        assertEquals(List.of(), output.failures());
    }
}
