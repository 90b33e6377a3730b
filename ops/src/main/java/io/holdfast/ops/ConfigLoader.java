package io.holdfast.ops;

import io.holdfast.engine.EngineConfiguration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the configuration from its sources, later ones winning: the built-in defaults; the bundled file when no
 * {@code --config} is given, else each {@code --config} file in order; then {@code -Dholdfast.*} system properties;
 * then {@code key=value} arguments. Files hold {@code key=value} lines; {@code #} and {@code !} start comments.
 * Every value remembers where it came from, for {@code holdfast config} and for error messages; the first bad key
 * or value stops the load, so a server never starts half configured.
 */
final class ConfigLoader
{
    /** Origin of a value no source set. */
    static final String DEFAULT_ORIGIN = "default";
    /** Origin of a {@code key=value} argument. */
    static final String ARGUMENT_ORIGIN = "command line";
    /** What the message of an impossible combination of values starts with. */
    private static final String NOT_VALID = "configuration is not valid: ";

    private static final String PROPERTY_PREFIX = "holdfast.";

    private final Map<String, ServerSettings.Value<?>> values = new TreeMap<>();

    private ConfigLoader()
    {
        for (final ServerSettings.Setting<?> setting : ServerSettings.all())
        {
            values.put(setting.key(), setting.byDefault(DEFAULT_ORIGIN));
        }
    }

    /**
     * Read and check the configuration a server starts with.
     *
     * @param files            config files in order; the bundled default is read when the list is empty.
     * @param bundled          the bundled default file.
     * @param systemProperties usually {@link System#getProperties()}; only {@code holdfast.*} ones are read.
     * @param overrides        {@code key=value} arguments in order.
     * @return the server config, its engine config validated.
     * @throws ConfigException for a missing file, an unknown key, a bad value or an impossible combination.
     */
    static ServerConfig load(
        final List<Path> files, final Path bundled, final Properties systemProperties, final List<String> overrides)
        throws ConfigException
    {
        return configure(read(files, bundled, systemProperties, overrides));
    }

    /**
     * Read every key's effective value, without checking the values against each other.
     *
     * @return the value of every key, sorted by key, each with where it came from.
     * @throws ConfigException for a missing file, an unknown key or a bad value.
     * @see #load(List, Path, Properties, List) for the parameters.
     */
    static List<ServerSettings.Value<?>> read(
        final List<Path> files, final Path bundled, final Properties systemProperties, final List<String> overrides)
        throws ConfigException
    {
        final ConfigLoader loader = new ConfigLoader();
        for (final Path file : files.isEmpty() ? List.of(bundled) : files)
        {
            loader.readFile(file);
        }
        final Map<String, String> properties = new TreeMap<>();
        systemProperties.forEach((key, value) -> properties.put(key.toString(), value.toString()));
        for (final Map.Entry<String, String> property : properties.entrySet())
        {
            if (property.getKey().startsWith(PROPERTY_PREFIX))
            {
                loader.set(property.getKey(), property.getValue(), "-D" + property.getKey());
            }
        }
        for (final String override : overrides)
        {
            loader.readLine(override, ARGUMENT_ORIGIN);
        }
        return new ArrayList<>(loader.values.values());
    }

    /**
     * @param values the value of every key, as {@link #read} returns them.
     * @return a server config with those values, its engine config validated.
     * @throws ConfigException when the values contradict each other, the JWT secret file cannot be read, or the admin
     * endpoint would be open to other hosts without a token.
     */
    static ServerConfig configure(final List<ServerSettings.Value<?>> values) throws ConfigException
    {
        final ServerConfig config = new ServerConfig();
        for (final ServerSettings.Value<?> value : values)
        {
            value.applyTo(config);
        }
        if (config.jwtSecretFile() != null)
        {
            config.engine().jwtSecret(SecretFile.read(
                config.jwtSecretFile(), EngineConfiguration.AUTH_JWT_SECRET_FILE_PROP_NAME));
        }
        try
        {
            config.engine().validate();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(NOT_VALID + ex.getMessage());
        }
        requireAdminTokenOffLoopback(config, values);
        return config;
    }

    /**
     * Refuse an admin endpoint other hosts may reach without a token: whoever reaches it reads the server's numbers
     * and, with pub/sub, publishes to every subscriber.
     */
    private static void requireAdminTokenOffLoopback(
        final ServerConfig config, final List<ServerSettings.Value<?>> values) throws ConfigException
    {
        final String address = config.adminAddress();
        if (config.adminEnabled() && config.adminTokenFile() == null && !isLoopback(address))
        {
            final String key = OpsConfiguration.ADMIN_ADDRESS_PROP_NAME;
            throw new ConfigException(originOf(key, values) + ": " + key + "=" + address + " is not a loopback " +
                "address, so admin requests need a token: set " + OpsConfiguration.ADMIN_TOKEN_FILE_PROP_NAME +
                " to a file holding one, or listen on 127.0.0.1");
        }
    }

    /**
     * @return whether the host name or address is a loopback address; false, the safe answer, when it does not
     * resolve.
     */
    private static boolean isLoopback(final String address)
    {
        try
        {
            return InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            return false;
        }
    }

    private static String originOf(final String key, final List<ServerSettings.Value<?>> values)
    {
        for (final ServerSettings.Value<?> value : values)
        {
            if (value.key().equals(key))
            {
                return value.origin();
            }
        }
        return DEFAULT_ORIGIN;
    }

    private void readFile(final Path file) throws ConfigException
    {
        final String name = displayName(file);
        if (Files.isDirectory(file))
        {
            throw new ConfigException("cannot read config file " + name + ": it is a directory");
        }
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException("cannot read config file " + name + ": no such file");
        }
        catch (final AccessDeniedException ex)
        {
            throw new ConfigException("cannot read config file " + name + ": permission denied");
        }
        catch (final CharacterCodingException ex)
        {
            throw new ConfigException("cannot read config file " + name + ": not UTF-8 text");
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot read config file " + name + ": " + ex.getMessage());
        }
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = withoutByteOrderMark(lines.get(i)).trim();
            if (!line.isEmpty() && line.charAt(0) != '#' && line.charAt(0) != '!')
            {
                readLine(line, name + ":" + (i + 1));
            }
        }
    }

    /**
     * @return the file as given, or, for an absolute path under the working directory (the bundled file), relative
     * to it: {@code ops/config/holdfast.properties}, as an operator in the project folder would type it.
     */
    private static String displayName(final Path file)
    {
        final Path workingDirectory = Path.of("").toAbsolutePath();
        if (file.isAbsolute() && file.startsWith(workingDirectory) && !file.equals(workingDirectory))
        {
            return workingDirectory.relativize(file).toString();
        }
        return file.toString();
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
            throw new ConfigException(origin + ": expected key=value, such as holdfast.listen.port=8080, not '" +
                line + "'");
        }
        set(line.substring(0, separator).trim(), line.substring(separator + 1), origin);
    }

    private void set(final String key, final String text, final String origin) throws ConfigException
    {
        final ServerSettings.Setting<?> setting = ServerSettings.find(key);
        if (setting == null)
        {
            throw new ConfigException(origin + ": " + ServerSettings.unknownKeyProblem(key));
        }
        try
        {
            values.put(key, setting.value(text, origin));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(
                origin + ": " + key + "=" + text.trim() + " is not valid; expected " + ex.getMessage());
        }
    }
}
