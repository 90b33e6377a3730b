package io.holdfast.ops;

import io.holdfast.ops.HoldfastProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code ops/bin/holdfast config}, run as an operator runs it from the project folder: the effective value
 * of every key and where it came from, with the bundled file, {@code --config} files, {@code -D} properties and
 * {@code key=value} arguments; and the one-line errors, exit status 2, of a configuration serve would refuse.
 */
@Timeout(value = 60, unit = SECONDS)
final class ConfigCommandIT
{
    private static final String BUNDLED = "ops/config/holdfast.properties";

    @TempDir
    Path directory;

    @Test
    void shouldPrintEveryKeyFromTheBundledFileWithItsLine() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "config");

        assertEquals(Main.EXIT_OK, result.status(), result.stderr());
        assertEquals("", result.stderr());
        final Map<String, Row> rows = rows(result.stdout());
        final List<String> bundled = Files.readAllLines(OpsFiles.bundledConfig(), StandardCharsets.UTF_8);
        for (final ServerSettings.Setting<?> setting : ServerSettings.all())
        {
            final Row row = rows.get(setting.key());
            assertNotNull(row, setting.key() + " missing from " + result.stdout());
            assertEquals(defaultText(setting), asWritten(row.value()), setting.key());
            assertTrue(row.origin().startsWith(BUNDLED + ":"), row.toString());
            final int line = Integer.parseInt(row.origin().substring(BUNDLED.length() + 1));
            assertEquals(setting.key() + "=" + asWritten(row.value()), bundled.get(line - 1), row.toString());
        }
        assertEquals(ServerSettings.all().size(), rows.size());
        assertEquals("auto (" + Runtime.getRuntime().availableProcessors() + ")",
            rows.get("holdfast.workers").value());
        assertEquals("60s", rows.get("holdfast.idle.timeout").value());
        assertEquals("1MiB", rows.get("holdfast.max.message").value());
    }

    /**
     * @return a shown value without what {@code auto} comes to on this host, as the config file holds it.
     */
    private static String asWritten(final String shown)
    {
        final int resolved = shown.indexOf(" (");
        return resolved < 0 ? shown : shown.substring(0, resolved);
    }

    @Test
    void shouldLetLaterConfigFilesAndThenArgumentsWinNamingWhereEachValueCameFrom() throws Exception
    {
        final Path first = file("first.properties", "# first", "holdfast.listen.port=1000", "holdfast.path=/first");
        final Path second = file("second.properties", "holdfast.listen.port=2000", "holdfast.max.pending=5MiB");

        final Result result = HoldfastProcess.runToExit(directory, "config", "--config", first.toString(),
            "--config", second.toString(), "holdfast.workers=3", "holdfast.max.pending=8388608");

        assertEquals(Main.EXIT_OK, result.status(), result.stderr());
        final Map<String, Row> rows = rows(result.stdout());
        assertEquals(new Row("2000", second + ":1"), rows.get("holdfast.listen.port"));
        assertEquals(new Row("/first", first + ":3"), rows.get("holdfast.path"));
        assertEquals(new Row("3", "command line"), rows.get("holdfast.workers"));
        assertEquals(new Row("8MiB", "command line"), rows.get("holdfast.max.pending"));
        // The bundled file is not read when a --config file is given.
        assertEquals(new Row("60s", "default"), rows.get("holdfast.idle.timeout"));
        assertEquals(new Row("", "default"), rows.get("holdfast.subprotocols"));
    }

    @Test
    void shouldTakeSystemPropertiesOverFilesAndArgumentsOverSystemProperties() throws Exception
    {
        final Path file = file("server.properties", "holdfast.idle.timeout=30s", "holdfast.workers=1");
        final String flags =
            "-Dholdfast.idle.timeout=90000ms -Dholdfast.workers=2 -Dholdfast.duty.cycle.threshold=500us";

        final List<String> stdout = new ArrayList<>();
        final String stderr;
        try (HoldfastProcess holdfast = HoldfastProcess.startWithJvmFlags(
            directory, flags, "config", "--config", file.toString(), "holdfast.workers=3"))
        {
            assertEquals(Main.EXIT_OK, holdfast.awaitExit(HoldfastProcess.EXIT_SECONDS, SECONDS), holdfast.stderr());
            for (int i = 0; i <= ServerSettings.all().size(); i++)
            {
                stdout.add(holdfast.nextLine(HoldfastProcess.EXIT_SECONDS, SECONDS));
            }
            stderr = holdfast.stderr();
        }

        HoldfastProcess.assertNoStackTrace(stderr);
        final Map<String, Row> rows = rows(stdout);
        assertEquals(new Row("90s", "-Dholdfast.idle.timeout"), rows.get("holdfast.idle.timeout"));
        assertEquals(new Row("500us", "-Dholdfast.duty.cycle.threshold"), rows.get("holdfast.duty.cycle.threshold"));
        assertEquals(new Row("3", "command line"), rows.get("holdfast.workers"));
    }

    @Test
    void shouldRefuseAnUnknownKeySuggestingTheClosest() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "config", "holdfast.idle.timout=30s");

        result.assertOneLineError(Main.EXIT_USAGE,
            "holdfast config: command line: unknown key 'holdfast.idle.timout'; did you mean holdfast.idle.timeout?");
    }

    @Test
    void shouldRefuseABadValueNamingFileLineValueAndForm() throws Exception
    {
        final Path file = file("bad.properties", "holdfast.listen.port=9000", "", "holdfast.max.message=big");

        final Result result = HoldfastProcess.runToExit(directory, "config", "--config", file.toString());

        result.assertOneLineError(Main.EXIT_USAGE, "holdfast config: " + file + ":3: holdfast.max.message=big is " +
            "not valid; expected a size from 125 to 2147483583, such as 512, 64KiB or 4MiB");
    }

    @Test
    void shouldRefuseAMissingConfigFile() throws Exception
    {
        final Path missing = directory.resolve("missing.properties");

        final Result result = HoldfastProcess.runToExit(directory, "config", "--config", missing.toString());

        result.assertOneLineError(Main.EXIT_USAGE, "holdfast config: cannot read config file " + missing +
            ": no such file");
    }

    @Test
    void shouldRefuseAnImpossibleCombination() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "config", "holdfast.max.pending=1MiB");

        result.assertOneLineError(Main.EXIT_USAGE, "holdfast config: configuration is not valid: " +
            "holdfast.max.pending must be at least holdfast.max.message + 14 bytes (1048590): 1048576");
    }

    @Test
    void shouldRefuseAnUnexpectedArgumentShowingTheUsage() throws Exception
    {
        final Result result = HoldfastProcess.runToExit(directory, "config", "--verbose");

        result.assertFirstLineError(Main.EXIT_USAGE, "holdfast config: unexpected argument '--verbose'");
        assertTrue(result.stderr().contains("usage: holdfast config [--config FILE]... [key=value]..."),
            result.stderr());
    }

    private static <T> String defaultText(final ServerSettings.Setting<T> setting)
    {
        return setting.text(setting.defaultValue());
    }

    /**
     * Split the output into rows by the columns of its heading line, so an empty value keeps its place.
     */
    private static Map<String, Row> rows(final List<String> stdout)
    {
        assertTrue(stdout.size() > 1, "output: " + stdout);
        final String heading = stdout.get(0);
        final int valueColumn = heading.indexOf("VALUE");
        final int originColumn = heading.indexOf("ORIGIN");
        assertTrue(heading.startsWith("KEY ") && valueColumn > 0 && originColumn > valueColumn, heading);
        final Map<String, Row> rows = new LinkedHashMap<>();
        String previousKey = "";
        for (final String line : stdout.subList(1, stdout.size()))
        {
            final String key = line.substring(0, valueColumn).trim();
            assertTrue(key.compareTo(previousKey) > 0, "keys not sorted: " + previousKey + ", " + key);
            assertEquals(' ', line.charAt(originColumn - 1), "origin column not aligned: " + line);
            rows.put(key, new Row(line.substring(valueColumn, originColumn).trim(), line.substring(originColumn)));
            previousKey = key;
        }
        return rows;
    }

    private Path file(final String name, final String... lines) throws IOException
    {
        return Files.write(directory.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    /**
     * One key's effective value, as printed, and its origin.
     */
    private record Row(String value, String origin)
    {
    }
}
