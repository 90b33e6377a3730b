package io.holdfast.engine;

import org.agrona.BitUtil;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;

/**
 * The engine's limits per remote address: how many connections one address may hold at once, and how fast it may
 * make handshakes (a token bucket). One instance serves every worker, since the kernel spreads one address's
 * connections over all the {@code SO_REUSEPORT} listeners by the hash of the 4-tuple.
 * <p>
 * Each call takes a short {@code synchronized} section: the calls come once per accept, handshake and close, never per
 * message, and each does a few array reads and writes, so workers rarely meet on the lock and never wait long. A
 * lock-free table whose entries are inserted and removed by several threads would cost far more code for nothing a
 * handshake can measure.
 * <p>
 * The state is flat primitive arrays allocated at construction, with no objects per address and no allocation per
 * call: a dense array of entries (key, connections, and the {@link TokenBucket} state: units owed, last refill)
 * indexed through an open-addressing bucket array with linear probing, at most half full, whose removals shift later
 * entries back instead of leaving tombstones. It costs 36 to 44 bytes of heap per address of capacity with the rate
 * limit (20 to 28 without), as the bucket array rounds up to a power of two.
 * <p>
 * An entry lives while its address holds a connection or its bucket is refilling, and is removed lazily once it
 * holds none and its bucket is full: on its last close, a few entries at a time on every {@link #admit}, and in one
 * pass when {@link #opened} finds the table full (at most once per {@link #RECLAIM_INTERVAL_MS} of the clock).
 * Time is the latest {@code nowMs} any worker passed to {@link #admit}, since workers read their clocks at different
 * moments of their duty cycles and opens and closes carry none.
 * <p>
 * When the table is full of live entries, a new address is not tracked: its handshakes are admitted and counted
 * in {@link #untracked()}. Failing open keeps a flood of distinct addresses from locking everyone out; the capacity
 * (twice the engine's connections) makes it rare, since at most half the entries can hold a connection.
 */
final class AddressLimits
{
    /** What {@link #admit} returns for a handshake within the limits. */
    static final int OK = 0;
    /** What {@link #admit} returns when the address holds more connections than allowed, this one included. */
    static final int CONNECTION_LIMIT = 1;
    /** What {@link #admit} returns when the address's handshake bucket is empty. */
    static final int RATE_LIMIT = 2;

    /** The least the clock must advance between two passes over a full table, so a full table costs O(1) per open. */
    static final long RECLAIM_INTERVAL_MS = 100;

    /** Entries {@link #admit} checks for expiry each call, so idle entries go without waiting for a full table. */
    private static final int EXPIRY_CHECKS_PER_ADMIT = 2;
    private static final int MAX_CAPACITY = 1 << 28;
    private static final int NONE = -1;
    private static final long IPV6_KEY_BIT = Long.MIN_VALUE;
    /** Unknown to peers, so they cannot choose IPv6 addresses whose keys collide with someone else's. */
    private static final long IPV6_SEED = new SecureRandom().nextLong();

    private final Object lock = new Object();
    private final boolean enabled;
    private final int maxConnections;
    private final TokenBucket handshakes;
    private final int capacity;
    /** Entry index plus one per bucket, 0 for an empty bucket. */
    private final int[] buckets;
    private final long[] keys;
    private final int[] connections;
    /** The handshake buckets, as {@link TokenBucket} keeps them; empty arrays when the rate is not limited. */
    private final long[] owed;
    private final long[] refilledAtMs;
    private int size;
    private int expiryCursor;
    private long latestMs = Long.MIN_VALUE;
    private long nextReclaimMs = Long.MIN_VALUE;
    private long untracked;

