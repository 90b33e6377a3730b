package io.holdfast.ops.doctor;

import io.holdfast.engine.EngineConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A host made up for a check's test: {@code /proc} and {@code /sys} files written under a temporary root, and the
 * JVM's facts set by hand, starting from this machine's (20,000 open files, 2 processors, JDK 17, the launcher's
 * default tuning).
 */
final class FakeHost
{
    static final List<String> SERIAL_GC = List.of("Copy", "MarkSweepCompact");

    private final Path root;
    private long openFilesSoftLimit = 20_000;
    private int availableProcessors = 2;
    private Runtime.Version version = Runtime.Version.parse("17.0.15+6");
    private List<String> arguments = List.of("-Xms8m", "-Xmx96m", "-XX:+UseSerialGC");
    private List<String> garbageCollectors = SERIAL_GC;
    private long maxHeapBytes = 96L << 20;

    FakeHost(final Path root)
    {
        this.root = root;
    }

    /**
     * Write a file of the host, as {@code file("/proc/meminfo", "SwapTotal: 0 kB\n")}.
     */
    FakeHost file(final String path, final String text) throws IOException
    {
        final Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return this;
    }

    /**
     * Write a sysctl's file under {@code /proc/sys}, its value followed by a newline as the kernel writes it.
     */
    FakeHost sysctl(final String name, final String value) throws IOException
    {
        return file("/proc/sys/" + name.replace('.', '/'), value + "\n");
    }

    FakeHost openFilesSoftLimit(final long limit)
    {
        openFilesSoftLimit = limit;
        return this;
    }

    FakeHost availableProcessors(final int processors)
    {
        availableProcessors = processors;
        return this;
    }

    FakeHost version(final String version)
    {
        this.version = Runtime.Version.parse(version);
        return this;
    }

    FakeHost jvm(final List<String> arguments, final List<String> garbageCollectors, final long maxHeapBytes)
    {
        this.arguments = arguments;
        this.garbageCollectors = garbageCollectors;
        this.maxHeapBytes = maxHeapBytes;
        return this;
    }

    HostFacts facts()
    {
        return new HostFacts(root, new JvmFacts(openFilesSoftLimit, availableProcessors, version, "Test Vendor",
            "/opt/jdk", arguments, garbageCollectors, maxHeapBytes, 4096));
    }

    /**
     * @return a server with the engine config given, its counters in the folder given, the admin endpoint on.
     */
    static PlannedServer server(final EngineConfig engine, final Path directory)
    {
        return new PlannedServer(engine, directory, true, "127.0.0.1", 0, Map.of());
    }

    /**
     * @return the engine config of the bundled file on a 2-processor host: 2 workers, everything else default.
     */
    static EngineConfig engine()
    {
        return new EngineConfig().workers(2);
    }
}
