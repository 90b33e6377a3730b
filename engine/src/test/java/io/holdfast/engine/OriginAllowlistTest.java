package io.holdfast.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class OriginAllowlistTest
{
    private final OriginAllowlist allowlist =
        new OriginAllowlist(List.of("https://app.example.com", "http://localhost:3000", "https://*.example.org"));

    @Test
    void allowsExactOriginsInAnyCase()
    {
        assertTrue(allows("https://app.example.com"));
        assertTrue(allows("HTTPS://App.Example.Com"));
        assertTrue(allows("http://localhost:3000"));
        assertFalse(allows("http://localhost:3001"));
        assertFalse(allows("http://localhost"));
        assertFalse(allows("https://app.example.com:443"));
        assertFalse(allows("https://app.example.co"));
    }

    @Test
    void allowsSubdomainsOfAPatternButNotTheDomainItself()
    {
        assertTrue(allows("https://a.example.org"));
        assertTrue(allows("https://a.b.example.org"));
        assertFalse(allows("https://example.org"));
        assertFalse(allows("https://.example.org"));
        assertFalse(allows("https://evilexample.org"));
        assertFalse(allows("https://a.example.org:8443"));
        assertFalse(allows("https://user@a.example.org"));
        assertFalse(allows("https://x/.example.org"));
        assertFalse(allows("http://a.example.org"));
    }

    @Test
    void anyAllowsEverything()
    {
        final OriginAllowlist any = new OriginAllowlist(List.of("*"));
        assertTrue(allows(any, "null"));
        assertTrue(allows(any, "https://anything.example"));
        assertFalse(allows("null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.com", "https://", "https://app.example.com/", "https://a.com:", "https://a.com:x",
        "https://*", "https://a b.com", "//a.com", "https://*.*.a.com"})
    void refusesWhatIsNoOriginNamingTheProperty(final String entry)
    {
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> OriginAllowlist.validate(List.of(entry)));
        assertTrue(error.getMessage().startsWith(EngineConfiguration.ALLOWED_ORIGINS_PROP_NAME), error.getMessage());
    }

    @Test
    void matchesWithoutAllocating()
    {
        final UnsafeBuffer origin = new UnsafeBuffer("https://a.b.example.org".getBytes(StandardCharsets.US_ASCII));
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        boolean allowed = false;
        for (int i = 0; i < 20_000; i++)
        {
            allowed |= allowlist.allows(origin, 0, origin.capacity());
        }
        // One window in three must allocate nothing: a first C2 compile can allocate once on the calling thread.
        long allocated = -1;
        for (int window = 0; window < 3 && allocated != 0; window++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++)
            {
                allowed &= allowlist.allows(origin, 0, origin.capacity());
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated);
        assertTrue(allowed);
    }

    private boolean allows(final String origin)
    {
        return allows(allowlist, origin);
    }

    private static boolean allows(final OriginAllowlist allowlist, final String origin)
    {
        final byte[] bytes = origin.getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 4]);
        buffer.putBytes(2, bytes);
        return allowlist.allows(buffer, 2, bytes.length);
    }
}