    /**
     * @param maxConnectionsPerAddress connections one address may hold at once; 0 for no limit.
     * @param handshakesPerSecond      handshakes one address may make per second; 0 for no limit.
     * @param handshakeBurst           handshakes one address may make at once; 0 for one second's worth.
     * @param capacity                 addresses tracked at once; ignored when both limits are 0.
     */
    AddressLimits(
        final int maxConnectionsPerAddress, final int handshakesPerSecond, final int handshakeBurst, final int capacity)
    {
        requireRange("maxConnectionsPerAddress", maxConnectionsPerAddress, 0, Integer.MAX_VALUE);
        requireRange("handshakesPerSecond", handshakesPerSecond, 0, Integer.MAX_VALUE);
        requireRange("handshakeBurst", handshakeBurst, 0, Integer.MAX_VALUE);
        enabled = maxConnectionsPerAddress > 0 || handshakesPerSecond > 0;
        maxConnections = maxConnectionsPerAddress;
        handshakes = new TokenBucket(handshakesPerSecond, handshakeBurst);
        if (enabled)
        {
            requireRange("capacity", capacity, 1, MAX_CAPACITY);
        }
        this.capacity = enabled ? capacity : 0;
        final int rateEntries = handshakes.isEnabled() ? this.capacity : 0;
        buckets = new int[enabled ? BitUtil.findNextPositivePowerOfTwo(capacity << 1) : 0];
        keys = new long[this.capacity];
        connections = new int[this.capacity];
        owed = new long[rateEntries];
        refilledAtMs = new long[rateEntries];
    }

