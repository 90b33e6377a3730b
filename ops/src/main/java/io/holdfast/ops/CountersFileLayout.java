package io.holdfast.ops;

import org.agrona.BitUtil;
import org.agrona.SemanticVersion;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;

/**
 * Byte layout of {@code counters.dat}, the file through which a running server shows its counters and errors to
 * other processes. The server writes the header, sections and lengths first and the version last, with a release
 * store, so a reader that sees a version sees the rest.
 * <pre>
 *  +-----------------------------+
 *  |      Header (128 bytes)     |
 *  +-----------------------------+
 *  |      Counters metadata      |  4 x the values length
 *  +-----------------------------+
 *  |       Counters values       |
 *  +-----------------------------+
 *  |      Distinct error log     |
 *  +-----------------------------+
 * </pre>
 * Header:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Layout version (0: not ready)               |  0
 *  +---------------------------------------------------------------+
 *  |                          (unused)                             |  4
 *  +---------------------------------------------------------------+
 *  |                          Server PID                           |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Heartbeat, epoch ms                        | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Stop time, epoch ms (0 while running)            | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Start time, epoch ms                       | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Counters metadata length                     | 40
 *  +---------------------------------------------------------------+
 *  |                   Counters values length                      | 44
 *  +---------------------------------------------------------------+
 *  |                      Error log length                         | 48
 *  +---------------------------------------------------------------+
 * </pre>
 * Version, PID, heartbeat and stop time keep these offsets in every version, so a server can tell whether a file of
 * another version still belongs to a live server before it replaces it.
 */
final class CountersFileLayout
{
    /** Name of the file in {@code holdfast.dir}. */
    static final String FILE_NAME = "counters.dat";
    /** Version of this layout; readers accept files of the same major version. */
    static final int VERSION = SemanticVersion.compose(1, 0, 0);

    static final int VERSION_OFFSET = 0;
    static final int PID_OFFSET = 8;
    static final int HEARTBEAT_OFFSET = 16;
    static final int STOP_TIME_OFFSET = 24;
    static final int START_TIME_OFFSET = 32;
    static final int METADATA_LENGTH_OFFSET = 40;
    static final int VALUES_LENGTH_OFFSET = 44;
    static final int ERROR_LOG_LENGTH_OFFSET = 48;
    /** Header bytes: two cache lines, so the sections after it start aligned. */
    static final int HEADER_LENGTH = 2 * BitUtil.CACHE_LINE_LENGTH;

    /** A server that has not beaten its heartbeat for this long is taken for dead: 5 missed beats. */
    static final long LIVENESS_TIMEOUT_MS = 5_000;
    /** How long to wait for the version of a file a server may be writing right now. */
    static final long VERSION_WAIT_MS = 1_000;
    /** Bytes of the distinct error log: room for hundreds of distinct stack traces. */
    static final int ERROR_LOG_LENGTH = 1024 * 1024;

    private CountersFileLayout()
    {
    }

    /**
     * @param valuesLength bytes of counter values wanted.
     * @return the same rounded up to whole counters.
     */
    static int alignedValuesLength(final int valuesLength)
    {
        return BitUtil.align(Math.max(valuesLength, CountersReader.COUNTER_LENGTH), CountersReader.COUNTER_LENGTH);
    }

    /**
     * @return bytes of counter metadata that go with that many bytes of values.
     */
    static int metadataLength(final int valuesLength)
    {
        return valuesLength * (CountersReader.METADATA_LENGTH / CountersReader.COUNTER_LENGTH);
    }

    /**
     * @return length of the whole file.
     */
    static long fileLength(final int metadataLength, final int valuesLength, final int errorLogLength)
    {
        return (long)HEADER_LENGTH + metadataLength + valuesLength + errorLogLength;
    }

    /**
     * @param file   the whole file, mapped.
     * @return its header.
     */
    static UnsafeBuffer headerBuffer(final ByteBuffer file)
    {
        return new UnsafeBuffer(file, 0, HEADER_LENGTH);
    }

    /**
     * @param file   the whole file, mapped.
     * @param header its header, the lengths written.
     * @return the counters metadata section.
     */
    static UnsafeBuffer metadataBuffer(final ByteBuffer file, final AtomicBuffer header)
    {
        return new UnsafeBuffer(file, HEADER_LENGTH, header.getInt(METADATA_LENGTH_OFFSET));
    }

    /**
     * @return the counter values section.
     */
    static UnsafeBuffer valuesBuffer(final ByteBuffer file, final AtomicBuffer header)
    {
        return new UnsafeBuffer(file, valuesOffset(header), header.getInt(VALUES_LENGTH_OFFSET));
    }

    /**
     * @return the distinct error log section.
     */
    static UnsafeBuffer errorLogBuffer(final ByteBuffer file, final AtomicBuffer header)
    {
        return new UnsafeBuffer(
            file, valuesOffset(header) + header.getInt(VALUES_LENGTH_OFFSET), header.getInt(ERROR_LOG_LENGTH_OFFSET));
    }

    /**
     * @return length of the whole file as its header describes it.
     */
    static long fileLength(final AtomicBuffer header)
    {
        return fileLength(header.getInt(METADATA_LENGTH_OFFSET), header.getInt(VALUES_LENGTH_OFFSET),
            header.getInt(ERROR_LOG_LENGTH_OFFSET));
    }

    /**
     * Wait a moment for the version: a server that has just created the file writes it last.
     *
     * @param header the header of a file.
     * @return the version, or 0 when none was written within {@link #VERSION_WAIT_MS}.
     */
    static int awaitVersion(final AtomicBuffer header) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + VERSION_WAIT_MS * 1_000_000;
        int version = header.getIntAcquire(VERSION_OFFSET);
        while (version == 0 && System.nanoTime() < deadlineNs)
        {
            Thread.sleep(10);
            version = header.getIntAcquire(VERSION_OFFSET);
        }
        return version;
    }

    private static int valuesOffset(final AtomicBuffer header)
    {
        return HEADER_LENGTH + header.getInt(METADATA_LENGTH_OFFSET);
    }

    /**
     * @param header  the header of a file whose version is set.
     * @param nowMs   epoch ms now.
     * @return whether the server that wrote it is running: not stopped, its process alive and its heartbeat fresh.
     */
    static boolean isLive(final AtomicBuffer header, final long nowMs)
    {
        return header.getLongAcquire(STOP_TIME_OFFSET) == 0 &&
            nowMs - header.getLongAcquire(HEARTBEAT_OFFSET) <= LIVENESS_TIMEOUT_MS &&
            ProcessHandle.of(header.getLong(PID_OFFSET)).map(ProcessHandle::isAlive).orElse(false);
    }
}
