package io.holdfast.ops;

import io.holdfast.engine.EngineConfig;
import org.agrona.IoUtil;
import org.agrona.SemanticVersion;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counters file as the server creates it and another process reads it: the header written before the version,
 * the refusal of a folder a live server uses, and the reuse of a file whose server is gone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class CountersFileTest
{
    private static final int VALUES_LENGTH = EngineConfig.counterValuesLength(2);
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path temp;

    @Test
    void readerSeesTheServersCountersErrorsAndHeader() throws Exception
    {
        final Path directory = temp.resolve("run");
        final long beforeMs = System.currentTimeMillis();
        try (CountersFile file = CountersFile.create(directory, VALUES_LENGTH);
            CountersFileReader reader = CountersFileReader.open(directory))
        {
            final AtomicCounter counter = file.countersManager().newCounter("opened", 2);
            counter.set(42);
            for (int i = 0; i < 2; i++)
            {
                file.errorLog().record(new IllegalStateException("recorded"));
            }

            assertEquals(42, reader.counters().getCounterValue(counter.id()));
            assertEquals(2, reader.counters().getCounterTypeId(counter.id()));
            assertEquals(PID, reader.pid());
            assertTrue(reader.startTimeMs() >= beforeMs && reader.startTimeMs() <= System.currentTimeMillis());
            assertTrue(reader.isLive(System.currentTimeMillis()));
            final List<String> errors = new ArrayList<>();
            assertEquals(1, ErrorLogReader.read(reader.errorLog(),
                (count, firstMs, lastMs, encoded) -> errors.add(count + " " + encoded)));
            assertTrue(errors.get(0).startsWith("2 java.lang.IllegalStateException: recorded"), errors.get(0));
        }
    }

    @Test
    void createsTheFolderForTheUserOnly() throws Exception
    {
        final Path directory = temp.resolve("a/b");
        try (CountersFile ignored = CountersFile.create(directory, VALUES_LENGTH))
        {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
            assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve(CountersFileLayout.FILE_NAME))));
        }
    }

    @Test
    void refusesAFolderALiveServerUses() throws Exception
    {
        try (CountersFile ignored = CountersFile.create(temp, VALUES_LENGTH))
        {
            final CountersFileException ex =
                assertThrows(CountersFileException.class, () -> CountersFile.create(temp, VALUES_LENGTH));
            assertEquals("another holdfast server (pid " + PID + ") is using " + temp +
                "; stop it or set holdfast.dir to another folder", ex.getMessage());
        }
    }

    @Test
    void replacesTheFileOfAStoppedServerAndTheOldReaderSeesItStopped() throws Exception
    {
        final CountersFile first = CountersFile.create(temp, VALUES_LENGTH);
        try (CountersFileReader firstReader = CountersFileReader.open(temp))
        {
            assertTrue(firstReader.isLive(System.currentTimeMillis()));
            first.close();
            assertFalse(firstReader.isLive(System.currentTimeMillis()));

            try (CountersFile second = CountersFile.create(temp, VALUES_LENGTH);
                CountersFileReader secondReader = CountersFileReader.open(temp))
            {
                second.heartbeat();
                assertTrue(secondReader.isLive(System.currentTimeMillis()));
                assertFalse(firstReader.isLive(System.currentTimeMillis()));
            }
        }
    }

    @Test
    void replacesTheFileOfADeadProcess() throws Exception
    {
        final Process exited = new ProcessBuilder("true").start();
        assertTrue(exited.waitFor(10, TimeUnit.SECONDS));
        try (CountersFile first = CountersFile.create(temp, VALUES_LENGTH))
        {
            editHeader((header) -> header.putLongVolatile(CountersFileLayout.PID_OFFSET, exited.pid()));
            try (CountersFileReader reader = CountersFileReader.open(temp))
            {
                assertFalse(reader.isLive(System.currentTimeMillis()));
                final String message = reader.notRunningMessage(System.currentTimeMillis());
                assertTrue(message.matches("the server that wrote " + Pattern.quote(temp + "/counters.dat") +
                    " \\(pid " + exited.pid() + "\\) is not running \\(last heartbeat \\d+s ago\\)"), message);
            }
            try (CountersFile second = CountersFile.create(temp, VALUES_LENGTH);
                CountersFileReader reader = CountersFileReader.open(temp))
            {
                assertEquals(PID, reader.pid());
                assertTrue(reader.isLive(System.currentTimeMillis()));
            }
        }
    }

    @Test
    void replacesAFileWhoseHeartbeatStopped() throws Exception
    {
        try (CountersFile first = CountersFile.create(temp, VALUES_LENGTH))
        {
            final long staleMs = System.currentTimeMillis() - CountersFileLayout.LIVENESS_TIMEOUT_MS - 1_000;
            editHeader((header) -> header.putLongVolatile(CountersFileLayout.HEARTBEAT_OFFSET, staleMs));
            try (CountersFile second = CountersFile.create(temp, VALUES_LENGTH);
                CountersFileReader reader = CountersFileReader.open(temp))
            {
                assertTrue(reader.isLive(System.currentTimeMillis()));
            }
        }
    }

    @Test
    void replacesAFileWhoseVersionWasNeverWritten() throws Exception
    {
        Files.write(temp.resolve(CountersFileLayout.FILE_NAME), new byte[CountersFileLayout.HEADER_LENGTH]);

        final CountersFileException notReady =
            assertThrows(CountersFileException.class, () -> CountersFileReader.open(temp));
        assertTrue(notReady.getMessage().endsWith("counters.dat is not ready: a server is starting or died while " +
            "starting; try again"), notReady.getMessage());
        try (CountersFile ignored = CountersFile.create(temp, VALUES_LENGTH);
            CountersFileReader reader = CountersFileReader.open(temp))
        {
            assertTrue(reader.isLive(System.currentTimeMillis()));
        }
    }

    @Test
    void readerRefusesAnotherLayoutVersion() throws Exception
    {
        try (CountersFile ignored = CountersFile.create(temp, VALUES_LENGTH))
        {
            editHeader((header) ->
                header.putIntVolatile(CountersFileLayout.VERSION_OFFSET, SemanticVersion.compose(2, 0, 0)));
            final CountersFileException ex =
                assertThrows(CountersFileException.class, () -> CountersFileReader.open(temp));
            assertEquals(temp.resolve("counters.dat") + " has layout version 2.0.0 but this holdfast reads 1.0.0; " +
                "use the holdfast that runs the server", ex.getMessage());
        }
    }

    @Test
    void readerSaysWhenNoServerHasRun()
    {
        final Path directory = temp.resolve("never");

        final CountersFileException ex =
            assertThrows(CountersFileException.class, () -> CountersFileReader.open(directory));

        assertEquals("no holdfast server has run with directory " + directory + " (no counters.dat)",
            ex.getMessage());
    }

    @Test
    void failsClearlyWhenTheFolderCannotBeCreated() throws Exception
    {
        final Path regularFile = Files.writeString(temp.resolve("taken"), "not a folder");

        final CountersFileException ex =
            assertThrows(CountersFileException.class, () -> CountersFile.create(regularFile, VALUES_LENGTH));

        assertEquals("cannot create directory " + regularFile + ": a file of that name is in the way; set " +
            "holdfast.dir to a folder this user can write", ex.getMessage());
    }

    @Test
    void heartbeatAllocatesNothing() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (CountersFile file = CountersFile.create(temp, VALUES_LENGTH))
        {
            // Past the JIT's compilations, which allocate once on this thread.
            for (int i = 0; i < 200_000; i++)
            {
                file.heartbeat();
            }
            threads.getCurrentThreadAllocatedBytes();
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                file.heartbeat();
            }
            assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before);
        }
    }

    /**
     * Change the file's header as another server, or a dead one, could have left it.
     */
    private void editHeader(final Consumer<UnsafeBuffer> edit)
    {
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(temp.resolve("counters.dat").toFile(), "counters");
        try
        {
            edit.accept(new UnsafeBuffer(mapped));
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
