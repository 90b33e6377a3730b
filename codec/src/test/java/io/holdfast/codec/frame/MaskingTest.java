package io.holdfast.codec.frame;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static io.holdfast.codec.TestBytes.bytes;
import static io.holdfast.codec.frame.RfcExamples.HELLO;
import static io.holdfast.codec.frame.RfcExamples.HELLO_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskingTest
{
    private static final long SEED = 0x6455_0005_3L;
    private static final int CAPACITY = 400;

    private long sink;

    @Test
    void shouldMaskRfcHelloExample()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        buffer.putBytes(1, HELLO);

        Masking.mask(buffer, 1, HELLO.length, HELLO_KEY, 0);

        final byte[] masked = new byte[HELLO.length];
        buffer.getBytes(1, masked);
        assertArrayEquals(bytes(0x7f, 0x9f, 0x4d, 0x51, 0x58), masked);
    }

    @Test
    void shouldUseKeyIndexAsPositionOfFirstByteInKey()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);

        Masking.mask(buffer, 0, 6, 0x11223344, 2);

        final byte[] masked = new byte[6];
        buffer.getBytes(0, masked);
        assertArrayEquals(bytes(0x33, 0x44, 0x11, 0x22, 0x33, 0x44), masked);
    }

    @Test
    void shouldComputeNextKeyIndex()
    {
        assertEquals(0, Masking.nextKeyIndex(0, 0));
        assertEquals(3, Masking.nextKeyIndex(0, 3));
        assertEquals(0, Masking.nextKeyIndex(1, 3));
        assertEquals(1, Masking.nextKeyIndex(3, 6));
        assertEquals(2, Masking.nextKeyIndex(2, 65536));
    }

    @Test
    void shouldMatchByteAtATimeReferenceForRandomRanges()
    {
        final Random random = new Random(SEED);
        final UnsafeBuffer[] buffers =
        {
            new UnsafeBuffer(new byte[CAPACITY]),
            new UnsafeBuffer(new byte[CAPACITY + 7], 3, CAPACITY),
            new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY + 8), 5, CAPACITY),
        };
        final byte[] original = new byte[CAPACITY];
        final byte[] expected = new byte[CAPACITY];
        final byte[] actual = new byte[CAPACITY];

        for (int i = 0; i < 20_000; i++)
        {
            final UnsafeBuffer buffer = buffers[i & 3];
            final int length = random.nextInt(301);
            final int offset = random.nextInt(CAPACITY - length + 1);
            final int key = random.nextInt();
            final int keyIndex = random.nextInt(4);
            random.nextBytes(original);
            buffer.putBytes(0, original);

            System.arraycopy(original, 0, expected, 0, CAPACITY);
            referenceMask(expected, offset, length, key, keyIndex);
            Masking.mask(buffer, offset, length, key, keyIndex);

            buffer.getBytes(0, actual);
            assertArrayEquals(expected, actual, "iteration " + i);
        }
    }

    @Test
    void shouldMaskInPiecesAsIfAtOnce()
    {
        final Random random = new Random(SEED + 1);
        final byte[] original = new byte[CAPACITY];
        final byte[] expected = new byte[CAPACITY];
        final byte[] actual = new byte[CAPACITY];
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);

        for (int i = 0; i < 2_000; i++)
        {
            final int length = random.nextInt(301);
            final int offset = random.nextInt(CAPACITY - length + 1);
            final int key = random.nextInt();
            random.nextBytes(original);
            buffer.putBytes(0, original);
            System.arraycopy(original, 0, expected, 0, CAPACITY);
            referenceMask(expected, offset, length, key, 0);

            int done = 0;
            int keyIndex = 0;
            while (done < length)
            {
                final int piece = Math.min(length - done, 1 + random.nextInt(20));
                Masking.mask(buffer, offset + done, piece, key, keyIndex);
                keyIndex = Masking.nextKeyIndex(keyIndex, piece);
                done += piece;
            }

            buffer.getBytes(0, actual);
            assertArrayEquals(expected, actual, "iteration " + i);
        }
    }

    @Test
    void shouldRestorePayloadWhenMaskedTwice()
    {
        final Random random = new Random(SEED + 2);
        final byte[] original = new byte[CAPACITY];
        random.nextBytes(original);
        final UnsafeBuffer buffer = new UnsafeBuffer(original.clone());

        Masking.mask(buffer, 9, 333, 0xCAFEBABE, 1);
        Masking.mask(buffer, 9, 333, 0xCAFEBABE, 1);

        final byte[] actual = new byte[CAPACITY];
        buffer.getBytes(0, actual);
        assertArrayEquals(original, actual);
    }

    @Test
    void shouldNotAllocateWhenMasking()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY));
        final Runnable mask = () ->
        {
            Masking.mask(buffer, 3, 256, HELLO_KEY, 1);
            Masking.mask(buffer, 0, 5, HELLO_KEY, 3);
            sink += buffer.getByte(7) + Masking.nextKeyIndex((int)sink, 3);
        };

        assertEquals(0, AllocationMeter.allocatedBytes(mask));
        assertTrue(sink != 0);
    }

    private static void referenceMask(
        final byte[] bytes, final int offset, final int length, final int key, final int keyIndex)
    {
        final byte[] keyBytes = {(byte)(key >>> 24), (byte)(key >>> 16), (byte)(key >>> 8), (byte)key};
        for (int i = 0; i < length; i++)
        {
            bytes[offset + i] ^= keyBytes[(keyIndex + i) & 3];
        }
    }
}
