package io.holdfast.ops.doctor;

/**
 * One thing about the host, judged against the server a configuration describes.
 */
public interface HostCheck
{
    /**
     * @return the name in the check's line, as {@code open files}.
     */
    String name();

    /**
     * @param server what the configuration asks for.
     * @param host   the host, its kernel settings and the JVM this process runs on.
     * @return the verdict, with the numbers seen and the fix.
     * @throws HostFactException when a fact the check needs cannot be read (not Linux, a locked-down /proc).
     */
    Finding run(PlannedServer server, HostFacts host) throws HostFactException;
}
