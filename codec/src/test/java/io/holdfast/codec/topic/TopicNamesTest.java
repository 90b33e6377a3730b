package io.holdfast.codec.topic;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class TopicNamesTest
{
    private static final int OFFSET = 5;
    private static final String ALLOWED =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:";

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private long sink;

    @Test
    void shouldAllowExactlyLettersDigitsAndFiveSeparatorsAsEveryByte()
    {
        for (int b = 0; b < 256; b++)
        {
            final boolean allowed = ALLOWED.indexOf(b) >= 0;
            final int expected = allowed ? TopicNames.VALID : TopicNames.FORBIDDEN_CHARACTER;

            buffer.putByte(OFFSET, (byte)b);
            assertEquals(expected, TopicNames.check(buffer, OFFSET, 1), "alone: " + b);

            put("a" + (char)0 + "z");
            buffer.putByte(OFFSET + 1, (byte)b);
            assertEquals(expected, TopicNames.check(buffer, OFFSET, 3), "inside: " + b);

            put("x".repeat(TopicNames.MAX_LENGTH));
            buffer.putByte(OFFSET + TopicNames.MAX_LENGTH - 1, (byte)b);
            assertEquals(expected, TopicNames.check(buffer, OFFSET, TopicNames.MAX_LENGTH), "last: " + b);
        }
    }

    @Test
    void shouldJudgeLengthBeforeContent()
    {
        assertEquals(TopicNames.EMPTY, TopicNames.check(buffer, OFFSET, 0));
        assertEquals(TopicNames.EMPTY, TopicNames.check(buffer, OFFSET, -1));

        final int length = put("b".repeat(TopicNames.MAX_LENGTH + 1));
        assertEquals(TopicNames.VALID, TopicNames.check(buffer, OFFSET, 1));
        assertEquals(TopicNames.VALID, TopicNames.check(buffer, OFFSET, TopicNames.MAX_LENGTH));
        assertEquals(TopicNames.TOO_LONG, TopicNames.check(buffer, OFFSET, length));

        put(" ".repeat(TopicNames.MAX_LENGTH + 1));
        assertEquals(TopicNames.TOO_LONG, TopicNames.check(buffer, OFFSET, TopicNames.MAX_LENGTH + 1));
        assertEquals(TopicNames.FORBIDDEN_CHARACTER, TopicNames.check(buffer, OFFSET, TopicNames.MAX_LENGTH));
    }

    @Test
    void shouldCheckOnlyTheGivenRange()
    {
        put("\"{prices.EUR-USD/v1:bid_1}\"");
        assertEquals(TopicNames.VALID, TopicNames.check(buffer, OFFSET + 2, 23));
        assertEquals(TopicNames.FORBIDDEN_CHARACTER, TopicNames.check(buffer, OFFSET + 1, 24));
        assertEquals(TopicNames.FORBIDDEN_CHARACTER, TopicNames.check(buffer, OFFSET + 2, 24));
    }

    @Test
    void shouldHashTheBytesOnlyWhereverTheyAre()
    {
        final byte[] name = "chat/room-42".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer heap = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        heap.putBytes(3, name);
        direct.putBytes(17, name);

        final int expected = TopicNames.hash(new UnsafeBuffer(name), 0, name.length);
        assertEquals(expected, TopicNames.hash(heap, 3, name.length));
        assertEquals(expected, TopicNames.hash(direct, 17, name.length));
    }

    @Test
    void shouldKeepTheSameHashAcrossReleases()
    {
        // Pinned values: hashes may be persisted or compared across processes, so a change must be deliberate.
        assertEquals(0x7F04B93D, hash(""));
        assertEquals(0x9688D272, hash("t.0"));
        assertEquals(0xE067D957, hash("prices.EURUSD"));
        assertEquals(0xA71C7F9C, hash("x".repeat(TopicNames.MAX_LENGTH)));
    }

    @Test
    void shouldChangeHashForAnyChangedByteOrLength()
    {
        final String base = "a".repeat(TopicNames.MAX_LENGTH);
        final Set<Integer> hashes = new HashSet<>();
        for (int length = 1; length <= TopicNames.MAX_LENGTH; length++)
        {
            assertTrue(hashes.add(hash(base.substring(0, length))), "length " + length);
        }

        for (int position = 0; position < TopicNames.MAX_LENGTH; position++)
        {
            final String changed = base.substring(0, position) + 'b' + base.substring(position + 1);
            assertTrue(hashes.add(hash(changed)), "position " + position);
        }
    }

    /**
     * 10,000 names in 16,384 buckets with linear probing: an ideal random hash averages 1.78 probes per name
     * (half of 1 + 1 / (1 - load)) and its longest run is a few dozen; a hash that clusters similar names does far
     * worse.
     */
    @Test
    void shouldSpreadSimilarNamesOverOpenAddressingBuckets()
    {
        assertSpread("t.");
        assertSpread("market.data/fx:EUR-USD/");
    }

    @Test
    void shouldNotAllocateWhenCheckingOrHashing()
    {
        final int length = put("market.data/fx:EUR-USD_spot");

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            sink += TopicNames.check(buffer, OFFSET, length);
            sink += TopicNames.check(buffer, OFFSET - 1, length);
            sink += TopicNames.check(buffer, OFFSET, TopicNames.MAX_LENGTH + 1);
            sink += TopicNames.hash(buffer, OFFSET, length);
        });

        assertEquals(0, allocated);
        assertNotEquals(0, sink);
    }

    private void assertSpread(final String prefix)
    {
        final int names = 10_000;
        final int buckets = 16_384;
        final boolean[] taken = new boolean[buckets];
        int maxProbes = 0;
        long totalProbes = 0;
        for (int i = 0; i < names; i++)
        {
            int bucket = hash(prefix + i) & (buckets - 1);
            int probes = 1;
            while (taken[bucket])
            {
                bucket = (bucket + 1) & (buckets - 1);
                probes++;
            }

            taken[bucket] = true;
            maxProbes = Math.max(maxProbes, probes);
            totalProbes += probes;
        }

        assertTrue(maxProbes <= 48, prefix + " longest probe " + maxProbes);
        assertTrue(totalProbes <= 2L * names, prefix + " mean probes " + (double)totalProbes / names);
    }

    private int put(final String text)
    {
        return buffer.putStringWithoutLengthAscii(OFFSET, text);
    }

    private int hash(final String text)
    {
        return TopicNames.hash(buffer, OFFSET, put(text));
    }
}
