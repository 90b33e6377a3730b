package io.holdfast.ops;

import org.agrona.IoUtil;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static io.holdfast.ops.CountersFileLayout.FILE_NAME;
import static io.holdfast.ops.CountersFileLayout.HEADER_LENGTH;

/**
 * The server's side of {@code counters.dat} (laid out as {@link CountersFileLayout} draws it): the engine's counters
 * and the distinct error log live in this memory-mapped file, so {@code holdfast stat} and {@code holdfast errors}
 * read them from another process without disturbing the server. Creating it refuses a folder a live server uses and
 * replaces the file of one that is gone; the server then beats the heartbeat so readers can tell it is alive.
 */
final class CountersFile implements AutoCloseable
{
    /** How long a freed counter id waits before it is handed out again, so readers do not mistake its owner. */
    private static final long FREE_TO_REUSE_TIMEOUT_MS = 1_000;
    private static final FileAttribute<?> USER_ONLY_DIRECTORY =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<?> USER_ONLY_FILE =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersManager countersManager;
    private final DistinctErrorLog errorLog;
    private boolean closed;

    private CountersFile(final MappedByteBuffer mapped, final int valuesLength)
    {
        this.mapped = mapped;
        header = CountersFileLayout.headerBuffer(mapped);
        header.putInt(CountersFileLayout.METADATA_LENGTH_OFFSET, CountersFileLayout.metadataLength(valuesLength));
        header.putInt(CountersFileLayout.VALUES_LENGTH_OFFSET, valuesLength);
        header.putInt(CountersFileLayout.ERROR_LOG_LENGTH_OFFSET, CountersFileLayout.ERROR_LOG_LENGTH);
        countersManager = new CountersManager(
            CountersFileLayout.metadataBuffer(mapped, header),
            CountersFileLayout.valuesBuffer(mapped, header),
            StandardCharsets.UTF_8,
            SystemEpochClock.INSTANCE,
            FREE_TO_REUSE_TIMEOUT_MS);
        errorLog = new DistinctErrorLog(
            CountersFileLayout.errorLogBuffer(mapped, header), SystemEpochClock.INSTANCE, StandardCharsets.UTF_8);

        final long nowMs = System.currentTimeMillis();
        header.putLong(CountersFileLayout.PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(CountersFileLayout.START_TIME_OFFSET, nowMs);
        header.putLong(CountersFileLayout.HEARTBEAT_OFFSET, nowMs);
        header.putIntRelease(CountersFileLayout.VERSION_OFFSET, CountersFileLayout.VERSION);
    }

    /**
     * Create {@code counters.dat} in the folder, and the folder (for this user only) if needed.
     *
     * @param directory           {@code holdfast.dir}.
     * @param counterValuesLength bytes of counter values the engine needs; metadata takes four times as much.
     * @return the mapped file, its version written.
     * @throws CountersFileException when a live server uses the folder or the file cannot be created.
     * @throws InterruptedException  while waiting for the version of a file another server may be writing.
     */
    static CountersFile create(final Path directory, final int counterValuesLength)
        throws CountersFileException, InterruptedException
    {
        createDirectory(directory);
        final Path file = directory.resolve(FILE_NAME);
        refuseIfLive(directory, file);
        final int valuesLength = CountersFileLayout.alignedValuesLength(counterValuesLength);
        return new CountersFile(mapNewFile(directory, file, CountersFileLayout.fileLength(
            CountersFileLayout.metadataLength(valuesLength), valuesLength, CountersFileLayout.ERROR_LOG_LENGTH)),
            valuesLength);
    }

    /**
     * @return the counters the engine allocates in the file.
     */
    CountersManager countersManager()
    {
        return countersManager;
    }

    /**
     * @return the log of distinct errors in the file.
     */
    DistinctErrorLog errorLog()
    {
        return errorLog;
    }

    /**
     * Tell readers the server is alive; call every second. Allocates nothing.
     */
    void heartbeat()
    {
        if (!closed)
        {
            header.putLongRelease(CountersFileLayout.HEARTBEAT_OFFSET, System.currentTimeMillis());
        }
    }

    /**
     * Mark the file stopped and unmap it. The file stays for readers, who see the server is not running; nothing
     * may use the counters or the error log afterwards.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            header.putLongRelease(CountersFileLayout.STOP_TIME_OFFSET, System.currentTimeMillis());
            IoUtil.unmap(mapped);
        }
    }

    private static void createDirectory(final Path directory) throws CountersFileException
    {
        try
        {
            if (!Files.isDirectory(directory))
            {
                createUserOnlyDirectory(directory);
            }
        }
        catch (final IOException ex)
        {
            throw CountersFileException.of("cannot create directory " + directory, ex,
                "; set holdfast.dir to a folder this user can write");
        }
    }

    private static void createUserOnlyDirectory(final Path directory) throws IOException
    {
        try
        {
            Files.createDirectories(directory, USER_ONLY_DIRECTORY);
        }
        catch (final UnsupportedOperationException ex)
        {
            Files.createDirectories(directory);
        }
    }

    /**
     * Refuse a file whose server is alive. A file without a version after a moment is from a server that died
     * while starting, and as stale as one whose process is gone or whose heartbeat stopped.
     */
    private static void refuseIfLive(final Path directory, final Path file)
        throws CountersFileException, InterruptedException
    {
        final MappedByteBuffer existing;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            if (channel.size() < HEADER_LENGTH)
            {
                return;
            }
            existing = channel.map(FileChannel.MapMode.READ_ONLY, 0, HEADER_LENGTH);
        }
        catch (final NoSuchFileException ex)
        {
            return;
        }
        catch (final IOException ex)
        {
            throw CountersFileException.of("cannot read " + file, ex, "");
        }
        try
        {
            final UnsafeBuffer header = CountersFileLayout.headerBuffer(existing);
            if (CountersFileLayout.awaitVersion(header) != 0 &&
                CountersFileLayout.isLive(header, System.currentTimeMillis()))
            {
                throw new CountersFileException("another holdfast server (pid " +
                    header.getLong(CountersFileLayout.PID_OFFSET) + ") is using " + directory +
                    "; stop it or set holdfast.dir to another folder");
            }
        }
        finally
        {
            IoUtil.unmap(existing);
        }
    }

    /**
     * Replace any old file with a new one, filled with zeros so that a full file system fails here rather than
     * with a bus error when a page is first written. Deleting rather than rewriting leaves a reader that still
     * maps the old file looking at a stopped server, not at a half-written one.
     */
    private static MappedByteBuffer mapNewFile(final Path directory, final Path file, final long length)
        throws CountersFileException
    {
        try
        {
            Files.deleteIfExists(file);
            try (FileChannel channel = openNewFile(file))
            {
                IoUtil.fill(channel, 0, length, (byte)0);
                return channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            }
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new CountersFileException("another holdfast server is starting in " + directory +
                "; stop it or set holdfast.dir to another folder");
        }
        catch (final IOException ex)
        {
            throw CountersFileException.of("cannot create " + file, ex,
                "; set holdfast.dir to a folder this user can write");
        }
    }

    private static FileChannel openNewFile(final Path file) throws IOException
    {
        try
        {
            return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), USER_ONLY_FILE);
        }
        catch (final UnsupportedOperationException ex)
        {
            return FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }
}
