package io.holdfast.ops.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code holdfast load} options of each kind of bench run: idle connections, echo, broadcast. Every run opens
 * its connections at the same rate from many source addresses (so that the runs together never run short of
 * ephemeral ports; runs at once may share them, as each binds with port 0 and the kernel never hands out one address
 * and port twice), tolerates every failure (the bench records them rather than stopping) and writes its summary CSV
 * into the results folder.
 */
final class LoadArguments
{
    static final int CONNECT_RATE = 1_000;
    static final String SOURCE_ADDRESSES = "127.0.0.2-127.0.0.20";
    static final int HEARTBEAT_SECONDS = 30;
    static final int ECHO_BYTES = 256;
    /** What each broadcast subscriber receives per publish: one text message of this many bytes. */
    static final int BROADCAST_BYTES = 256;
    static final int PUBLISH_INTERVAL_MS = 100;
    static final String TOPIC = "bench";
    /** How long a hold run goes on, beyond the steps after its own, before it ends by itself if never stopped. */
    static final int HOLD_MARGIN_SECONDS = 60;

    private final String url;
    private final Path summaries;

    /**
     * @param port      the server's port on 127.0.0.1.
     * @param summaries the folder the load generator writes NAME.csv and NAME.hgrm into.
     */
    LoadArguments(final int port, final Path summaries)
    {
        this.url = "ws://" + ServerProcess.LOOPBACK + ":" + port + "/ws";
        this.summaries = summaries;
    }

    /**
     * @param seconds how long to hold after connecting at most: longer than the bench needs them.
     * @return idle connections with a heartbeat, held until the bench stops the run with SIGTERM.
     */
    List<String> hold(final int connections, final int seconds, final String name)
    {
        final List<String> arguments = common(List.of("--connections", Integer.toString(connections)), connections,
            name);
        arguments.addAll(List.of("--hold", "--ping", HEARTBEAT_SECONDS + "s", "--duration", seconds + "s"));
        return arguments;
    }

    /**
     * @param rate total messages per second for open loop, 0 for closed loop.
     * @return text echo of {@link #ECHO_BYTES} bytes, measured after the warm-up; the duration includes it.
     */
    List<String> echo(final int connections, final int rate, final int warmupSeconds, final int seconds,
        final String name)
    {
        final List<String> arguments = common(List.of("--connections", Integer.toString(connections)), connections,
            name);
        arguments.addAll(List.of("--echo", Integer.toString(ECHO_BYTES), "--text", "--ping", "0",
            "--warmup", warmupSeconds + "s", "--duration", (warmupSeconds + seconds) + "s"));
        arguments.addAll(rate > 0 ? List.of("--msg-rate", rate + "/s") : List.of("--closed-loop"));
        return arguments;
    }

    /**
     * @return {@code subscribers} connections on topic {@link #TOPIC} and one publisher sending every
     *     {@link #PUBLISH_INTERVAL_MS} a publish each subscriber receives as {@link #BROADCAST_BYTES} bytes,
     *     measured after the warm-up; heartbeats as idle connections have them, since subscribers send nothing else.
     */
    List<String> broadcast(final int subscribers, final int warmupSeconds, final int seconds, final String name)
    {
        final List<String> arguments = common(List.of("--subscribers", Integer.toString(subscribers)),
            subscribers + 1, name);
        arguments.addAll(List.of("--broadcast", Integer.toString(BROADCAST_BYTES),
            "--publish-interval", PUBLISH_INTERVAL_MS + "ms", "--topic", TOPIC, "--ping", HEARTBEAT_SECONDS + "s",
            "--warmup", warmupSeconds + "s", "--duration", (warmupSeconds + seconds) + "s"));
        return arguments;
    }

    /**
     * @param count       how many connections and of what kind: {@code --connections N} or {@code --subscribers N}.
     * @param connections the connections that count brings, each allowed to fail.
     */
    private List<String> common(final List<String> count, final int connections, final String name)
    {
        final List<String> arguments = new ArrayList<>(List.of("--url", url));
        arguments.addAll(count);
        arguments.addAll(List.of("--rate", CONNECT_RATE + "/s", "--source-addresses", SOURCE_ADDRESSES,
            "--max-failures", Integer.toString(connections), "--output", summaries.toString(), "--name", name));
        return arguments;
    }
}
