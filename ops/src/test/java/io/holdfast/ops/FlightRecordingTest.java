package io.holdfast.ops;

import jdk.jfr.Configuration;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recording {@code serve --jfr} starts: the bundled settings turn the holdfast events on, closing leaves a
 * readable file, and each way it cannot start is one line naming the file.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class FlightRecordingTest
{
    private static final Path BUNDLED_SETTINGS = OpsFiles.opsDirectory().resolve("config/holdfast.jfc");

    @TempDir
    Path directory;

    @Test
    void bundledSettingsTurnOnTheHoldfastEventsAndSampleAllocationEverySecond() throws Exception
    {
        final Map<String, String> settings = Configuration.create(BUNDLED_SETTINGS).getSettings();
        for (final String event : new String[] {"ConnectionOpened", "ConnectionClosed", "HandshakeRejected",
            "SlowConsumer", "DutyCycleExceeded", "EngineStatistics"})
        {
            assertEquals("true", settings.get("holdfast." + event + "#enabled"), event);
        }
        assertEquals("1 s", settings.get("holdfast.EngineStatistics#period"));
        assertEquals("0 ms", settings.get("holdfast.ConnectionClosed#threshold"));
        assertEquals("1 s", settings.get("jdk.ThreadAllocationStatistics#period"));
        assertEquals("150/s", settings.get("jdk.ObjectAllocationSample#throttle"));
        assertEquals("true", settings.get("jdk.GarbageCollection#enabled"));
    }

    @Test
    void closingWritesAReadableRecording() throws Exception
    {
        final Path destination = directory.resolve("rec.jfr");
        try (FlightRecording ignored = FlightRecording.start(BUNDLED_SETTINGS, destination))
        {
            new JfrEngineEvents().onConnectionOpened(42);
        }
        assertTrue(RecordingFile.readAllEvents(destination).stream()
            .anyMatch(event -> event.getEventType().getName().equals("holdfast.ConnectionOpened")));
    }

    @Test
    void missingSettingsFileIsOneLine()
    {
        final Path settings = directory.resolve("missing.jfc");
        final FlightRecordingException ex = assertThrows(FlightRecordingException.class,
            () -> FlightRecording.start(settings, directory.resolve("rec.jfr")));
        assertEquals("cannot read JFR settings " + settings + ": no such file or folder", ex.getMessage());
    }

    @Test
    void settingsThatAreNotJfcAreOneLine() throws Exception
    {
        final Path settings = Files.writeString(directory.resolve("bad.jfc"), "<configuration", StandardCharsets.UTF_8);
        final FlightRecordingException ex = assertThrows(FlightRecordingException.class,
            () -> FlightRecording.start(settings, directory.resolve("rec.jfr")));
        assertTrue(ex.getMessage().startsWith("JFR settings " + settings + " are not a valid .jfc file: "),
            ex.getMessage());
    }

    @Test
    void destinationInAFolderThatIsAFileIsOneLine() throws Exception
    {
        final Path destination = Files.createFile(directory.resolve("file")).resolve("rec.jfr");
        final FlightRecordingException ex = assertThrows(FlightRecordingException.class,
            () -> FlightRecording.start(BUNDLED_SETTINGS, destination));
        assertTrue(ex.getMessage().startsWith("cannot write the JFR recording to " + destination + ": "),
            ex.getMessage());
        assertTrue(ex.getMessage().endsWith("; give --jfr a file in a writable folder"), ex.getMessage());
    }
}
