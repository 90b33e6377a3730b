package io.holdfast.ops.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the host's kernel settings and limits from {@code /proc} and {@code /sys} under a root folder, {@code /} for
 * the real host and a folder of sample files in tests, and carries the facts of the JVM. Every reader throws a
 * {@link HostFactException} naming the file it could not read or understand, never an unchecked exception.
 */
public final class HostFacts
{
    /** What {@code /proc/self/limits} and the kernel write for no limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private static final String LIMITS = "/proc/self/limits";
    private static final String OPEN_FILES_LIMIT = "Max open files";
    private static final String MEMINFO = "/proc/meminfo";
    private static final String MOUNTS = "/proc/mounts";
    private static final String TRANSPARENT_HUGE_PAGES = "/sys/kernel/mm/transparent_hugepage/enabled";
    private static final int OCTAL = 8;
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    private final Path root;
    private final JvmFacts jvm;

    /**
     * @param root the folder that stands for {@code /}: where {@code proc/} and {@code sys/} are read.
     * @param jvm  the facts of the JVM.
     */
    public HostFacts(final Path root, final JvmFacts jvm)
    {
        this.root = root;
        this.jvm = jvm;
    }

    /**
     * @return the facts of this host and this JVM.
     */
    public static HostFacts ofThisHost()
    {
        return new HostFacts(Path.of("/"), JvmFacts.current());
    }

    /**
     * @return the JVM running the checks.
     */
    public JvmFacts jvm()
    {
        return jvm;
    }

    /**
     * @return the hard open-file limit of this process, from the {@code Max open files} line of
     * {@code /proc/self/limits}; {@link #UNLIMITED} for {@code unlimited}.
     */
    public long openFilesHardLimit() throws HostFactException
    {
        for (final String line : read(LIMITS).split("\n"))
        {
            if (line.startsWith(OPEN_FILES_LIMIT))
            {
                final String[] fields = line.substring(OPEN_FILES_LIMIT.length()).trim().split("\\s+");
                if (fields.length >= 2)
                {
                    return "unlimited".equals(fields[1]) ? UNLIMITED : number(fields[1], LIMITS);
                }
            }
        }
        throw new HostFactException("no '" + OPEN_FILES_LIMIT + "' line in " + LIMITS);
    }

    /**
     * @param name a sysctl name, as {@code net.ipv4.tcp_mem}.
     * @return its whitespace-separated numbers, read from {@code /proc/sys}.
     */
    public long[] sysctl(final String name) throws HostFactException
    {
        final String file = "/proc/sys/" + name.replace('.', '/');
        final String[] fields = read(file).trim().split("\\s+");
        final long[] numbers = new long[fields.length];
        for (int i = 0; i < fields.length; i++)
        {
            numbers[i] = number(fields[i], file);
        }
        return numbers;
    }

    /**
     * @param field a {@code /proc/meminfo} field, as {@code SwapTotal}.
     * @return its value in KiB.
     */
    public long meminfoKib(final String field) throws HostFactException
    {
        final String prefix = field + ":";
        for (final String line : read(MEMINFO).split("\n"))
        {
            if (line.startsWith(prefix))
            {
                return number(line.substring(prefix.length()).trim().split("\\s+")[0], MEMINFO);
            }
        }
        throw new HostFactException("no " + field + " line in " + MEMINFO);
    }

    /**
     * @return the mode of transparent huge pages, the bracketed word of {@code always [madvise] never}.
     */
    public String transparentHugePages() throws HostFactException
    {
        final String modes = read(TRANSPARENT_HUGE_PAGES);
        final int start = modes.indexOf('[');
        final int end = modes.indexOf(']', start + 1);
        if (start < 0 || end < 0)
        {
            throw new HostFactException("no [mode] in " + TRANSPARENT_HUGE_PAGES + ": '" + modes.trim() + "'");
        }
        return modes.substring(start + 1, end);
    }

    /**
     * @param path an absolute path without symbolic links.
     * @return the type of the file system the path is on, as {@code tmpfs} or {@code ext4}: that of the last mount
     * in {@code /proc/mounts} on the longest mount point the path lies under.
     */
    public String fileSystemType(final Path path) throws HostFactException
    {
        String type = null;
        int longest = -1;
        for (final String line : read(MOUNTS).split("\n"))
        {
            final String[] fields = line.trim().split("\\s+");
            if (fields.length < 3)
            {
                continue;
            }
            final Path mountPoint = Path.of(unescape(fields[1]));
            if (path.startsWith(mountPoint) && mountPoint.getNameCount() >= longest)
            {
                longest = mountPoint.getNameCount();
                type = fields[2];
            }
        }
        if (type == null)
        {
            throw new HostFactException("no mount in " + MOUNTS + " holds " + path);
        }
        return type;
    }

    /**
     * @param file an absolute path on the host, as {@code /proc/meminfo}.
     */
    private String read(final String file) throws HostFactException
    {
        // Through a stream: Files.readString and readAllBytes trust the size a /proc/sys file reports and, on JDK 17,
        // return only its first byte.
        try (InputStream in = Files.newInputStream(root.resolve(file.substring(1))))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new HostFactException("cannot read " + file + ": no such file");
        }
        catch (final IOException ex)
        {
            throw new HostFactException("cannot read " + file + ": " + ex.getMessage());
        }
    }

    private static long number(final String text, final String file) throws HostFactException
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new HostFactException("unexpected '" + text + "' in " + file + ", expected a number");
        }
    }

    /**
     * @return a mount point with the octal escapes {@code /proc/mounts} writes for space, tab, newline and
     * backslash turned back into those characters.
     */
    private static String unescape(final String field)
    {
        return OCTAL_ESCAPE.matcher(field).replaceAll(
            (escape) -> Matcher.quoteReplacement(String.valueOf((char)Integer.parseInt(escape.group(1), OCTAL))));
    }
}
