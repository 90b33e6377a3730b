package io.holdfast.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.holdfast.engine.AddressLimits.CONNECTION_LIMIT;
import static io.holdfast.engine.AddressLimits.OK;
import static io.holdfast.engine.AddressLimits.RATE_LIMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class AddressLimitsTest
{
    private static final long KEY = 0x7F000002L;
    /** Any origin works: the engine's clock is nanoTime in milliseconds, which may be negative. */
    private static final long START_MS = -5_000;
    private static final int HELD = 62;

    @Test
    void isDisabledWithoutLimitsAndRejectsBadArguments()
    {
        assertFalse(new AddressLimits(0, 0, 0, 0).isEnabled());
        assertTrue(new AddressLimits(1, 0, 0, 1).isEnabled());
        assertTrue(new AddressLimits(0, 1, 0, 1).isEnabled());
        assertThrows(IllegalArgumentException.class, () -> new AddressLimits(-1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new AddressLimits(1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AddressLimits(0, 1, -1, 1));
    }

    @Test
    void refusesTheConnectionOverTheLimitAndAdmitsOneMoreAfterAClose()
    {
        final AddressLimits limits = new AddressLimits(20, 0, 0, 1024);
        for (int i = 0; i < 20; i++)
        {
            assertEquals(OK, openAndAdmit(limits, KEY, START_MS), "connection " + (i + 1));
        }
        assertEquals(CONNECTION_LIMIT, openAndAdmit(limits, KEY, START_MS));
        assertEquals(21, limits.connections(KEY));
        assertEquals(OK, openAndAdmit(limits, KEY + 1, START_MS), "another address has its own count");

        limits.closed(KEY);
        assertEquals(CONNECTION_LIMIT, openAndAdmit(limits, KEY, START_MS), "the refused one's close frees nothing");
        limits.closed(KEY);
        limits.closed(KEY);
        assertEquals(OK, openAndAdmit(limits, KEY, START_MS), "one of the twenty closed");
        assertEquals(20, limits.connections(KEY));
    }

    @Test
    void admitsABurstThenRefusesUntilTheBucketRefills()
    {
        final AddressLimits limits = new AddressLimits(0, 50, 100, 1024);
        limits.opened(KEY);
        for (int i = 0; i < 100; i++)
        {
            assertEquals(OK, limits.admit(KEY, START_MS), "handshake " + (i + 1));
        }
        assertEquals(RATE_LIMIT, limits.admit(KEY, START_MS));
        assertEquals(RATE_LIMIT, limits.admit(KEY, START_MS + 19), "50/s is one token per 20 ms");
        assertEquals(OK, limits.admit(KEY, START_MS + 20));
        assertEquals(RATE_LIMIT, limits.admit(KEY, START_MS + 20), "a refused handshake takes no token");
        assertEquals(OK, limits.admit(KEY, START_MS + 40));
        assertEquals(RATE_LIMIT, limits.admit(KEY, START_MS + 10), "a clock behind the latest refills nothing");

        assertEquals(100, admitsUntilRefused(limits, KEY, START_MS + 60_000), "the bucket holds its burst at most");
    }

    @Test
    void burstDefaultsToOneSecondOfTheRate()
    {
        final AddressLimits limits = new AddressLimits(0, 10, 0, 1024);
        limits.opened(KEY);
        assertEquals(10, admitsUntilRefused(limits, KEY, START_MS));
        assertEquals(1, admitsUntilRefused(limits, KEY, START_MS + 100));
        assertEquals(10, admitsUntilRefused(limits, KEY, START_MS + 1_100));
    }

    @Test
    void refusalForConnectionsTakesNoToken()
    {
        final AddressLimits limits = new AddressLimits(1, 10, 2, 1024);
        assertEquals(OK, openAndAdmit(limits, KEY, START_MS));
        assertEquals(CONNECTION_LIMIT, openAndAdmit(limits, KEY, START_MS));
        limits.closed(KEY);
        limits.closed(KEY);
        assertEquals(OK, openAndAdmit(limits, KEY, START_MS), "the second token is still there");
        limits.closed(KEY);
        assertEquals(RATE_LIMIT, openAndAdmit(limits, KEY, START_MS));
    }

    @Test
    void forgetsAnAddressOnceItHoldsNoConnectionAndItsBucketIsFull()
    {
        final AddressLimits limits = new AddressLimits(0, 10, 10, 1024);
        openAndAdmit(limits, KEY, START_MS);
        limits.closed(KEY);
        assertEquals(1, limits.size(), "its bucket is still refilling, so a quick reconnect is still limited");
        assertEquals(9, admitsUntilRefused(reopen(limits, KEY), KEY, START_MS));
        limits.closed(KEY);

        limits.admit(KEY + 1, START_MS + 1_000);
        assertEquals(0, limits.size(), "gone once refilled, checked on the next handshake");
        assertEquals(0, limits.connections(KEY));

        openAndAdmit(limits, KEY, START_MS + 1_000);
        limits.admit(KEY + 1, START_MS + 2_000);
        limits.closed(KEY);
        assertEquals(0, limits.size(), "closed after its bucket refilled: gone at once");
    }

    @Test
    void forgetsEveryAddressAfterManyOpenAndClose()
    {
        final AddressLimits countOnly = new AddressLimits(3, 0, 0, 1024);
        final AddressLimits rated = new AddressLimits(3, 5, 5, 1024);
        long nowMs = START_MS;
        for (int round = 0; round < 20; round++)
        {
            for (long key = 0; key < 1000; key++)
            {
                openAndAdmit(countOnly, key, nowMs);
                openAndAdmit(rated, key, nowMs);
            }
            for (long key = 0; key < 1000; key++)
            {
                countOnly.closed(key);
                rated.closed(key);
            }
            nowMs += 1_000;
        }
        assertEquals(0, countOnly.size());
        assertEquals(1000, rated.size(), "buckets still refilling");
        for (int i = 0; i < 1000; i++)
        {
            rated.admit(Long.MAX_VALUE, nowMs);
        }
        assertEquals(0, rated.size(), "handshakes of anyone check two entries each");
    }

    @Test
    void staysConsistentWithAMapThroughRandomOpensAndCloses()
    {
        final AddressLimits limits = new AddressLimits(1_000, 0, 0, 256);
        final Map<Long, Integer> model = new HashMap<>();
        final Random random = new Random(11);
        for (int step = 0; step < 200_000; step++)
        {
            final long key = (long)random.nextInt(200) << 40;
            final int count = model.getOrDefault(key, 0);
            if (random.nextInt(3) == 0 || count == 0)
            {
                limits.opened(key);
                model.put(key, count + 1);
            }
            else
            {
                limits.closed(key);
                model.put(key, count - 1);
            }
            assertEquals((int)model.get(key), limits.connections(key), "key " + key);
        }
        model.forEach((key, count) -> assertEquals((int)count, limits.connections(key), "key " + key));
        assertEquals(model.values().stream().filter(count -> count > 0).count(), limits.size());
        assertEquals(0, limits.untracked());
    }

    @Test
    void failsOpenWhenTheTableIsFullOfLiveEntries()
    {
        final AddressLimits limits = new AddressLimits(1, 0, 0, 4);
        for (long key = 0; key < 4; key++)
        {
            openAndAdmit(limits, key, START_MS);
        }
        assertEquals(OK, openAndAdmit(limits, KEY, START_MS));
        assertEquals(OK, openAndAdmit(limits, KEY, START_MS));
        assertEquals(4, limits.size());
        assertEquals(0, limits.connections(KEY));
        assertEquals(2, limits.untracked());

        limits.closed(KEY);
        limits.closed(0);
        assertEquals(CONNECTION_LIMIT, openAndAdmit(limits, 1, START_MS), "tracked addresses are still limited");
        assertEquals(OK, openAndAdmit(limits, KEY, START_MS), "room again");
        assertEquals(CONNECTION_LIMIT, openAndAdmit(limits, KEY, START_MS));
        assertEquals(2, limits.untracked());
    }

    @Test
    void reclaimsRefilledEntriesWhenTheTableIsFull()
    {
        final AddressLimits limits = new AddressLimits(0, 1, 1, 4);
        for (long key = 0; key < 4; key++)
        {
            openAndAdmit(limits, key, START_MS);
            limits.closed(key);
        }
        assertEquals(4, limits.size());
        limits.opened(KEY);
        assertEquals(0, limits.connections(KEY), "nothing refilled yet");

        limits.admit(KEY, START_MS + 1_000);
        assertEquals(2, limits.size(), "a handshake checks two entries");
        limits.opened(KEY + 1);
        limits.opened(KEY + 2);
        assertEquals(4, limits.size());
        limits.opened(KEY);
        assertEquals(1, limits.connections(KEY), "one pass over the full table freed the two refilled entries");
        assertEquals(3, limits.size());
    }

    @Test
    void keysIpv4ByItsValueAndIpv6ByAMixedKeyOfItsOwn() throws Exception
    {
        final long ipv4 = AddressLimits.keyOf(InetAddress.getByName("127.0.0.2"));
        assertEquals(0x7F000002L, ipv4);
        assertEquals(0xFFFFFFFFL, AddressLimits.keyOf(InetAddress.getByName("255.255.255.255")));
        final byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)0xFF, (byte)0xFF, 127, 0, 0, 2};
        assertEquals(ipv4, AddressLimits.keyOf(Inet6Address.getByAddress(null, mapped, -1)));
        assertEquals(ipv4, AddressLimits.keyOf(InetAddress.getByName("::ffff:127.0.0.2")));

        final long loopback = AddressLimits.keyOf(InetAddress.getByName("::1"));
        assertEquals(loopback, AddressLimits.keyOf(InetAddress.getByName("0:0:0:0:0:0:0:1")));
        assertTrue(loopback < 0, "IPv6 keys have their top bit set, so never equal an IPv4 key");
        assertNotEquals(loopback, AddressLimits.keyOf(InetAddress.getByName("::2")));
        assertNotEquals(
            AddressLimits.keyOf(InetAddress.getByName("2001:db8::1")),
            AddressLimits.keyOf(InetAddress.getByName("2001:db9::1")));
    }

    @Test
    void countsStayExactUnderTwoThreads() throws Exception
    {
        final int threads = 2;
        final int iterations = 100_000;
        final int keys = 2;
        // Each thread holds at most one connection per key at a time, so a count above 2 is a lost update.
        final AddressLimits limits = new AddressLimits(threads, 1_000_000, 1_000_000, 1024);
        final CyclicBarrier start = new CyclicBarrier(threads);
        final ExecutorService executor = Executors.newFixedThreadPool(threads);
        try
        {
            final Future<?>[] results = new Future<?>[threads];
            for (int t = 0; t < threads; t++)
            {
                results[t] = executor.submit(() ->
                {
                    start.await();
                    for (int i = 0; i < iterations; i++)
                    {
                        final long key = i % keys;
                        limits.opened(key);
                        assertEquals(OK, limits.admit(key, i));
                        limits.closed(key);
                    }
                    return null;
                });
            }
            for (final Future<?> result : results)
            {
                result.get(20, TimeUnit.SECONDS);
            }
        }
        finally
        {
            executor.shutdownNow();
        }
        for (long key = 0; key < keys; key++)
        {
            assertEquals(0, limits.connections(key), "key " + key);
        }
        assertEquals(0, limits.untracked());
    }

    @Test
    void allocatesNothingOnceWarm()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final AddressLimits limits = new AddressLimits(20, 1_000, 100, 64);
        for (long key = 0; key < HELD; key++)
        {
            limits.opened(key);
        }
        for (int i = 0; i < 25; i++)
        {
            limits.opened(0);
        }
        final int[] verdicts = new int[3];
        churn(limits, 0, 10_000, verdicts);
        final long before = threads.getCurrentThreadAllocatedBytes();
        churn(limits, 10_000, 100_000, verdicts);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated);
        assertTrue(verdicts[CONNECTION_LIMIT] > 0 && verdicts[RATE_LIMIT] > 0, "every verdict was reached");
        assertTrue(limits.untracked() > 0, "the table was full at times");
    }

    /**
     * Held addresses leave the table few free entries, so the passing ones fill it, linger while their buckets
     * refill (one token a millisecond, sixteen iterations) and are removed: every path runs.
     */
    private static void churn(final AddressLimits limits, final int from, final int count, final int[] verdicts)
    {
        for (int i = from; i < from + count; i++)
        {
            final long key = i % 160;
            final long nowMs = i >> 4;
            limits.opened(key);
            verdicts[limits.admit(key, nowMs)]++;
            verdicts[limits.admit(HELD - 1, nowMs)]++;
            limits.closed(key);
        }
    }

    private static int openAndAdmit(final AddressLimits limits, final long key, final long nowMs)
    {
        limits.opened(key);
        return limits.admit(key, nowMs);
    }

    private static AddressLimits reopen(final AddressLimits limits, final long key)
    {
        limits.opened(key);
        return limits;
    }

    private static int admitsUntilRefused(final AddressLimits limits, final long key, final long nowMs)
    {
        int admitted = 0;
        while (limits.admit(key, nowMs) == OK)
        {
            admitted++;
        }
        return admitted;
    }
}
