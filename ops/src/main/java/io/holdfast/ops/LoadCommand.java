package io.holdfast.ops;

import io.holdfast.ops.load.LoadGenerator;
import io.holdfast.ops.load.LoadOptions;
import io.holdfast.ops.load.LoadResult;
import io.holdfast.ops.load.ResultFiles;
import io.holdfast.ops.load.SourceAddresses;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code holdfast load}: the command line of the load generator ({@link LoadGenerator}). Refuses targets outside
 * 127.0.0.0/8 and ::1 unless {@code --allow-remote} is given; SIGINT or SIGTERM ends the run early, after which the
 * connections are closed and the report printed as at the normal end. Exit status 0, 1 when more connections failed
 * than {@code --max-failures} allows, 2 for a bad command line.
 */
final class LoadCommand
{
    static final String USAGE = String.join(System.lineSeparator(),
        "usage: holdfast load --url ws://127.0.0.1:PORT/PATH [options]",
        "  --connections N          connections to open (default 1000, at most 100000)",
        "  --rate N/s               connection attempts per second (default 1000/s)",
        "  --source-addresses LIST  local addresses to connect from, round-robin: 127.0.0.2-127.0.0.20 or a,b,c",
        "  --header 'NAME: VALUE'   one more header in every upgrade request, e.g. 'Authorization: Bearer TOKEN'",
        "  --ping DURATION          each connection sends {\"type\":\"ping\"} this often, 0 for never (default 30s)",
        "  --hold                   hold the connections with heartbeats only (the default)",
        "  --echo SIZE              send SIZE-byte messages and time their echoes, with one of",
        "    --closed-loop          each connection sends, waits for the echo, sends again",
        "    --msg-rate N/s         a fixed total rate, latency timed from each scheduled send",
        "  --broadcast SIZE         subscribers receive a SIZE-byte text message per publish, timed from its send",
        "    --subscribers N        connections subscribed to the topic (default 1000); one more publishes",
        "    --publish-interval D   time between publishes (default 100ms)",
        "    --topic NAME           the topic (default bench)",
        "  --text | --binary        message type (default text)",
        "  --warmup DURATION        echoes and publishes sent in this first part are not measured (default 0)",
        "  --duration DURATION      how long the run lasts once connected, warm-up included (default 30s)",
        "  --max-failures N         failed connections tolerated before exit status 1 (default 0)",
        "  --output DIR             write NAME.hgrm, NAME-handshake.hgrm (broadcast: NAME-delivery.hgrm) and",
        "                           append a line to NAME.csv there",
        "  --name NAME              the run's name in those files (default load)",
        "  --threads N              client I/O threads, each with its share of connections and rates (default 1)",
        "  --allow-remote           allow a target outside 127.0.0.0/8 and ::1");

    private static final Set<String> FLAGS =
        Set.of("--hold", "--closed-loop", "--text", "--binary", "--allow-remote");
    private static final Set<String> VALUED = Set.of("--url", "--connections", "--rate", "--source-addresses",
        "--header", "--ping", "--echo", "--msg-rate", "--broadcast", "--subscribers", "--publish-interval", "--topic",
        "--warmup", "--duration", "--max-failures", "--output", "--name", "--threads");
    private static final List<String> BROADCAST_OPTIONS = List.of("--subscribers", "--publish-interval", "--topic");
    private static final int DEFAULT_SUBSCRIBERS = 1_000;
    private static final long DEFAULT_PUBLISH_INTERVAL_MS = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** An HTTP field name (token characters), a colon and a value of visible ASCII and spaces. */
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+: ?[\\x21-\\x7E][\\x20-\\x7E]*");
    private static final int MAX_CONNECT_RATE = 1_000_000;
    private static final int MAX_MESSAGE_RATE = 10_000_000;
    private static final long MAX_ECHO_SIZE = 1 << 20;
    private static final long MAX_DURATION_MS = 24 * 3_600_000L;
    private static final long MAX_PING_MS = 3_600_000L;
    private static final int MAX_THREADS = 64;
    private static final int DEFAULT_WS_PORT = 80;
    /** Files the process keeps open besides its connections: jars, selectors, the output files. */
    private static final int FILE_DESCRIPTOR_RESERVE = 64;

