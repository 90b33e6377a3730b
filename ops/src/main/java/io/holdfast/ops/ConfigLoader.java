package io.holdfast.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the engine config from its sources, later ones winning: the bundled file when no {@code --config} is
 * given, else each {@code --config} file in order; then {@code -Dholdfast.*} system properties; then
 * {@code key=value} arguments. Files hold {@code key=value} lines; {@code #} and {@code !} start comments.
 */
final class ConfigLoader
{
    private final ServerConfig config = new ServerConfig();

    /**
     * @param files         config files in order; the bundled default is used when the list is empty.
     * @param bundled       the bundled default file.
     * @param systemProperties  usually {@link System#getProperties()}.
     * @param overrides     {@code key=value} arguments in order.
     * @return the server config, its engine config validated.
     * @throws ConfigException for a missing file, an unknown key, a bad value or an impossible combination.
     */
    static ServerConfig load(
        final List<Path> files, final Path bundled, final Properties systemProperties, final List<String> overrides)
        throws ConfigException
    {
        final ConfigLoader loader = new ConfigLoader();
        for (final Path file : files.isEmpty() ? List.of(bundled) : files)
        {
            loader.readFile(file);
        }
        for (final Map.Entry<Object, Object> entry : systemProperties.entrySet())
        {
            final String key = entry.getKey().toString();
            if (key.startsWith("holdfast."))
            {
                ServerSettings.apply(loader.config, key, entry.getValue().toString(), "system property -D" + key);
            }
        }
        for (final String override : overrides)
        {
            loader.readLine(override, "command line argument '" + override + "'");
        }
        try
        {
            loader.config.engine().validate();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException("configuration is not valid: " + ex.getMessage());
        }
        return loader.config;
    }

    private void readFile(final Path file) throws ConfigException
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot read config file " + file + ": " + ex.getClass().getSimpleName() +
                (ex.getMessage() == null ? "" : " " + ex.getMessage()));
        }
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = withoutByteOrderMark(lines.get(i)).trim();
            if (!line.isEmpty() && line.charAt(0) != '#' && line.charAt(0) != '!')
            {
                readLine(line, file + ":" + (i + 1));
            }
        }
    }

    private static String withoutByteOrderMark(final String line)
    {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private void readLine(final String line, final String origin) throws ConfigException
    {
        final int separator = line.indexOf('=');
        if (separator <= 0)
        {
            throw new ConfigException(origin + ": expected key=value, such as holdfast.listen.port=8080");
        }
        ServerSettings.apply(config, line.substring(0, separator).trim(), line.substring(separator + 1), origin);
    }
}
