package io.holdfast.ops;

import io.holdfast.engine.EngineConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The systemd unit the archive ships, {@code systemd/holdfast.service}, checked without a running systemd (none runs
 * in this container or in CI): {@code systemd-analyze verify} parses it as systemd would and fails on any warning,
 * on a copy whose {@code ExecStart} points into an unpacked archive instead of {@code /opt/holdfast}, which verify
 * requires to exist; {@code systemd-analyze security --offline} keeps its hardening from being dropped. What verify
 * does not check, the values holdfast depends on (the user, the file limit, the stop timeout, the restart rules), is
 * checked by reading the keys. Not checked: that the user exists (it does not here) and that the unit runs under a
 * real systemd.
 */
@Timeout(value = 60, unit = SECONDS)
final class SystemdUnitIT
{
    private static final String UNIT = "systemd/holdfast.service";
    private static final String INSTALL_HOME = "/opt/holdfast/";
    /** Exposure in tenths, as systemd-analyze security rates it: above 4.9 is MEDIUM or worse. */
    private static final String EXPOSURE_THRESHOLD = "49";
    /** At least this long beyond holdfast.shutdown.timeout before systemd kills the server. */
    private static final long STOP_MARGIN_SECONDS = 10;
    /** What the JVM exits with on a SIGTERM before serve has taken the signal over. */
    private static final String JVM_SIGTERM_STATUS = "143";

    @TempDir
    Path directory;

    @Test
    void shouldPassSystemdAnalyzeVerifyWithoutAWarning() throws Exception
    {
        final Path systemdAnalyze = ExternalTool.require("systemd-analyze", "systemd");
        final Path unit = installedCopy(DistributionArchive.unpack(directory));

        final ExternalTool.Output verify = ExternalTool.run("", systemdAnalyze, "verify", unit.toString());

        verify.assertSucceeded("systemd-analyze verify");
        assertEquals("", verify.text(), "systemd-analyze verify warned");
    }

    @Test
    void shouldKeepItsHardening() throws Exception
    {
        final Path systemdAnalyze = ExternalTool.require("systemd-analyze", "systemd");
        final Path unit = installedCopy(DistributionArchive.unpack(directory));

        ExternalTool.run("", systemdAnalyze, "security", "--offline=true", "--threshold=" + EXPOSURE_THRESHOLD,
            unit.toString()).assertSucceeded("systemd-analyze security (exposure above 4.9)");
    }

    @Test
    void shouldRunServeAsItsOwnUserWithTheLimitsStopAndRestartRulesHoldfastNeeds() throws Exception
    {
        final Path unit = DistributionArchive.unpack(directory).resolve(UNIT);
        final Map<String, List<String>> service = section(unit, "Service");

        assertEquals(List.of("holdfast"), service.get("User"));
        assertEquals(List.of("holdfast"), service.get("Group"));
        assertEquals(List.of(INSTALL_HOME + "bin/holdfast serve --config /etc/holdfast/holdfast.properties"),
            service.get("ExecStart"));
        assertEquals(List.of("-/etc/holdfast/holdfast.env"), service.get("EnvironmentFile"));
        final int fileLimit = Integer.parseInt(only(service, "LimitNOFILE"));
        assertTrue(fileLimit > EngineConfiguration.FILE_DESCRIPTOR_RESERVE, "LimitNOFILE " + fileLimit);

        assertEquals(List.of("on-failure"), service.get("Restart"));
        assertEquals(List.of(String.valueOf(Main.EXIT_USAGE)), service.get("RestartPreventExitStatus"));
        assertEquals(List.of("SIGTERM"), service.get("KillSignal"));
        assertEquals(List.of(JVM_SIGTERM_STATUS), service.get("SuccessExitStatus"));
        final String stopTimeout = only(service, "TimeoutStopSec");
        assertTrue(stopTimeout.endsWith("s"), "TimeoutStopSec in seconds: " + stopTimeout);
        final long stopSeconds = Long.parseLong(stopTimeout.substring(0, stopTimeout.length() - 1));
        assertTrue(stopSeconds >= TimeUnit.MILLISECONDS.toSeconds(EngineConfiguration.SHUTDOWN_TIMEOUT_DEFAULT_MS) +
            STOP_MARGIN_SECONDS, "TimeoutStopSec " + stopTimeout + " leaves no margin over holdfast.shutdown.timeout");
        assertEquals(List.of("multi-user.target"), section(unit, "Install").get("WantedBy"));
    }

    @Test
    void shouldGiveTheDefaultTuningAsTheEnvironmentFilesExample() throws Exception
    {
        final Path home = DistributionArchive.unpack(directory);
        final List<String> example = Files.readAllLines(home.resolve("systemd/holdfast.env"), StandardCharsets.UTF_8)
            .stream()
            .filter((line) -> line.startsWith("#JAVA_OPTS="))
            .flatMap((line) -> List.of(line.substring("#JAVA_OPTS=".length()).split(" ")).stream())
            .toList();
        final List<String> tuning = Files.readAllLines(
                home.resolve("config/jvm-tuning.options"), StandardCharsets.UTF_8)
            .stream()
            .filter((line) -> !line.isBlank() && !line.startsWith("#"))
            .toList();

        assertEquals(tuning, example);
    }

    /**
     * @return a copy of the unpacked archive's unit, in the test's folder, whose commands run from the unpacked
     * archive: verify fails on an {@code ExecStart} that is not there.
     */
    private Path installedCopy(final Path home) throws Exception
    {
        final String text = Files.readString(home.resolve(UNIT), StandardCharsets.UTF_8);
        assertTrue(text.contains("ExecStart=" + INSTALL_HOME), "no ExecStart in " + INSTALL_HOME);
        final Path copy = Files.createDirectory(directory.resolve("unit")).resolve("holdfast.service");
        Files.writeString(copy, text.replace("ExecStart=" + INSTALL_HOME, "ExecStart=" + home + "/"));
        return copy;
    }

    /**
     * @return the keys of one section of a unit file, each with its values in order; comments left out.
     */
    private static Map<String, List<String>> section(final Path unit, final String name) throws Exception
    {
        final Map<String, List<String>> keys = new HashMap<>();
        String current = "";
        for (final String line : Files.readAllLines(unit, StandardCharsets.UTF_8))
        {
            if (line.startsWith("["))
            {
                current = line;
            }
            else if (current.equals("[" + name + "]") && !line.isBlank() && !line.startsWith("#"))
            {
                final int separator = line.indexOf('=');
                keys.computeIfAbsent(line.substring(0, separator), (key) -> new ArrayList<>())
                    .add(line.substring(separator + 1));
            }
        }
        return keys;
    }

    private static String only(final Map<String, List<String>> keys, final String key)
    {
        final List<String> values = keys.getOrDefault(key, List.of());
        assertEquals(1, values.size(), key + ": " + values);
        return values.get(0);
    }
}
