package io.holdfast.ops;

import org.agrona.IoUtil;
import org.agrona.SemanticVersion;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static io.holdfast.ops.CountersFileLayout.FILE_NAME;

/**
 * Another process's view of a server's {@code counters.dat}: mapped read-only, so reading can never disturb the
 * server. Gives the counters, the error log and the header's PID, start time and heartbeat, from which it tells
 * whether the server is still running.
 */
final class CountersFileReader implements AutoCloseable
{
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader counters;
    private final AtomicBuffer errorLog;
    private boolean closed;

    private CountersFileReader(final Path file, final MappedByteBuffer mapped) throws CountersFileException,
        InterruptedException
    {
        this.file = file;
        this.mapped = mapped;
        header = CountersFileLayout.headerBuffer(mapped);
        final int version = CountersFileLayout.awaitVersion(header);
        if (version == 0)
        {
            throw notReady(file);
        }
        if (SemanticVersion.major(version) != SemanticVersion.major(CountersFileLayout.VERSION))
        {
            throw new CountersFileException(file + " has layout version " + SemanticVersion.toString(version) +
                " but this holdfast reads " + SemanticVersion.toString(CountersFileLayout.VERSION) +
                "; use the holdfast that runs the server");
        }
        if (mapped.capacity() < CountersFileLayout.fileLength(header))
        {
            throw new CountersFileException(file + " is shorter than its header says; it is damaged");
        }
        counters = new CountersReader(CountersFileLayout.metadataBuffer(mapped, header),
            CountersFileLayout.valuesBuffer(mapped, header), StandardCharsets.UTF_8);
        errorLog = CountersFileLayout.errorLogBuffer(mapped, header);
    }

    /**
     * Map the counters file of a folder, waiting a moment for a server that is creating it right now.
     *
     * @param directory {@code holdfast.dir} of the server.
     * @return the reader; the server may or may not be running, see {@link #isLive(long)}.
     * @throws CountersFileException when there is no file, it is not ready, of another version, or unreadable.
     */
    static CountersFileReader open(final Path directory) throws CountersFileException, InterruptedException
    {
        final Path file = directory.resolve(FILE_NAME);
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            if (channel.size() < CountersFileLayout.HEADER_LENGTH)
            {
                throw notReady(file);
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        catch (final NoSuchFileException ex)
        {
            throw new CountersFileException(
                "no holdfast server has run with directory " + directory + " (no " + FILE_NAME + ")");
        }
        catch (final IOException ex)
        {
            throw CountersFileException.of("cannot read " + file, ex, "");
        }
        try
        {
            return new CountersFileReader(file, mapped);
        }
        catch (final CountersFileException | InterruptedException | RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    /**
     * @return the counters as the server writes them.
     */
    CountersReader counters()
    {
        return counters;
    }

    /**
     * @return the server's distinct error log, for {@link org.agrona.concurrent.errors.ErrorLogReader}.
     */
    AtomicBuffer errorLog()
    {
        return errorLog;
    }

    /**
     * @return process id of the server that wrote the file.
     */
    long pid()
    {
        return header.getLong(CountersFileLayout.PID_OFFSET);
    }

    /**
     * @return when the server started, epoch ms.
     */
    long startTimeMs()
    {
        return header.getLong(CountersFileLayout.START_TIME_OFFSET);
    }

    /**
     * @return how long ago the server last beat its heartbeat.
     */
    long heartbeatAgeMs(final long nowMs)
    {
        return nowMs - header.getLongAcquire(CountersFileLayout.HEARTBEAT_OFFSET);
    }

    /**
     * @param nowMs epoch ms now.
     * @return whether the server is running: not stopped, its process alive and its heartbeat fresh.
     */
    boolean isLive(final long nowMs)
    {
        return CountersFileLayout.isLive(header, nowMs);
    }

    /**
     * @return the line that tells the operator the server is gone.
     */
    String notRunningMessage(final long nowMs)
    {
        return "the server that wrote " + file + " (pid " + pid() + ") is not running (last heartbeat " +
            heartbeatAgeMs(nowMs) / 1_000 + "s ago)";
    }

    private static CountersFileException notReady(final Path file)
    {
        return new CountersFileException(
            file + " is not ready: a server is starting or died while starting; try again");
    }

    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }
}