    private LoadCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0])))
        {
            out.println(USAGE);
            return Main.EXIT_OK;
        }
        final LoadOptions options;
        final LoadGenerator generator;
        try
        {
            options = parse(args);
            generator = new LoadGenerator(options);
        }
        catch (final ConfigException | IllegalArgumentException ex)
        {
            err.println("holdfast load: " + ex.getMessage());
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        catch (final IOException ex)
        {
            err.println("holdfast load: cannot open a selector: " + ex.getMessage());
            return Main.EXIT_FAILED;
        }
        return load(options, generator, out, err);
    }

    private static int load(
        final LoadOptions options, final LoadGenerator generator, final PrintStream out, final PrintStream err)
    {
        final StopSignal signal = new StopSignal();
        final Thread stopper = new Thread(() -> awaitStop(signal, generator), "holdfast-load-signal");
        stopper.setDaemon(true);
        stopper.start();
        final LoadResult result;
        try
        {
            result = generator.run(out);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Main.EXIT_FAILED;
        }
        if (result.error() != null)
        {
            err.println("holdfast load: an I/O thread failed: " + result.error());
            return Main.EXIT_FAILED;
        }
        if (options.outputDirectory() != null && !writeFiles(result, options, out, err))
        {
            return Main.EXIT_FAILED;
        }
        if (result.failed() > options.maxFailures())
        {
            err.println("holdfast load: " + result.failed() + " connections failed, more than --max-failures " +
                options.maxFailures());
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }

    private static void awaitStop(final StopSignal signal, final LoadGenerator generator)
    {
        try
        {
            if (signal.await(Long.MAX_VALUE))
            {
                generator.stop();
            }
        }
        catch (final InterruptedException ignore)
        {
            // The JVM is exiting.
        }
    }

    private static boolean writeFiles(
        final LoadResult result, final LoadOptions options, final PrintStream out, final PrintStream err)
    {
        try
        {
            final List<String> names = new ArrayList<>();
            for (final Path file : ResultFiles.write(result))
            {
                names.add(file.toString());
            }
            out.println("holdfast load: wrote " + String.join(", ", names) + " (latency in microseconds)");
            out.flush();
            return true;
        }
        catch (final IOException ex)
        {
            err.println("holdfast load: cannot write the results to " + options.outputDirectory() + ": " + ex);
            return false;
        }
    }

    /**
     * @return the options the arguments give.
     * @throws ConfigException naming the option that is wrong and what was expected.
     */
    static LoadOptions parse(final String[] args) throws ConfigException
    {
        final Map<String, String> values = options(args);
        final String url = values.get("--url");
        if (url == null)
        {
            throw new ConfigException("--url is required, such as --url ws://127.0.0.1:8080/ws");
        }
        final URI uri = uri(url);
        final LoadOptions options = new LoadOptions()
            .target(uri, resolve(uri, values.containsKey("--allow-remote")))
            .connections(value(values, "--connections", 1_000,
                (text) -> ConfigValues.integer(text, 1, LoadOptions.MAX_CONNECTIONS)))
            .connectRate(value(values, "--rate", 1_000, (text) -> ConfigValues.rate(text, 1, MAX_CONNECT_RATE)))
            .sourceAddresses(value(values, "--source-addresses", List.of(), SourceAddresses::parse))
            .header(value(values, "--header", null, LoadCommand::header))
            .pingIntervalMs(value(values, "--ping", 30_000L, (text) -> ConfigValues.durationMs(text, 0, MAX_PING_MS)))
            .warmupMs(value(values, "--warmup", 0L, (text) -> ConfigValues.durationMs(text, 0, MAX_DURATION_MS)))
            .durationMs(value(values, "--duration", 30_000L,
                (text) -> ConfigValues.durationMs(text, 1, MAX_DURATION_MS)))
            .maxFailures(value(values, "--max-failures", 0,
                (text) -> ConfigValues.integer(text, 0, LoadOptions.MAX_CONNECTIONS)))
            .outputDirectory(value(values, "--output", null, Path::of))
            .name(value(values, "--name", "load", LoadCommand::name))
            .threads(value(values, "--threads", 1, (text) -> ConfigValues.integer(text, 1, MAX_THREADS)));
        mode(values, options);
        requireOpenFiles(options.connections());
        return options;
    }

    /**
     * @return each option given with its value ("" for a flag).
     */
    private static Map<String, String> options(final String[] args) throws ConfigException
    {
        final Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            final String option = args[i];
            if (!FLAGS.contains(option) && !VALUED.contains(option))
            {
                throw new ConfigException("unknown option '" + option + "'");
            }
            String value = "";
            if (VALUED.contains(option))
            {
                if (i + 1 == args.length)
                {
                    throw new ConfigException(option + " needs a value");
                }
                value = args[++i];
            }
            if (values.put(option, value) != null)
            {
                throw new ConfigException(option + " is given twice");
            }
        }
        return values;
    }

    private static void mode(final Map<String, String> values, final LoadOptions options) throws ConfigException
    {
        final boolean echo = values.containsKey("--echo");
        final boolean closedLoop = values.containsKey("--closed-loop");
        final boolean openLoop = values.containsKey("--msg-rate");
        if (values.containsKey("--hold") && (echo || closedLoop || openLoop))
        {
            throw new ConfigException("--hold cannot be combined with --echo, --closed-loop or --msg-rate");
        }
        if (values.containsKey("--text") && values.containsKey("--binary"))
        {
            throw new ConfigException("--text and --binary exclude each other");
        }
        options.binary(values.containsKey("--binary"));
        if (values.containsKey("--broadcast"))
        {
            broadcast(values, options, echo || closedLoop || openLoop);
            return;
        }
        if (BROADCAST_OPTIONS.stream().anyMatch(values::containsKey))
        {
            throw new ConfigException(String.join(", ", BROADCAST_OPTIONS) + " need --broadcast SIZE");
        }
        if (!echo)
        {
            if (closedLoop || openLoop)
            {
                throw new ConfigException("--closed-loop and --msg-rate need --echo SIZE");
            }
            options.hold();
            return;
        }
        if (closedLoop == openLoop)
        {
            throw new ConfigException("--echo needs one of --closed-loop or --msg-rate N/s");
        }
        final int size = value(values, "--echo", 0, (text) -> (int)ConfigValues.size(text, 1, MAX_ECHO_SIZE));
        if (closedLoop)
        {
            options.closedLoop(size);
        }
        else
        {
            options.openLoop(size,
                value(values, "--msg-rate", 0, (text) -> ConfigValues.rate(text, 1, MAX_MESSAGE_RATE)));
        }
    }

    private static void broadcast(final Map<String, String> values, final LoadOptions options, final boolean echo)
        throws ConfigException
    {
        if (echo || values.containsKey("--hold"))
        {
            throw new ConfigException("--broadcast cannot be combined with --hold, --echo, --closed-loop or " +
                "--msg-rate");
        }
        if (values.containsKey("--connections"))
        {
            throw new ConfigException("--broadcast counts its connections with --subscribers N (one more publishes), " +
                "not --connections");
        }
        options.broadcast(
            value(values, "--broadcast", 0, (text) -> (int)ConfigValues.size(text, 1, MAX_ECHO_SIZE)),
            value(values, "--subscribers", DEFAULT_SUBSCRIBERS,
                (text) -> ConfigValues.integer(text, 1, LoadOptions.MAX_CONNECTIONS - 1)),
            value(values, "--publish-interval", DEFAULT_PUBLISH_INTERVAL_MS,
                (text) -> ConfigValues.durationMs(text, 1, MAX_DURATION_MS)),
            values.getOrDefault("--topic", LoadOptions.DEFAULT_TOPIC));
    }

    /**
     * @return the option's value parsed, or the fallback when it was not given.
     * @throws ConfigException naming the option, its value and the form expected.
     */
    private static <T> T value(
        final Map<String, String> values, final String option, final T fallback, final Function<String, T> parse)
        throws ConfigException
    {
        final String text = values.get(option);
        if (text == null)
        {
            return fallback;
        }
        try
        {
            return parse.apply(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(option + " " + text + " is not valid; expected " + ex.getMessage());
        }
    }

    private static URI uri(final String text) throws ConfigException
    {
        try
        {
            final URI uri = new URI(text);
            if ("ws".equals(uri.getScheme()) && uri.getHost() != null)
            {
                return uri;
            }
        }
        catch (final URISyntaxException ignore)
        {
            // Reported below, as for any other URL that is not ws://HOST[:PORT]/PATH.
        }
        throw new ConfigException("--url " + text + " is not valid; expected ws://HOST:PORT/PATH (wss is not " +
            "supported)");
    }

    /**
     * Resolve the target, refusing one that is not on this host unless allowed: a load generator pointed at
     * someone else's server by a typo is an attack.
     */
    private static InetSocketAddress resolve(final URI uri, final boolean allowRemote) throws ConfigException
    {
        final InetAddress address;
        try
        {
            address = InetAddress.getByName(uri.getHost());
        }
        catch (final UnknownHostException ex)
        {
            throw new ConfigException("cannot resolve the host of --url " + uri);
        }
        if (!allowRemote && !address.isLoopbackAddress())
        {
            throw new ConfigException("--url " + uri + " is not on this host (127.0.0.0/8 or ::1); add " +
                "--allow-remote to load a remote server you are allowed to load");
        }
        return new InetSocketAddress(address, uri.getPort() < 0 ? DEFAULT_WS_PORT : uri.getPort());
    }

    /**
     * Refuse more connections than this process may open files for, before opening any.
     */
    private static void requireOpenFiles(final int connections) throws ConfigException
    {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean)
        {
            final com.sun.management.UnixOperatingSystemMXBean system =
                (com.sun.management.UnixOperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
            final long available = system.getMaxFileDescriptorCount() - system.getOpenFileDescriptorCount() -
                FILE_DESCRIPTOR_RESERVE;
            if (connections > available)
            {
                throw new ConfigException("--connections " + connections + " needs more open files than this " +
                    "process may have (" + system.getMaxFileDescriptorCount() + ", ulimit -n); ask for at most " +
                    Math.max(0, available) + " or raise the limit");
            }
        }
    }

    private static String header(final String text)
    {
        if (!HEADER.matcher(text).matches())
        {
            throw new IllegalArgumentException("one header line NAME: VALUE of visible ASCII, such as " +
                "'Authorization: Bearer TOKEN'");
        }
        return text;
    }

    private static String name(final String text)
    {
        if (!NAME.matcher(text).matches())
        {
            throw new IllegalArgumentException("a file name of letters, digits, '.', '_' and '-'");
        }
        return text;
    }
}
