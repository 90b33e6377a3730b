package io.holdfast.ops.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * The heap and GC in effect for a garbage-free server, advisory only. Such a server makes garbage only during
 * handshakes, so it needs little heap, and a heap larger than its live data only lets garbage touch more pages,
 * which stay resident: without an explicit {@code -Xmx} the JVM takes a quarter of the host's memory. Serial and
 * Parallel collect a small heap in short pauses and ZGC or Shenandoah a large one concurrently; G1 keeps remembered
 * sets and background threads a nearly empty heap does not need, and Epsilon never collects, so handshakes fill it.
 */
final class JvmFlagsCheck implements HostCheck
{
    static final String NAME = "jvm flags";
    /** What the bundled jvm-tuning.options, the launcher's default, sets: the example every fix points to. */
    static final String TUNING = "-Xmx96m -XX:+UseSerialGC (as the bundled jvm-tuning.options does)";

    private static final String[] HEAP_FLAGS = {"-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAMPercentage="};

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host)
    {
        final JvmFacts jvm = host.jvm();
        final String heapFlag = heapFlag(jvm.arguments());
        final String collector = collector(jvm.garbageCollectors());
        final String seen = "heap " + (heapFlag == null ? "not set" : heapFlag) + " (max " +
            Sizes.mebibytes(jvm.maxHeapBytes()) + "), GC " + collector;
        final List<String> problems = new ArrayList<>();
        if (heapFlag == null)
        {
            problems.add("without -Xmx the JVM takes a quarter of memory, and garbage touches pages that stay " +
                "resident");
        }
        if ("G1".equals(collector))
        {
            problems.add("G1's remembered sets and background threads cost memory and CPU a garbage-free server " +
                "does not need");
        }
        else if ("Epsilon".equals(collector))
        {
            problems.add("Epsilon never collects, and handshakes make garbage");
        }
        if (problems.isEmpty())
        {
            return Finding.ok(NAME, seen);
        }
        return Finding.warn(NAME, seen + ": " + String.join("; ", problems),
            "put " + TUNING + " in JAVA_OPTS, or leave JAVA_OPTS unset for that default");
    }

    /**
     * @return the last flag that bounds the heap, as the JVM takes the last; null when none does.
     */
    static String heapFlag(final List<String> arguments)
    {
        String flag = null;
        for (final String argument : arguments)
        {
            for (final String heapFlag : HEAP_FLAGS)
            {
                if (argument.startsWith(heapFlag))
                {
                    flag = argument;
                }
            }
        }
        return flag;
    }

    /**
     * @return the collector the names of its MX beans tell: Serial, Parallel, G1, ZGC, Shenandoah, Epsilon (which
     * has none) or the first name as it is.
     */
    static String collector(final List<String> beanNames)
    {
        if (beanNames.isEmpty())
        {
            return "Epsilon";
        }
        final String name = beanNames.get(0);
        if ("Copy".equals(name) || "MarkSweepCompact".equals(name))
        {
            return "Serial";
        }
        if (name.startsWith("PS "))
        {
            return "Parallel";
        }
        if (name.startsWith("G1 "))
        {
            return "G1";
        }
        if (name.startsWith("ZGC"))
        {
            return "ZGC";
        }
        return name.startsWith("Shenandoah") ? "Shenandoah" : name;
    }
}
