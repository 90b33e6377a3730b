package io.holdfast.ops;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The JFR recording of {@code holdfast serve --jfr FILE}: started in process with a settings file (the bundled
 * {@code holdfast.jfc}) before the engine, and stopped after it, so the file holds the whole run, the connections
 * closed at shutdown included, and is complete once the server exits.
 */
final class FlightRecording implements AutoCloseable
{
    /**
     * Disk the recording may hold, oldest chunks dropped first, as the JDK bounds a disk recording by default: a
     * server left recording for weeks keeps its latest 250 MiB rather than filling the disk.
     */
    private static final long MAX_SIZE_BYTES = 250L << 20;
    /** What {@code jcmd PID JFR.check} lists, and what {@code JFR.dump name=...} takes to copy it mid-run. */
    private static final String NAME = "holdfast-serve";

    private final Recording recording;

    private FlightRecording(final Recording recording)
    {
        this.recording = recording;
    }

    /**
     * Start recording.
     *
     * @param settings    a JFR settings file ({@code .jfc}) naming the events and their thresholds.
     * @param destination the recording file, written when the recording stops.
     * @return the running recording, to close when the server has stopped.
     * @throws FlightRecordingException when the settings cannot be read or the destination cannot be written.
     */
    static FlightRecording start(final Path settings, final Path destination) throws FlightRecordingException
    {
        final Configuration configuration;
        try
        {
            configuration = Configuration.create(settings);
        }
        catch (final IOException ex)
        {
            throw new FlightRecordingException("cannot read JFR settings " + settings + ": " + describe(ex));
        }
        catch (final ParseException ex)
        {
            throw new FlightRecordingException(
                "JFR settings " + settings + " are not a valid .jfc file: " + ex.getMessage());
        }

        final Recording recording = new Recording(configuration);
        try
        {
            recording.setName(NAME);
            recording.setToDisk(true);
            recording.setMaxSize(MAX_SIZE_BYTES);
            // Written by JFR's shutdown hook should the JVM exit without closing this, e.g. on a fatal error.
            recording.setDumpOnExit(true);
            recording.setDestination(destination);
            recording.start();
            return new FlightRecording(recording);
        }
        catch (final IOException ex)
        {
            recording.close();
            throw new FlightRecordingException(
                "cannot write the JFR recording to " + destination + ": " + describe(ex) +
                "; give --jfr a file in a writable folder");
        }
        catch (final RuntimeException ex)
        {
            recording.close();
            throw new FlightRecordingException("cannot start the JFR recording: " + ex.getMessage());
        }
    }

    /**
     * Stop recording and write the file, then release what JFR held for it. An operator may have stopped it already
     * ({@code jcmd PID JFR.stop name=holdfast-serve}), which wrote the file then.
     */
    public void close()
    {
        if (recording.getState() == RecordingState.RUNNING)
        {
            recording.stop();
        }
        recording.close();
    }

    private static String describe(final IOException ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return "no such file or folder";
        }
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof FileSystemException && ((FileSystemException)ex).getReason() != null)
        {
            return ((FileSystemException)ex).getReason();
        }
        return ex.getMessage();
    }
}
