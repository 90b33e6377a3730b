package io.holdfast.engine;

import org.agrona.DirectBuffer;

import java.util.List;
import java.util.Locale;

import static io.holdfast.codec.ByteRanges.ascii;

/**
 * The origins whose pages may open connections ({@code holdfast.allowed.origins}): {@code *} for any, exact origins
 * ({@code https://app.example.com}, with a port where it is not the scheme's default) and subdomain patterns
 * ({@code https://*.example.com}, any depth of subdomain, not the domain itself). Origins compare without regard to
 * ASCII case, as hosts and schemes do. Built once; matching allocates nothing.
 */
final class OriginAllowlist
{
    private static final String ANY = "*";
    private static final String SCHEME_SEPARATOR = "://";
    private static final String WILDCARD = "*.";

    private final boolean any;
    /** Each entry's bytes before the host: the scheme and {@code ://}, lower case. */
    private final byte[][] prefixes;
    /** Each entry's bytes after the prefix for an exact origin, or after the wildcard label for a pattern. */
    private final byte[][] suffixes;
    private final boolean[] wildcards;

    OriginAllowlist(final List<String> entries)
    {
        validate(entries);
        any = entries.contains(ANY);
        prefixes = new byte[entries.size()][];
        suffixes = new byte[entries.size()][];
        wildcards = new boolean[entries.size()];
        for (int i = 0; i < entries.size(); i++)
        {
            final String entry = entries.get(i).toLowerCase(Locale.ROOT);
            if (entry.equals(ANY))
            {
                // Never compared: an allowlist holding * allows every origin before looking at entries.
                prefixes[i] = new byte[0];
                suffixes[i] = new byte[0];
                continue;
            }
            final int hostStart = entry.indexOf(SCHEME_SEPARATOR) + SCHEME_SEPARATOR.length();
            wildcards[i] = entry.startsWith(WILDCARD, hostStart);
            prefixes[i] = ascii(entry.substring(0, hostStart));
            // A pattern keeps the dot of "*.": what the wildcard stands for must end at a label boundary.
            suffixes[i] = ascii(entry.substring(wildcards[i] ? hostStart + 1 : hostStart));
        }
    }

    /**
     * Check the entries of {@code holdfast.allowed.origins}.
     *
     * @throws IllegalArgumentException naming the property and the first entry that is not an origin or pattern.
     */
    static void validate(final List<String> entries)
    {
        for (final String entry : entries)
        {
            if (!entry.equals(ANY) && !isOrigin(entry))
            {
                throw new IllegalArgumentException(EngineConfiguration.ALLOWED_ORIGINS_PROP_NAME +
                    " must list *, origins such as https://app.example.com or patterns such as" +
                    " https://*.example.com: " + entry);
            }
        }
    }

    /**
     * @return whether the {@code Origin} header value is allowed.
     */
    boolean allows(final DirectBuffer buffer, final int offset, final int length)
    {
        if (any)
        {
            return true;
        }
        for (int i = 0; i < prefixes.length; i++)
        {
            if (matches(i, buffer, offset, length))
            {
                return true;
            }
        }
        return false;
    }

    private boolean matches(final int entry, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] prefix = prefixes[entry];
        final byte[] suffix = suffixes[entry];
        final int hostLength = length - prefix.length - suffix.length;
        if (wildcards[entry] ? hostLength <= 0 : hostLength != 0)
        {
            return false;
        }
        if (!regionEquals(buffer, offset, prefix) || !regionEquals(buffer, offset + length - suffix.length, suffix))
        {
            return false;
        }
        for (int i = offset + prefix.length, end = i + hostLength; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (b == '/' || b == ':' || b == '@')
            {
                return false;
            }
        }
        return true;
    }

    private static boolean regionEquals(final DirectBuffer buffer, final int offset, final byte[] lowerCase)
    {
        for (int i = 0; i < lowerCase.length; i++)
        {
            int b = buffer.getByte(offset + i);
            if (b >= 'A' && b <= 'Z')
            {
                b += 'a' - 'A';
            }
            if (b != lowerCase[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * An origin is {@code scheme://host} with an optional {@code :port}, no path; the host may start with
     * {@code *.} for a pattern.
     */
    private static boolean isOrigin(final String entry)
    {
        final int separator = entry.indexOf(SCHEME_SEPARATOR);
        if (separator <= 0 || !entry.substring(0, separator).chars().allMatch(OriginAllowlist::isSchemeChar))
        {
            return false;
        }
        String host = entry.substring(separator + SCHEME_SEPARATOR.length());
        if (host.startsWith(WILDCARD))
        {
            host = host.substring(WILDCARD.length());
        }
        final int colon = host.indexOf(':');
        final String name = colon < 0 ? host : host.substring(0, colon);
        final String port = colon < 0 ? "1" : host.substring(colon + 1);
        return !name.isEmpty() && name.chars().allMatch(OriginAllowlist::isHostChar) &&
            !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit);
    }

    private static boolean isSchemeChar(final int c)
    {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    }

    private static boolean isHostChar(final int c)
    {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.');
    }
}
