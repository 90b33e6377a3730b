package io.holdfast.ops;

import java.nio.file.Path;

/**
 * How {@code holdfast stat} and {@code holdfast errors} find a server's {@code holdfast.dir}: {@code --dir DIR}, or
 * else the folder {@code holdfast serve} would use with the same {@code --config} files, {@code -Dholdfast.*}
 * properties and {@code key=value} arguments.
 */
final class ServerDirectory
{
    /** The option that names the folder. */
    static final String OPTION = "--dir";
    /** How the arguments read in a usage line. */
    static final String USAGE = "[--dir DIR] [--config FILE]... [key=value]...";

    private ServerDirectory()
    {
    }

    /**
     * @param arguments the command's arguments, parsed with {@link #OPTION} as a file option.
     * @return the folder given with {@code --dir}, else the one the configuration names.
     * @throws ConfigException when the configuration is not valid, as serve would refuse it.
     */
    static Path of(final ConfigArguments arguments) throws ConfigException
    {
        final Path directory = arguments.fileOption(OPTION);
        return directory != null ? directory : arguments.load().directory();
    }
}
