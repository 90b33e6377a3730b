package io.holdfast.ops.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code holdfast bench} command line: which scenarios, which servers, which idle-connection steps, which echo and
 * broadcast runs, for how long, and where the results go. {@code --quick} changes only the defaults, so any option
 * given still wins.
 */
final class BenchOptions
{
    static final String USAGE = "usage: holdfast bench [--quick] [--scenario rss,echo,broadcast] " +
        "[--peers holdfast,holdfast-25,go,node,python,netty,floor] [--steps 0,1000,5000,10000,19000] " +
        "[--echo-connections 1000,5000] [--echo-seconds 20] [--open-loop-rate N/s] [--subscribers 1000,10000] " +
        "[--broadcast-seconds 20] [--output DIR] [--publish]";
    static final List<String> SERVERS = List.of("holdfast", "holdfast-25", "go", "node", "python", "netty", "floor");
    /** The servers that speak holdfast's pub/sub protocol, the only ones the broadcast scenario runs. */
    static final List<String> BROADCAST_SERVERS = List.of("holdfast", "holdfast-25", "go");
    static final String RSS = "rss";
    static final String ECHO = "echo";
    static final String BROADCAST = "broadcast";
    static final List<String> SCENARIOS = List.of(RSS, ECHO, BROADCAST);
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
    private static final int[] FULL_SUBSCRIBERS = {1_000, 10_000};
    private static final int[] QUICK_SUBSCRIBERS = {1_000};
    private static final int FULL_BROADCAST_SECONDS = 20;
    private static final int QUICK_BROADCAST_SECONDS = 5;

    private final boolean quick;
    private List<String> scenarios = SCENARIOS;
    private List<String> servers;
    private int[] steps;
    private int[] echoConnections;
    private int echoSeconds;
    private int openLoopRate;
    private int[] subscribers;
    private int broadcastSeconds;
    private Path output;
    private boolean publish;
    private final String commandLine;

    private BenchOptions(final boolean quick, final String commandLine)
    {
        this.quick = quick;
        this.commandLine = commandLine;
        steps = quick ? QUICK_STEPS : FULL_STEPS;
        echoConnections = quick ? QUICK_ECHO_CONNECTIONS : FULL_ECHO_CONNECTIONS;
        echoSeconds = quick ? QUICK_ECHO_SECONDS : FULL_ECHO_SECONDS;
        subscribers = quick ? QUICK_SUBSCRIBERS : FULL_SUBSCRIBERS;
        broadcastSeconds = quick ? QUICK_BROADCAST_SECONDS : FULL_BROADCAST_SECONDS;
    }

    /**
     * @param args the arguments after {@code bench}.
     * @throws BenchUsageException naming the option that is wrong and the form expected.
     */
    static BenchOptions parse(final String[] args) throws BenchUsageException
    {
        final BenchOptions options = new BenchOptions(Arrays.asList(args).contains("--quick"),
            "ops/bin/holdfast bench" + (args.length == 0 ? "" : " " + String.join(" ", args)));
        List<String> servers = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--publish":
                    options.publish = true;
                    break;
                case "--scenario":
                    final List<String> scenarios = names(args[i], value(args, i++), SCENARIOS, "scenario");
                    options.scenarios = SCENARIOS.stream().filter(scenarios::contains).toList();
                    break;
                case "--peers":
                    servers = names(args[i], value(args, i++), SERVERS, "server");
                    break;
                case "--steps":
                    options.steps = numbers(args[i], value(args, i++), 0);
                    break;
                case "--echo-connections":
                    options.echoConnections = numbers(args[i], value(args, i++), 1);
                    break;
                case "--echo-seconds":
                    options.echoSeconds = number(args[i], value(args, i++), 1, MAX_ECHO_SECONDS);
                    break;
                case "--open-loop-rate":
                    options.openLoopRate = rate(args[i], value(args, i++));
                    break;
                case "--subscribers":
                    options.subscribers = numbers(args[i], value(args, i++), 1);
                    break;
                case "--broadcast-seconds":
                    options.broadcastSeconds = number(args[i], value(args, i++), 1, MAX_ECHO_SECONDS);
                    break;
                case "--output":
                    options.output = Path.of(value(args, i++));
                    break;
                default:
                    throw new BenchUsageException("unknown option '" + args[i] + "'");
            }
        }
        options.servers = servers != null ? servers : options.defaultServers();
        if (options.publish && options.scenarios.size() < SCENARIOS.size())
        {
            throw new BenchUsageException("--publish replaces the whole published table, so it needs every " +
                "scenario; the results of a run of some scenarios stay in its own folder");
        }
        return options;
    }

    /**
     * @return the scenarios to run, in their fixed order: RSS by idle connections, echo (closed and open loop),
     *     broadcast.
     */
    List<String> scenarios()
    {
        return scenarios;
    }

    boolean runs(final String scenario)
    {
        return scenarios.contains(scenario);
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
     * @return subscriber counts of the broadcast runs, ascending, without repeats.
     */
    int[] subscribers()
    {
        return subscribers.clone();
    }

    /**
     * @return measured seconds of each broadcast run, after the same warm-up as the echo runs.
     */
    int broadcastSeconds()
    {
        return broadcastSeconds;
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

    /**
     * @return holdfast alone for a quick run, the servers that speak pub/sub for a broadcast run alone, else all.
     */
    private List<String> defaultServers()
    {
        if (quick)
        {
            return List.of(BenchServer.HOLDFAST);
        }
        return scenarios.equals(List.of(BROADCAST)) ? BROADCAST_SERVERS : SERVERS;
    }

    /**
     * @param what what the names are, for the message naming one that is not known.
     * @return the names in the list in the order given, each once.
     */
    private static List<String> names(final String option, final String list, final List<String> known,
        final String what) throws BenchUsageException
    {
        final Set<String> names = new LinkedHashSet<>();
        for (final String item : list.split(","))
        {
            final String name = item.trim();
            if (!known.contains(name))
            {
                throw new BenchUsageException(option + ": unknown " + what + " '" + name + "'; known: " +
                    String.join(",", known));
            }
            names.add(name);
        }
        return new ArrayList<>(names);
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
