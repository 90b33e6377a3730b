package io.holdfast.ops.bench;

import java.util.List;

/**
 * Recorded bench results for the writer tests: holdfast with every step, go with a failed last step, a client-bound
 * echo run and a broadcast run with missing deliveries, node with only an open-loop run that fell behind its rate
 * with a busy client, and a skipped server.
 */
final class SampleResults
{
    static final int[] STEPS = {0, 1_000, 5_000, 10_000, 19_000};

    private SampleResults()
    {
    }

    static List<ServerResults> servers()
    {
        final ServerResults holdfast = new ServerResults("holdfast", "JDK 17.0.15+6-Debian-1deb12u1");
        holdfast.add(new RssSample(0, 0, 30_000, 30_720, null));
        holdfast.add(new RssSample(1_000, 1_000, 33_000, 32_768, null));
        holdfast.add(new RssSample(5_000, 5_000, 40_000, 40_960, null));
        holdfast.add(new RssSample(10_000, 10_000, 50_000, 51_200, null));
        holdfast.add(new RssSample(19_000, 19_000, 70_000, 69_632, null));
        holdfast.add(new EchoSample(false, 1_000, 0, 1_000_000, 50_000, new Latency(15, 20, 40, 90, 2_000), 11.5,
            20.1, 0.55, null));
        holdfast.add(new EchoSample(true, 5_000, 25_000, 500_000, 24_999.5, new Latency(30, 45, 80, 150, 3_000),
            12.25, 10.2, 0.99, null));
        holdfast.add(new BroadcastSample(1_000, 200, 200_000, 10_000, new Latency(900, 1_200, 1_500, 1_800, 2_000),
            500, 1_400, 1.25, 3.5, 0.3, 0, 0, 0, null));
        holdfast.add(new BroadcastSample(10_000, 200, 2_000_000, 100_000,
            new Latency(9_000, 12_000, 15_000, 18_000, 20_000), 5_000, 14_000, 1.5, 25.0, 0.95, 0, 0, 0, null));

        final ServerResults go = new ServerResults("go", "ops/bench/peers/go");
        go.add(new RssSample(0, 0, 8_000, 8_192, null));
        go.add(new RssSample(1_000, 1_000, 28_000, 28_672, null));
        go.add(new RssSample(5_000, 5_000, 100_000, 102_400, null));
        go.add(new RssSample(10_000, 10_000, 200_000, 200_704, null));
        go.add(new RssSample(19_000, 17_500, 350_000, 352_256, "17,500 of 19,000 connected (1,500 failed)"));
        go.add(new EchoSample(false, 1_000, 0, 1_000_000, 48_000, new Latency(16, 22, 50, 100, 2_500), 15.75,
            19.0, 0.95, null));
        go.add(EchoSample.failed(true, 5_000, 25_000, "server exited with status 137 | killed"));
        go.add(new BroadcastSample(1_000, 200, 200_000, 10_000, new Latency(2_000, 3_000, 5_000, 6_000, 7_000),
            1_100, 4_800, 5.0, 3.6, 0.31, 0, 0, 0, null));
        go.add(new BroadcastSample(10_000, 200, 1_999_000, 99_950, new Latency(20_000, 30_000, 60_000, 70_000,
            80_000), 11_000, 55_000, 4.0, 24.0, 0.9, 1_000, 0, 0, "deliveries missing 1,000, duplicate 0, out of " +
            "order 0"));
        go.note("restarted after: server exited with status 137");

        final ServerResults node = new ServerResults("node", "ops/bench/peers/node");
        node.add(new EchoSample(true, 5_000, 25_000, 100_000, 5_000, new Latency(9_000, 9_500, 9_900, 9_990, 10_000),
            40, 5, 0.95, null));

        final ServerResults python = new ServerResults("python", "ops/bench/peers/python");
        python.note("skipped: ops/bench/peers/python/run.sh is missing");
        return List.of(holdfast, go, node, python);
    }
}