    /**
     * The key {@link #opened}, {@link #admit} and {@link #closed} know an address by. An IPv4 address (or an
     * IPv4-mapped IPv6 one) is its 32-bit value, so IPv4 keys never collide. An IPv6 address is a 63-bit mix of its
     * 128 bits with the top bit set, so it never meets an IPv4 key. Two IPv6 addresses share a key, and so their
     * limits, with odds of 2^-63 a pair: a first collision takes billions of tracked addresses, far beyond any
     * capacity. The mix is seeded per process, so a peer cannot pick an address that shares a victim's key. Called
     * once per accept: it copies the address's bytes.
     */
    static long keyOf(final InetAddress address)
    {
        final byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address)
        {
            return readInt(bytes, 0);
        }
        if (isIpv4Mapped(bytes))
        {
            return readInt(bytes, 12);
        }
        final long high = (readInt(bytes, 0) << 32) | readInt(bytes, 4);
        final long low = (readInt(bytes, 8) << 32) | readInt(bytes, 12);
        return mix(mix(high ^ IPV6_SEED) ^ low) | IPV6_KEY_BIT;
    }

    /**
     * @return false when both limits are 0: the engine then calls nothing else.
     */
    boolean isEnabled()
    {
        return enabled;
    }

    /**
     * Count a connection accepted from an address. Does not track a new address when the table is full of live
     * entries, even after a reclaiming pass.
     */
    void opened(final long key)
    {
        synchronized (lock)
        {
            int entry = find(key);
            if (entry == NONE)
            {
                if (size == capacity && !reclaim())
                {
                    return;
                }
                entry = insert(key);
            }
            connections[entry]++;
        }
    }

    /**
     * Decide a handshake of a connection already counted by {@link #opened}; an admitted one takes a token.
     *
     * @param nowMs the worker's clock in milliseconds; any origin, the same for every worker.
     * @return {@link #OK}, {@link #CONNECTION_LIMIT} or {@link #RATE_LIMIT}; OK for an address not tracked.
     */
    int admit(final long key, final long nowMs)
    {
        synchronized (lock)
        {
            latestMs = Math.max(latestMs, nowMs);
            expire(EXPIRY_CHECKS_PER_ADMIT);
            final int entry = find(key);
            if (entry == NONE)
            {
                untracked++;
                return OK;
            }
            if (maxConnections > 0 && connections[entry] > maxConnections)
            {
                return CONNECTION_LIMIT;
            }
            return handshakes.take(owed, refilledAtMs, entry, 1, latestMs) ? OK : RATE_LIMIT;
        }
    }

    /**
     * Count a connection from an address closed; forgets the address when that was its last and its bucket is full.
     * A close of an address that was not tracked when opened changes nothing (or, if the address has been tracked
     * since, undercounts it until its connections close, which can only admit more, never refuse more).
     */
    void closed(final long key)
    {
        synchronized (lock)
        {
            final int entry = find(key);
            if (entry != NONE && connections[entry] > 0)
            {
                connections[entry]--;
                if (isExpired(entry))
                {
                    remove(entry);
                }
            }
        }
    }

    /**
     * @return connections counted for an address; 0 when it is not tracked.
     */
    int connections(final long key)
    {
        synchronized (lock)
        {
            final int entry = find(key);
            return entry == NONE ? 0 : connections[entry];
        }
    }

    /**
     * @return addresses tracked.
     */
    int size()
    {
        synchronized (lock)
        {
            return size;
        }
    }

    /**
     * @return handshakes admitted without checks because their address was not tracked, the table being full.
     */
    long untracked()
    {
        synchronized (lock)
        {
            return untracked;
        }
    }

    /**
     * One pass over every entry, at most once per {@link #RECLAIM_INTERVAL_MS}, so a table full of live entries
     * does not cost a pass per open.
     *
     * @return whether the table has room now.
     */
    private boolean reclaim()
    {
        if (latestMs >= nextReclaimMs)
        {
            nextReclaimMs = latestMs + RECLAIM_INTERVAL_MS;
            // A check either removes an entry or moves on, so twice the size covers every entry.
            expire(size << 1);
        }
        return size < capacity;
    }

    private void expire(final int checks)
    {
        for (int i = 0; i < checks && size > 0; i++)
        {
            if (expiryCursor >= size)
            {
                expiryCursor = 0;
            }
            if (isExpired(expiryCursor))
            {
                remove(expiryCursor);
            }
            else
            {
                expiryCursor++;
            }
        }
    }

    private boolean isExpired(final int entry)
    {
        return connections[entry] == 0 && handshakes.isFull(owed, refilledAtMs, entry, latestMs);
    }

    private int find(final long key)
    {
        final int mask = buckets.length - 1;
        for (int bucket = home(key, mask); ; bucket = (bucket + 1) & mask)
        {
            final int entry = buckets[bucket] - 1;
            if (entry == NONE || keys[entry] == key)
            {
                return entry;
            }
        }
    }

    private int insert(final long key)
    {
        final int entry = size++;
        keys[entry] = key;
        connections[entry] = 0;
        if (handshakes.isEnabled())
        {
            owed[entry] = 0;
        }
        final int mask = buckets.length - 1;
        int bucket = home(key, mask);
        while (buckets[bucket] != 0)
        {
            bucket = (bucket + 1) & mask;
        }
        buckets[bucket] = entry + 1;
        return entry;
    }

    /**
     * Empty the entry's bucket, closing the probe run up behind it, then move the last entry into its place so the
     * entries stay dense.
     */
    private void remove(final int entry)
    {
        final int mask = buckets.length - 1;
        int hole = bucketOf(entry, mask);
        for (int bucket = (hole + 1) & mask; buckets[bucket] != 0; bucket = (bucket + 1) & mask)
        {
            final int home = home(keys[buckets[bucket] - 1], mask);
            // The entry may fill the hole when its home is not in the cyclic range (hole, bucket].
            if (((bucket - home) & mask) >= ((bucket - hole) & mask))
            {
                buckets[hole] = buckets[bucket];
                hole = bucket;
            }
        }
        buckets[hole] = 0;

        final int last = --size;
        if (entry != last)
        {
            buckets[bucketOf(last, mask)] = entry + 1;
            keys[entry] = keys[last];
            connections[entry] = connections[last];
            if (handshakes.isEnabled())
            {
                owed[entry] = owed[last];
                refilledAtMs[entry] = refilledAtMs[last];
            }
        }
    }

    private int bucketOf(final int entry, final int mask)
    {
        int bucket = home(keys[entry], mask);
        while (buckets[bucket] != entry + 1)
        {
            bucket = (bucket + 1) & mask;
        }
        return bucket;
    }

    /** The product's high half mixes every bit of the key, so neighbouring IPv4 addresses spread out. */
    private static int home(final long key, final int mask)
    {
        return (int)((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    /** MurmurHash3's 64-bit finalizer (public domain): a bijection in which each input bit flips half the output. */
    private static long mix(final long value)
    {
        long x = value;
        x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
        x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return x ^ (x >>> 33);
    }

    private static long readInt(final byte[] bytes, final int offset)
    {
        return ((bytes[offset] & 0xFFL) << 24) | ((bytes[offset + 1] & 0xFFL) << 16) |
            ((bytes[offset + 2] & 0xFFL) << 8) | (bytes[offset + 3] & 0xFFL);
    }

    private static boolean isIpv4Mapped(final byte[] bytes)
    {
        for (int i = 0; i < 10; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }
        return bytes[10] == (byte)0xFF && bytes[11] == (byte)0xFF;
    }

    private static void requireRange(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
        }
    }
}
