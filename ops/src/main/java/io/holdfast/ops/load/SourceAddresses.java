package io.holdfast.ops.load;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code --source-addresses}: local addresses the connections are bound to, round-robin, so that each address
 * brings its own range of ephemeral ports. Only literal addresses are accepted, never names to look up.
 */
public final class SourceAddresses
{
    private static final String FORM = "addresses such as 127.0.0.2-127.0.0.20 (an IPv4 range) or 127.0.0.2,127.0.0.3";

    private static final int MAX_RANGE = 65_536;
    private static final int IPV4_BYTES = 4;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private SourceAddresses()
    {
    }

    /**
     * @param text addresses as {@code 127.0.0.2-127.0.0.20} (an IPv4 range), {@code 127.0.0.2,::1}, or both.
     * @return the addresses in order, ranges expanded.
     * @throws IllegalArgumentException whose message is the form expected.
     */
    public static List<InetAddress> parse(final String text)
    {
        final List<InetAddress> addresses = new ArrayList<>();
        for (final String part : text.split(",", -1))
        {
            final int dash = part.indexOf('-');
            if (dash < 0)
            {
                addresses.add(literal(part));
                continue;
            }
            final long from = ipv4(literal(part.substring(0, dash)));
            final long to = ipv4(literal(part.substring(dash + 1)));
            if (from > to || to - from >= MAX_RANGE)
            {
                throw new IllegalArgumentException(FORM);
            }
            for (long value = from; value <= to; value++)
            {
                addresses.add(ipv4(value));
            }
        }
        return addresses;
    }

    private static InetAddress literal(final String text)
    {
        final String address = text.trim();
        if (!IPV4.matcher(address).matches() && address.indexOf(':') < 0)
        {
            throw new IllegalArgumentException(FORM);
        }
        try
        {
            // A literal address is parsed, never looked up.
            return InetAddress.getByName(address);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(FORM);
        }
    }

    private static long ipv4(final InetAddress address)
    {
        final byte[] bytes = address.getAddress();
        if (bytes.length != IPV4_BYTES)
        {
            throw new IllegalArgumentException(FORM);
        }
        long value = 0;
        for (final byte b : bytes)
        {
            value = (value << Byte.SIZE) | (b & 0xFF);
        }
        return value;
    }

    private static InetAddress ipv4(final long value)
    {
        final byte[] bytes = new byte[IPV4_BYTES];
        for (int i = 0; i < IPV4_BYTES; i++)
        {
            bytes[i] = (byte)(value >>> (Byte.SIZE * (IPV4_BYTES - 1 - i)));
        }
        try
        {
            return InetAddress.getByAddress(bytes);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException("four bytes are an IPv4 address", ex);
        }
    }
}
