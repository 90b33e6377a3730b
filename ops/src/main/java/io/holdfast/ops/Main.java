package io.holdfast.ops;

import io.holdfast.ops.bench.BenchCommand;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code holdfast} command: picks the subcommand and turns every failure into one line and an exit status
 * (0 done, 1 failed while running, 2 bad command line or configuration).
 */
public final class Main
{
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    private static final String USAGE = String.join(System.lineSeparator(),
        "usage: holdfast <command> [options]",
        "",
        "commands:",
        "  serve [--config FILE]... [--jfr FILE] [--force] [key=value]...",
        "                                            run the server (default config: the bundled holdfast.properties);",
        "                                            not started on a doctor FAIL unless --force",
        "  doctor [--config FILE]... [key=value]...  check this host against the configuration: OK, WARN or FAIL",
        "                                            with the fix, per check (exit 1 on a FAIL)",
        "  config [--config FILE]... [key=value]...  print the effective configuration, each value with its origin",
        "  stat [--dir DIR] [--interval 1s] [--count N]",
        "                                            print a running server's counters and rates",
        "  errors [--dir DIR]                        print the errors a server recorded, with counts",
        "  load --url ws://127.0.0.1:PORT/PATH [--connections N] [--hold | --echo SIZE --closed-loop|--msg-rate N/s]",
        "                                            open WebSocket connections and measure (load --help: all options)",
        "  bench [--quick] [--scenario rss,echo,broadcast] [--peers LIST] [--steps LIST] [--echo-connections LIST]",
        "        [--echo-seconds N] [--open-loop-rate N/s] [--subscribers LIST] [--broadcast-seconds N]",
        "        [--output DIR] [--publish]",
        "                                            measure holdfast and its peers side by side (RSS, echo, latency,",
        "                                            broadcast)",
        "  help                                      show this text");

    private Main()
    {
    }

    /**
     * @param args the subcommand and its arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0)
        {
            err.println(USAGE);
            return EXIT_USAGE;
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0])
        {
            case "serve":
                return ServeCommand.run(rest, out, err);
            case "config":
                return ConfigCommand.run(rest, out, err);
            case "doctor":
                return DoctorCommand.run(rest, out, err);
            case "stat":
                return StatCommand.run(rest, out, err);
            case "errors":
                return ErrorsCommand.run(rest, out, err);
            case "load":
                return LoadCommand.run(rest, out, err);
            case "bench":
                return BenchCommand.run(rest, out, err);
            case "help":
            case "--help":
            case "-h":
                out.println(USAGE);
                return EXIT_OK;
            default:
                err.println("holdfast: unknown command '" + args[0] + "'");
                err.println(USAGE);
                return EXIT_USAGE;
        }
    }
}
