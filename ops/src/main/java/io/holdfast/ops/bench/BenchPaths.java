package io.holdfast.ops.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the bench finds what it runs and puts what it writes, all relative to the ops module it was started from:
 * the launcher {@code ops/bin/holdfast}, the peers in {@code ops/bench/peers/NAME/} and the results in
 * {@code ops/bench/results/}.
 */
final class BenchPaths
{
    private final Path opsDirectory;

    BenchPaths(final Path opsDirectory)
    {
        this.opsDirectory = opsDirectory.toAbsolutePath().normalize();
    }

    /**
     * @return the paths of the ops module holding this class: {@code ops/target/holdfast-ops.jar} or
     *     {@code ops/target/classes} is two levels below it.
     * @throws BenchException when the class was not loaded from such a place.
     */
    static BenchPaths ofRunningCode() throws BenchException
    {
        final CodeSource source = BenchPaths.class.getProtectionDomain().getCodeSource();
        final Path code;
        try
        {
            code = source == null ? null : Path.of(source.getLocation().toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new BenchException("cannot read where the holdfast jar is: " + ex.getMessage());
        }
        final Path opsDirectory = code == null || code.getParent() == null ? null : code.getParent().getParent();
        if (opsDirectory == null || !Files.isRegularFile(opsDirectory.resolve("bin/holdfast")))
        {
            throw new BenchException("cannot find ops/bin/holdfast two folders above " + code +
                "; run ops/bin/holdfast bench from a checkout");
        }
        return new BenchPaths(opsDirectory);
    }

    /**
     * @return the repository's top folder, the working directory of every process the bench starts.
     */
    Path root()
    {
        return opsDirectory.getParent();
    }

    Path launcher()
    {
        return opsDirectory.resolve("bin/holdfast");
    }

    Path peer(final String name)
    {
        return opsDirectory.resolve("bench/peers").resolve(name);
    }

    /**
     * @return the folder of the committed results (latest table and chart) and, in subfolders, each run's own.
     */
    Path results()
    {
        return opsDirectory.resolve("bench/results");
    }
}
