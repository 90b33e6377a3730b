package io.holdfast.ops.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code holdfast bench} command line: which servers, which idle-connection steps, which echo runs, for how long,
 * and where the results go. {@code --quick} changes only the defaults, so any option given still wins.
 */
final class BenchOptions
{
    static final String USAGE = "usage: holdfast bench [--quick] [--peers holdfast,holdfast-25,go,node,python,netty," +
        "floor] [--steps 0,1000,5000,10000,19000] [--echo-connections 1000,5000] [--echo-seconds 20] " +
        "[--open-loop-rate N/s] [--output DIR] [--publish]";
    static final List<String> SERVERS = List.of("holdfast", "holdfast-25", "go", "node", "python", "netty", "floor");
    /** Upper bound of a step: the load generator's own cap on connections per process. */
    static final int MAX_CONNECTIONS = 100_000;
    static final int MAX_ECHO_SECONDS = 600;
    static final int MAX_RATE = 10_000_000;

    private static final int[] FULL_STEPS = {0, 1_000, 5_000, 10_000, 19_000};
    private static final int[] QUICK_STEPS = {0, 1_000, 5_000};
    private static final int[] FULL_ECHO_CONNECTIONS = {1_000, 5_000};
    private static final int[] QUICK_ECHO_CONNECTIONS = {1_000};
    private static final int FULL_ECHO_SECONDS = 20;
    private static final int QUICK_ECHO_SECONDS = 5;
    private static final int FULL_WARMUP_SECONDS = 5;
    private static final int QUICK_WARMUP_SECONDS = 2;

    private final boolean quick;
    private final List<String> servers;
    private final int[] steps;
    private final int[] echoConnections;
    private final int echoSeconds;
    private final int openLoopRate;
    private final Path output;
    private final boolean publish;
    private final String commandLine;

    private BenchOptions(final boolean quick, final List<String> servers, final int[] steps,
        final int[] echoConnections, final int echoSeconds, final int openLoopRate, final Path output,
        final boolean publish, final String commandLine)
    {
        this.quick = quick;
        this.servers = servers;
        this.steps = steps;
        this.echoConnections = echoConnections;
        this.echoSeconds = echoSeconds;
        this.openLoopRate = openLoopRate;
        this.output = output;
        this.publish = publish;
        this.commandLine = commandLine;
    }

    /**
     * @param args the arguments after {@code bench}.
     * @throws BenchUsageException naming the option that is wrong and the form expected.
     */
    static BenchOptions parse(final String[] args) throws BenchUsageException
    {
        final boolean quick = Arrays.asList(args).contains("--quick");
        List<String> servers = quick ? List.of("holdfast") : SERVERS;
        int[] steps = quick ? QUICK_STEPS : FULL_STEPS;
        int[] echoConnections = quick ? QUICK_ECHO_CONNECTIONS : FULL_ECHO_CONNECTIONS;
        int echoSeconds = quick ? QUICK_ECHO_SECONDS : FULL_ECHO_SECONDS;
        int openLoopRate = 0;
        Path output = null;
        boolean publish = false;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--publish":
                    publish = true;
                    break;
                case "--peers":
                    servers = servers(value(args, i++));
                    break;
                case "--steps":
                    steps = numbers(args[i], value(args, i++), 0);
                    break;
                case "--echo-connections":
                    echoConnections = numbers(args[i], value(args, i++), 1);
                    break;
                case "--echo-seconds":
                    echoSeconds = number(args[i], value(args, i++), 1, MAX_ECHO_SECONDS);
                    break;
                case "--open-loop-rate":
                    openLoopRate = rate(args[i], value(args, i++));
                    break;
                case "--output":
                    output = Path.of(value(args, i++));
                    break;
                default:
                    throw new BenchUsageException("unknown option '" + args[i] + "'");
            }
        }
        return new BenchOptions(quick, servers, steps, echoConnections, echoSeconds, openLoopRate, output, publish,
            "ops/bin/holdfast bench" + (args.length == 0 ? "" : " " + String.join(" ", args)));
    }

    /**
     * @return the servers in the order given.
     */
    List<String> servers()
    {
        return servers;
    }

    /**
     * @return idle-connection counts at which RSS is read, ascending, without repeats.
     */
    int[] steps()
    {
        return steps.clone();
    }

    /**
     * @return connection counts of the closed-loop echo runs, ascending, without repeats.
     */
    int[] echoConnections()
    {
        return echoConnections.clone();
    }

    /**
     * @return connections of the open-loop run: the largest echo run's, 5,000 by default.
     */
    int openLoopConnections()
    {
        return echoConnections[echoConnections.length - 1];
    }

    int echoSeconds()
    {
        return echoSeconds;
    }

    /**
     * @return seconds of echo before each measured window, so that the JIT and the connections' buffers settle.
     */
    int warmupSeconds()
    {
        return quick ? QUICK_WARMUP_SECONDS : FULL_WARMUP_SECONDS;
    }

    /**
     * @return the open-loop rate given on the command line, or 0 to take half of Go's closed-loop rate.
     */
    int openLoopRate()
    {
        return openLoopRate;
    }

    /**
     * @return the results folder given, or null for a dated folder under ops/bench/results.
     */
    Path output()
    {
        return output;
    }

    boolean publish()
    {
        return publish;
    }

    /**
     * @return the command as the operator would type it again.
     */
    String commandLine()
    {
        return commandLine;
    }

    private static String value(final String[] args, final int index) throws BenchUsageException
    {
        if (index + 1 == args.length || args[index + 1].startsWith("--"))
        {
            throw new BenchUsageException(args[index] + " needs a value");
        }
        return args[index + 1];
    }

    private static List<String> servers(final String list) throws BenchUsageException
    {
        final Set<String> servers = new LinkedHashSet<>();
        for (final String name : list.split(","))
        {
            final String server = name.trim();
            if (!SERVERS.contains(server))
            {
                throw new BenchUsageException("--peers: unknown server '" + server + "'; known: " +
                    String.join(",", SERVERS));
            }
            servers.add(server);
        }
        return new ArrayList<>(servers);
    }

    private static int[] numbers(final String option, final String list, final int min) throws BenchUsageException
    {
        final String[] items = list.split(",");
        final int[] numbers = new int[items.length];
        for (int i = 0; i < items.length; i++)
        {
            numbers[i] = number(option, items[i], min, MAX_CONNECTIONS);
        }
        return Arrays.stream(numbers).sorted().distinct().toArray();
    }

    private static int rate(final String option, final String value) throws BenchUsageException
    {
        final String number = value.endsWith("/s") ? value.substring(0, value.length() - 2) : value;
        final int rate = parse(number, 1, MAX_RATE);
        if (rate < 0)
        {
            throw new BenchUsageException(option + " " + value + " is not valid; expected messages per second " +
                "from 1/s to " + MAX_RATE + "/s");
        }
        return rate;
    }

    private static int number(final String option, final String value, final int min, final int max)
        throws BenchUsageException
    {
        final int number = parse(value, min, max);
        if (number < 0)
        {
            throw new BenchUsageException(option + " " + value + " is not valid; expected a whole number from " +
                min + " to " + max);
        }
        return number;
    }

    /**
     * @return the whole number if it lies in [min, max] (min is never negative), else -1.
     */
    private static int parse(final String value, final int min, final int max)
    {
        try
        {
            final long number = Long.parseLong(value.trim().replace("_", ""));
            return number >= min && number <= max ? (int)number : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }
}
