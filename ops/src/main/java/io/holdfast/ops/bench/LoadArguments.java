package io.holdfast.ops.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code holdfast load} options of each kind of bench run. Every run opens its connections at the same rate
 * from many source addresses (so that the runs together never run short of ephemeral ports; runs at once may share
 * them, as each binds with port 0 and the kernel never hands out one address and port twice), tolerates every
 * failure (the bench records them rather than stopping) and writes its summary CSV into the results folder.
 */
final class LoadArguments
{
    static final int CONNECT_RATE = 1_000;
    static final String SOURCE_ADDRESSES = "127.0.0.2-127.0.0.20";
    static final int HEARTBEAT_SECONDS = 30;
    static final int ECHO_BYTES = 256;
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
        final List<String> arguments = common(connections, name);
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
        final List<String> arguments = common(connections, name);
        arguments.addAll(List.of("--echo", Integer.toString(ECHO_BYTES), "--text", "--ping", "0",
            "--warmup", warmupSeconds + "s", "--duration", (warmupSeconds + seconds) + "s"));
        arguments.addAll(rate > 0 ? List.of("--msg-rate", rate + "/s") : List.of("--closed-loop"));
        return arguments;
    }

    private List<String> common(final int connections, final String name)
    {
        return new ArrayList<>(List.of("--url", url, "--connections", Integer.toString(connections),
            "--rate", CONNECT_RATE + "/s", "--source-addresses", SOURCE_ADDRESSES,
            "--max-failures", Integer.toString(connections), "--output", summaries.toString(), "--name", name));
    }
}
