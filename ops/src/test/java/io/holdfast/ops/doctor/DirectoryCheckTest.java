package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code holdfast.dir}: a folder that exists or can be created is OK on tmpfs and a WARN on a disk, one that cannot
 * be created FAILs, and the check creates nothing.
 */
final class DirectoryCheckTest
{
    @TempDir
    Path root;

    @TempDir
    Path folders;

    @Test
    void shouldPassAWritableFolderOnTmpfs() throws Exception
    {
        final Path directory = folders.toRealPath();

        final Finding finding = check(directory, mounts("tmpfs " + directory + " tmpfs rw 0 0"));

        assertEquals(new Finding("directory", Severity.OK, "holdfast.dir " + directory + " on tmpfs", ""), finding);
    }

    @Test
    void shouldPassAFolderServeWillCreateUnderAWritableOneWithoutCreatingIt() throws Exception
    {
        final Path directory = folders.toRealPath().resolve("holdfast-test/run");

        final Finding finding = check(directory, mounts("tmpfs " + folders.toRealPath() + " tmpfs rw 0 0"));

        assertEquals(Severity.OK, finding.severity(), finding.text());
        assertEquals("holdfast.dir " + directory + " (serve creates it) on tmpfs", finding.detail());
        assertFalse(Files.exists(directory.getParent()));
    }

    @Test
    void shouldWarnOfAFolderOnADiskTakingTheLongestMountPoint() throws Exception
    {
        final Path directory = folders.toRealPath();

        final Finding finding = check(directory, mounts("tmpfs " + directory.getParent() + " tmpfs rw 0 0",
            "/dev/sda1 " + directory + " ext4 rw 0 0", "/dev/sda2 / xfs rw 0 0"));

        assertEquals(new Finding("directory", Severity.WARN, "holdfast.dir " + directory + " on ext4: counter " +
            "updates become dirty pages written back to disk",
            "set holdfast.dir=auto (/dev/shm/holdfast-USER) or to a folder on tmpfs"), finding);
    }

    @Test
    void shouldFailAFolderThatCannotBeCreatedBecauseAFileIsInTheWay() throws Exception
    {
        final Path file = Files.createFile(folders.resolve("file"));

        final Finding finding = check(file.resolve("run"), mounts("tmpfs / tmpfs rw 0 0"));

        assertEquals(new Finding("directory", Severity.FAIL, "holdfast.dir " + file.resolve("run") +
            " cannot be created: " + file + " is not a folder",
            "set holdfast.dir to a folder this user can write, or auto"), finding);
    }

    @Test
    void shouldWarnWhenTheMountsCannotBeRead()
    {
        final Finding finding = check(folders, new FakeHost(root));

        assertEquals(Severity.WARN, finding.severity());
        assertEquals("holdfast.dir " + folders + " is writable, but its file system is unknown: cannot read " +
            "/proc/mounts: no such file", finding.detail());
    }

    private FakeHost mounts(final String... lines) throws Exception
    {
        return new FakeHost(root).file("/proc/mounts", String.join("\n", lines) + "\n");
    }

    private Finding check(final Path directory, final FakeHost host)
    {
        return new DirectoryCheck().run(FakeHost.server(FakeHost.engine(), directory), host.facts());
    }
}
