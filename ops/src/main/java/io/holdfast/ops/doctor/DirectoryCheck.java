package io.holdfast.ops.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether serve can create its counters file in {@code holdfast.dir} (the folder is writable, or can be created
 * under a writable parent), a FAIL otherwise; and whether the folder is in memory. The server writes its counters on
 * every duty cycle: on a disk-backed file system those pages are dirty file pages that writeback flushes to the disk
 * again and again, on tmpfs they are memory and nothing more. Nothing is created: the check looks only.
 */
final class DirectoryCheck implements HostCheck
{
    static final String NAME = "directory";
    private static final String KEY = "holdfast.dir";
    private static final String WRITABLE_FOLDER = "set " + KEY + " to a folder this user can write, or auto";

    public String name()
    {
        return NAME;
    }

    public Finding run(final PlannedServer server, final HostFacts host)
    {
        final Path directory = server.directory().toAbsolutePath().normalize();
        final String named = KEY + " " + directory;
        final Path existing = nearestExisting(directory);
        if (!Files.isDirectory(existing))
        {
            return Finding.fail(NAME, named + " cannot be created: " + existing + " is not a folder",
                WRITABLE_FOLDER);
        }
        if (!Files.isWritable(existing))
        {
            return Finding.fail(NAME, existing.equals(directory) ? named + " is not writable" :
                named + " cannot be created: " + existing + " is not writable", WRITABLE_FOLDER);
        }
        final String place = named + (existing.equals(directory) ? "" : " (serve creates it)");
        final String type;
        try
        {
            type = host.fileSystemType(existing.toRealPath());
        }
        catch (final HostFactException | IOException ex)
        {
            return Finding.warn(NAME, place + " is writable, but its file system is unknown: " + ex.getMessage(),
                "make sure it is tmpfs, as /dev/shm is");
        }
        if ("tmpfs".equals(type) || "ramfs".equals(type))
        {
            return Finding.ok(NAME, place + " on " + type);
        }
        return Finding.warn(NAME, place + " on " + type + ": counter updates become dirty pages written back to disk",
            "set " + KEY + "=auto (/dev/shm/holdfast-USER) or to a folder on tmpfs");
    }

    /**
     * @param directory an absolute path.
     * @return the path, or the nearest of its parents that exists: where serve would create the rest.
     */
    private static Path nearestExisting(final Path directory)
    {
        Path existing = directory;
        while (!Files.exists(existing) && existing.getParent() != null)
        {
            existing = existing.getParent();
        }
        return existing;
    }
}
