package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap and GC flags in effect: an explicit heap bound with Serial, Parallel, ZGC or Shenandoah passes; no
 * bound, G1 or Epsilon WARN with the default tuning as the fix.
 */
final class JvmFlagsCheckTest
{
    private static final long MIB = 1L << 20;

    @TempDir
    Path root;

    @Test
    void shouldPassTheLaunchersDefaultTuning()
    {
        assertEquals(new Finding("jvm flags", Severity.OK, "heap -Xmx96m (max 96 MiB), GC Serial", ""),
            check(List.of("-Xms8m", "-Xmx96m", "-XX:+UseSerialGC"), FakeHost.SERIAL_GC, 96 * MIB));
    }

    @Test
    void shouldWarnWithoutAHeapBound()
    {
        final Finding finding = check(List.of("-XX:+UseSerialGC"), FakeHost.SERIAL_GC, 6028 * MIB);

        assertEquals(Severity.WARN, finding.severity());
        assertTrue(finding.detail().startsWith("heap not set (max 6028 MiB), GC Serial: without -Xmx the JVM takes " +
            "a quarter of memory"), finding.detail());
        assertEquals("put -Xmx96m -XX:+UseSerialGC (as the bundled jvm-tuning.options does) in JAVA_OPTS, or " +
            "leave JAVA_OPTS unset for that default", finding.fix());
    }

    @Test
    void shouldWarnOfG1AndEpsilonButNotOfTheOtherCollectors()
    {
        final List<String> heap = List.of("-Xmx1g");

        final Finding g1 = check(heap, List.of("G1 Young Generation", "G1 Old Generation"), 1024 * MIB);
        assertEquals(Severity.WARN, g1.severity());
        assertTrue(g1.detail().contains("GC G1: G1's remembered sets"), g1.detail());
        final Finding epsilon = check(heap, List.of(), 1024 * MIB);
        assertEquals(Severity.WARN, epsilon.severity());
        assertTrue(epsilon.detail().contains("Epsilon never collects"), epsilon.detail());
        assertEquals(Severity.OK, check(heap, List.of("PS Scavenge", "PS MarkSweep"), MIB).severity());
        assertEquals(Severity.OK, check(heap, List.of("ZGC Cycles", "ZGC Pauses"), MIB).severity());
        assertEquals(Severity.OK, check(heap, List.of("Shenandoah Cycles", "Shenandoah Pauses"), MIB).severity());
    }

    @Test
    void shouldTakeTheLastHeapFlagAsTheJvmDoes()
    {
        assertEquals("-XX:MaxHeapSize=200m", JvmFlagsCheck.heapFlag(
            List.of("-Xmx96m", "-Xss256k", "-XX:MaxHeapSize=200m", "-Xms8m")));
        assertEquals("-XX:MaxRAMPercentage=25", JvmFlagsCheck.heapFlag(List.of("-XX:MaxRAMPercentage=25")));
        assertNull(JvmFlagsCheck.heapFlag(List.of("-Xms96m", "-XX:MaxDirectMemorySize=256m")));
    }

    @Test
    void shouldNameTheCollectorFromItsBeans()
    {
        assertEquals("Serial", JvmFlagsCheck.collector(FakeHost.SERIAL_GC));
        assertEquals("ZGC", JvmFlagsCheck.collector(List.of("ZGC Minor Cycles", "ZGC Major Cycles")));
        assertEquals("Some GC", JvmFlagsCheck.collector(List.of("Some GC")));
    }

    private Finding check(final List<String> arguments, final List<String> collectors, final long maxHeapBytes)
    {
        return new JvmFlagsCheck().run(FakeHost.server(FakeHost.engine(), root),
            new FakeHost(root).jvm(arguments, collectors, maxHeapBytes).facts());
    }
}
