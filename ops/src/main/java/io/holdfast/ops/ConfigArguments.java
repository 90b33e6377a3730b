package io.holdfast.ops;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration a command line names, shared by every command that loads one, so each reads it as
 * {@code serve} does: {@code --config FILE} in order, {@code key=value} overrides, any other
 * {@code --option FILE} the command declares (as {@code --jfr FILE} or {@code --dir DIR}) and any flag it declares
 * (as {@code --force}).
 */
final class ConfigArguments
{
    private static final String CONFIG_OPTION = "--config";

    private final List<Path> files = new ArrayList<>();
    private final List<String> overrides = new ArrayList<>();
    private final Map<String, Path> fileOptions = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private ConfigArguments()
    {
    }

    /**
     * @param args        the command's arguments.
     * @param fileOptions the options besides {@code --config} the command takes, each followed by a FILE.
     * @return the arguments, sorted out.
     * @throws ConfigException naming the argument that is not one of these, or an option without its FILE.
     */
    static ConfigArguments parse(final String[] args, final String... fileOptions) throws ConfigException
    {
        return parse(args, List.of(), fileOptions);
    }

    /**
     * @param args        the command's arguments.
     * @param flags       the options the command takes without a value, as {@code --force}.
     * @param fileOptions the options besides {@code --config} the command takes, each followed by a FILE.
     * @return the arguments, sorted out.
     * @throws ConfigException naming the argument that is not one of these, or an option without its FILE.
     */
    static ConfigArguments parse(final String[] args, final List<String> flags, final String... fileOptions)
        throws ConfigException
    {
        final ConfigArguments arguments = new ConfigArguments();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (CONFIG_OPTION.equals(arg) || List.of(fileOptions).contains(arg))
            {
                if (i + 1 == args.length)
                {
                    throw new ConfigException(arg + " needs a FILE");
                }
                final Path file = Path.of(args[++i]);
                if (CONFIG_OPTION.equals(arg))
                {
                    arguments.files.add(file);
                }
                else
                {
                    arguments.fileOptions.put(arg, file);
                }
            }
            else if (flags.contains(arg))
            {
                arguments.flags.add(arg);
            }
            else if (arg.indexOf('=') > 0 && !arg.startsWith("-"))
            {
                arguments.overrides.add(arg);
            }
            else
            {
                throw new ConfigException("unexpected argument '" + arg + "'");
            }
        }
        return arguments;
    }

    /**
     * @return the {@code --config} files in the order given; empty for the bundled file.
     */
    List<Path> files()
    {
        return files;
    }

    /**
     * @return the {@code key=value} arguments in the order given.
     */
    List<String> overrides()
    {
        return overrides;
    }

    /**
     * @return the FILE given with the option, the last one if it was given more than once; null when not given.
     */
    Path fileOption(final String option)
    {
        return fileOptions.get(option);
    }

    /**
     * @return whether the flag was given.
     */
    boolean flag(final String flag)
    {
        return flags.contains(flag);
    }

    /**
     * Read every key's effective value from these arguments, the bundled file and the JVM's system properties.
     *
     * @throws ConfigException for a missing file, an unknown key or a bad value.
     */
    List<ServerSettings.Value<?>> read() throws ConfigException
    {
        return ConfigLoader.read(
            files, ServeCommand.bundledFile("holdfast.properties"), System.getProperties(), overrides);
    }

    /**
     * @return the server config these arguments, the bundled file and the JVM's system properties make.
     * @throws ConfigException for a missing file, an unknown key, a bad value or an impossible combination.
     */
    ServerConfig load() throws ConfigException
    {
        return ConfigLoader.configure(read());
    }
}
