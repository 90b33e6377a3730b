package io.holdfast.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One server the bench can measure, by its {@code --peers} name: holdfast itself ({@code ops/bin/holdfast serve} on
 * the bench's own JDK, or on Temurin 25 as {@code holdfast-25}) or a peer in {@code ops/bench/peers/NAME/}, installed
 * by its {@code install.sh} and started by its {@code run.sh PORT}. Every server listens on 127.0.0.1 at path /ws.
 * Its {@link #pubSub()} form serves the broadcast scenario: holdfast with {@code holdfast.handler=pubsub}, a peer as
 * it is (the Go peer speaks both).
 */
final class BenchServer
{
    static final String HOLDFAST = "holdfast";
    static final String HOLDFAST_25 = "holdfast-25";
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    /** The peers that run on a JDK, the bench's own. */
    private static final List<String> JAVA_PEERS = List.of("netty", "floor");

    private final String name;
    private final Path javaHome;
    private final Path peerDirectory;
    private final Path launcher;
    private final String unavailable;
    private final boolean pubSub;

    private BenchServer(final String name, final Path javaHome, final Path peerDirectory, final Path launcher,
        final String unavailable, final boolean pubSub)
    {
        this.name = name;
        this.javaHome = javaHome;
        this.peerDirectory = peerDirectory;
        this.launcher = launcher;
        this.unavailable = unavailable;
        this.pubSub = pubSub;
    }

    /**
     * @param name        a name from {@link BenchOptions#SERVERS}.
     * @param defaultJdk  the JDK holdfast, the JVM peers and the load generator run on: the bench's own.
     */
    static BenchServer of(final String name, final BenchPaths paths, final Path defaultJdk)
    {
        if (HOLDFAST.equals(name))
        {
            return new BenchServer(name, defaultJdk, null, paths.launcher(), null, false);
        }
        if (HOLDFAST_25.equals(name))
        {
            final boolean present = Files.isExecutable(TEMURIN_25.resolve("bin/java"));
            return new BenchServer(name, TEMURIN_25, null, paths.launcher(),
                present ? null : "skipped: no Temurin 25 at " + TEMURIN_25, false);
        }
        final Path peer = paths.peer(name);
        final boolean present = Files.isRegularFile(peer.resolve("run.sh"));
        return new BenchServer(name, defaultJdk, peer, null,
            present ? null : "skipped: " + paths.root().relativize(peer.resolve("run.sh")) + " is missing", false);
    }

    /**
     * @return the same server started for the broadcast scenario.
     */
    BenchServer pubSub()
    {
        return new BenchServer(name, javaHome, peerDirectory, launcher, unavailable, true);
    }

    String name()
    {
        return name;
    }

    /**
     * @return the name of its log files and scratch folders, which tells the broadcast form's apart.
     */
    String logName()
    {
        return pubSub ? name + "-pubsub" : name;
    }

    /**
     * @return why this server cannot run here, or null when it can.
     */
    String unavailable()
    {
        return unavailable;
    }

    /**
     * @param installed what the peer's installer said last ({@code peer node: ready: node v20.20.2, ws 8.23.0 in
     *                  ...}), or null.
     * @return what the server runs on, for the results' header: the JDK for holdfast and the Java peers, the
     *     installer's words for the others.
     */
    String runtime(final String installed)
    {
        final String jdk = "JDK " + jdkVersion(javaHome);
        if (peerDirectory == null)
        {
            return jdk;
        }
        final String peer = installed == null || installed.isBlank() ? "ops/bench/peers/" + name :
            installed.replaceFirst("^peer " + name + ": ", "").replaceFirst("^ready: ", "");
        return JAVA_PEERS.contains(name) ? peer + ", " + jdk : peer;
    }

    /**
     * @return the peer's installer, or null when there is nothing to install.
     */
    List<String> installCommand()
    {
        if (peerDirectory == null || !Files.isRegularFile(peerDirectory.resolve("install.sh")))
        {
            return null;
        }
        return List.of("bash", peerDirectory.resolve("install.sh").toString());
    }

    /**
     * @param directory a fresh folder for holdfast's counters file.
     * @return the command that runs the server in the foreground as one process listening on 127.0.0.1:port.
     */
    List<String> startCommand(final int port, final Path directory)
    {
        if (peerDirectory == null)
        {
            final List<String> command = new ArrayList<>(List.of(launcher.toString(), "serve",
                "holdfast.listen.address=127.0.0.1", "holdfast.listen.port=" + port, "holdfast.dir=" + directory,
                "holdfast.admin.enabled=false", "holdfast.status.interval=0"));
            if (pubSub)
            {
                command.add("holdfast.handler=pubsub");
            }
            return command;
        }
        // run.sh execs the server, so the process bash starts is the server.
        return List.of("bash", peerDirectory.resolve("run.sh").toString(), Integer.toString(port));
    }

    /**
     * @return the variables added to the server's environment: the JDK it runs on.
     */
    Map<String, String> environment()
    {
        return Map.of("JAVA_HOME", javaHome.toString());
    }

    /**
     * @return the JDK's runtime version from its {@code release} file, as {@code 17.0.15+6-Debian-1deb12u1}.
     */
    static String jdkVersion(final Path javaHome)
    {
        try
        {
            for (final String line : Files.readAllLines(javaHome.resolve("release")))
            {
                if (line.startsWith("JAVA_RUNTIME_VERSION="))
                {
                    return line.substring(line.indexOf('=') + 1).replace("\"", "");
                }
            }
        }
        catch (final IOException ignore)
        {
            // A JDK without a release file: say only where it is.
        }
        return "at " + javaHome;
    }
}
