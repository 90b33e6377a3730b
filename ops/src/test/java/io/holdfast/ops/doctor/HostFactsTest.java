package io.holdfast.ops.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading /proc and /sys: from sample files under a made-up root, with the errors a missing or odd file gives, and
 * from this Linux host.
 */
final class HostFactsTest
{
    @TempDir
    Path root;

    @Test
    void shouldReadTheHardOpenFilesLimit() throws Exception
    {
        final FakeHost host = new FakeHost(root).file("/proc/self/limits",
            "Limit                     Soft Limit           Hard Limit           Units\n" +
            "Max open files            1024                 524288               files\n");
        assertEquals(524_288, host.facts().openFilesHardLimit());

        host.file("/proc/self/limits", "Max open files            unlimited            unlimited            files\n");
        assertEquals(HostFacts.UNLIMITED, host.facts().openFilesHardLimit());
    }

    @Test
    void shouldReadSysctlsMeminfoAndTransparentHugePages() throws Exception
    {
        final HostFacts facts = new FakeHost(root)
            .sysctl("net.ipv4.tcp_mem", "287898\t383867\t575796")
            .file("/proc/meminfo", "MemTotal:       24684084 kB\nSwapTotal:       1024 kB\n")
            .file("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n")
            .facts();

        assertArrayEquals(new long[]{287_898, 383_867, 575_796}, facts.sysctl("net.ipv4.tcp_mem"));
        assertEquals(1024, facts.meminfoKib("SwapTotal"));
        assertEquals("madvise", facts.transparentHugePages());
    }

    @Test
    void shouldFindTheFileSystemOfTheLongestMountPointWithEscapedSpaces() throws Exception
    {
        final HostFacts facts = new FakeHost(root).file("/proc/mounts",
            "overlay / overlay rw 0 0\n" +
            "tmpfs /dev/shm tmpfs rw,nosuid 0 0\n" +
            "/dev/sdb1 /srv/with\\040space ext4 rw 0 0\n" +
            "tmpfs /dev/shm/mounted\\040again tmpfs rw 0 0\n" +
            "/dev/sdb2 /dev/shm/mounted\\040again xfs rw 0 0\n").facts();

        assertEquals("tmpfs", facts.fileSystemType(Path.of("/dev/shm/holdfast-ann")));
        assertEquals("ext4", facts.fileSystemType(Path.of("/srv/with space/holdfast")));
        assertEquals("overlay", facts.fileSystemType(Path.of("/srv/without")));
        assertEquals("xfs", facts.fileSystemType(Path.of("/dev/shm/mounted again/x")));
        assertEquals("overlay", facts.fileSystemType(Path.of("/dev/shmem")));
    }

    @Test
    void shouldNameTheFileItCannotReadOrUnderstand() throws Exception
    {
        final HostFacts facts = new FakeHost(root)
            .sysctl("vm.swappiness", "lots")
            .file("/proc/self/limits", "Max processes  100  100  processes\n")
            .facts();

        assertEquals("cannot read /proc/sys/net/core/somaxconn: no such file",
            assertThrows(HostFactException.class, () -> facts.sysctl("net.core.somaxconn")).getMessage());
        assertEquals("unexpected 'lots' in /proc/sys/vm/swappiness, expected a number",
            assertThrows(HostFactException.class, () -> facts.sysctl("vm.swappiness")).getMessage());
        assertEquals("no 'Max open files' line in /proc/self/limits",
            assertThrows(HostFactException.class, facts::openFilesHardLimit).getMessage());
        assertEquals("cannot read /sys/kernel/mm/transparent_hugepage/enabled: no such file",
            assertThrows(HostFactException.class, facts::transparentHugePages).getMessage());
    }

    @Test
    void shouldReadThisLinuxHost() throws Exception
    {
        final HostFacts facts = HostFacts.ofThisHost();

        assertTrue(facts.openFilesHardLimit() >= facts.jvm().openFilesSoftLimit(), "hard below soft");
        assertTrue(facts.sysctl("net.core.somaxconn")[0] > 0);
        assertEquals(3, facts.sysctl("net.ipv4.tcp_mem").length);
        assertTrue(facts.meminfoKib("SwapTotal") >= 0);
        assertTrue(facts.fileSystemType(Path.of("/proc")).equals("proc"), facts.fileSystemType(Path.of("/proc")));
        assertTrue(facts.jvm().availableProcessors() > 0);
        assertTrue(facts.jvm().pageSize() >= 4096);
        assertTrue(facts.jvm().version().feature() >= 17);
    }
}
