package io.holdfast.ops.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code holdfast load} command lines the bench runs, option for option as the load generator's contract names
 * them.
 */
final class LoadArgumentsTest
{
    private static final LoadArguments ARGUMENTS = new LoadArguments(8080, Path.of("/results/load"));
    private static final List<String> COMMON = List.of("--url", "ws://127.0.0.1:8080/ws", "--connections", "1000",
        "--rate", "1000/s", "--source-addresses", "127.0.0.2-127.0.0.20", "--max-failures", "1000",
        "--output", "/results/load", "--name");

    @Test
    void shouldHoldIdleConnectionsWithHeartbeats()
    {
        assertEquals(with("holdfast-rss-1000", "--hold", "--ping", "30s", "--duration", "190s"),
            ARGUMENTS.hold(1_000, 190, "holdfast-rss-1000"));
    }

    @Test
    void shouldEchoInClosedLoopWithTheWarmupInsideTheDuration()
    {
        assertEquals(with("go-echo-1000", "--echo", "256", "--text", "--ping", "0", "--warmup", "5s",
            "--duration", "25s", "--closed-loop"), ARGUMENTS.echo(1_000, 0, 5, 20, "go-echo-1000"));
    }

    @Test
    void shouldEchoInOpenLoopAtTheTotalRate()
    {
        assertEquals(with("go-open-loop-1000", "--echo", "256", "--text", "--ping", "0", "--warmup", "2s",
            "--duration", "7s", "--msg-rate", "45000/s"), ARGUMENTS.echo(1_000, 45_000, 2, 5, "go-open-loop-1000"));
    }

    @Test
    void shouldBroadcastToSubscribersWithOneMorePublisher()
    {
        assertEquals(List.of("--url", "ws://127.0.0.1:8080/ws", "--subscribers", "10000", "--rate", "1000/s",
            "--source-addresses", "127.0.0.2-127.0.0.20", "--max-failures", "10001", "--output", "/results/load",
            "--name", "go-broadcast-10000", "--broadcast", "256", "--publish-interval", "100ms", "--topic", "bench",
            "--ping", "30s", "--warmup", "5s", "--duration", "25s"),
            ARGUMENTS.broadcast(10_000, 5, 20, "go-broadcast-10000"));
    }

    private static List<String> with(final String name, final String... rest)
    {
        final List<String> arguments = new ArrayList<>(COMMON);
        arguments.add(name);
        arguments.addAll(List.of(rest));
        return arguments;
    }
}
