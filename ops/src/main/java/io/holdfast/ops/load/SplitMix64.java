package io.holdfast.ops.load;

/**
 * SplitMix64: a fast pseudo-random generator over one long, for masking keys and handshake keys. Masking keys need
 * to be unpredictable only to intermediaries (RFC 6455 section 10.3), which a load generator on a test network is
 * not defending against; what matters here is that drawing one allocates nothing and costs a few instructions.
 */
final class SplitMix64
{
    private static final long GOLDEN_GAMMA = 0x9E37_79B9_7F4A_7C15L;

    private long state;

    SplitMix64(final long seed)
    {
        state = seed;
    }

    /**
     * @return the next 64 pseudo-random bits.
     */
    long nextLong()
    {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /**
     * @return the next 32 pseudo-random bits, the better-mixed high half of {@link #nextLong()}.
     */
    int nextInt()
    {
        return (int)(nextLong() >>> 32);
    }

    /**
     * The generator's output function on its own: a different value for every input, well spread, so values
     * derived from an index (a connection's handshake key) need no storage.
     */
    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
