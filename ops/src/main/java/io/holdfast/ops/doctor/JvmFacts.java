package io.holdfast.ops.doctor;

import com.sun.management.UnixOperatingSystemMXBean;
import org.agrona.UnsafeApi;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;

/**
 * What the JVM running the checks reports about itself and its process. The launcher starts every command with the
 * same JDK and JVM flags, so the JVM running {@code holdfast doctor} is the one {@code holdfast serve} would get.
 *
 * @param openFilesSoftLimit  the process's open-file limit as the JVM sees it (on Linux the JVM raises its soft limit
 *                            to the hard one as it starts); {@link #UNKNOWN} where the JVM cannot tell.
 * @param availableProcessors processors this process may run on (affinity and container quota applied).
 * @param version             the JDK's runtime version.
 * @param vendor              the JDK's vendor, as {@code Debian} or {@code Eclipse Adoptium}.
 * @param javaHome            the JDK's folder.
 * @param arguments           the JVM's flags, argument files and {@code JDK_JAVA_OPTIONS} expanded.
 * @param garbageCollectors   names of the collectors' MX beans, which tell which GC runs.
 * @param maxHeapBytes        the heap's maximum size in effect.
 * @param pageSize            bytes of a memory page, the unit of {@code net.ipv4.tcp_mem}.
 */
public record JvmFacts(
    long openFilesSoftLimit,
    int availableProcessors,
    Runtime.Version version,
    String vendor,
    String javaHome,
    List<String> arguments,
    List<String> garbageCollectors,
    long maxHeapBytes,
    int pageSize)
{
    /** A limit the JVM cannot report. */
    public static final long UNKNOWN = -1;

    /**
     * @return the facts of the JVM this code runs in.
     */
    public static JvmFacts current()
    {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return new JvmFacts(
            os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : UNKNOWN,
            Runtime.getRuntime().availableProcessors(),
            Runtime.version(),
            System.getProperty("java.vendor"),
            System.getProperty("java.home"),
            ManagementFactory.getRuntimeMXBean().getInputArguments(),
            ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
            Runtime.getRuntime().maxMemory(),
            UnsafeApi.pageSize());
    }
}
