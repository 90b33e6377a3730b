package io.holdfast.codec.frame;

import io.holdfast.codec.AllocationMeter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static io.holdfast.codec.frame.FrameHeaderDecoder.NEED_MORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams of random frames, encoded (and masked) back to back, decoded again as a connection would see them: in reads
 * split at arbitrary points, by a consumer that unmasks payload pieces as they arrive and keeps only an incomplete
 * header for the next read.
 */
class FrameStreamRoundTripTest
{
    private static final long SEED = 0x5EED_6455L;
    private static final int RSV1 = 4;
    private static final int MAX_FRAME = 70_000;
    private static final int MAX_READ = 100_000;

    private long sink;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRoundTripRandomFramesReadInRandomPieces(final boolean clientToServer)
    {
        final Random random = new Random(SEED);
        final FrameStream stream = FrameStream.generate(random, 2_000, clientToServer, false);
        final Consumer consumer = new Consumer(stream);

        int position = 0;
        while (position < stream.wireLength)
        {
            final int read = Math.min(stream.wireLength - position, randomReadSize(random));
            consumer.onRead(stream.wire, position, read);
            position += read;
        }

        consumer.assertAllFramesSeen();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRoundTripShortStreamSplitAtEveryByteBoundary(final boolean clientToServer)
    {
        final Random random = new Random(SEED + 1);
        final FrameStream stream = FrameStream.generate(random, 30, clientToServer, true);
        final Consumer consumer = new Consumer(stream);

        for (int split = 0; split <= stream.wireLength; split++)
        {
            consumer.reset();
            consumer.onRead(stream.wire, 0, split);
            consumer.onRead(stream.wire, split, stream.wireLength - split);
            consumer.assertAllFramesSeen();
        }

        consumer.reset();
        for (int i = 0; i < stream.wireLength; i++)
        {
            consumer.onRead(stream.wire, i, 1);
        }
        consumer.assertAllFramesSeen();
    }

    @Test
    void shouldNotAllocateWhenEncodingMaskingDecodingAndJudging()
    {
        final UnsafeBuffer wire = new UnsafeBuffer(new byte[1024]);
        final FrameHeaderDecoder decoder = new FrameHeaderDecoder();
        final FrameRules rules = new FrameRules(true, MAX_FRAME, 1 << 20);
        final int[] opcodes = {Opcode.TEXT, Opcode.PING, Opcode.CONTINUATION};
        final int[] lengths = {300, 5, 20};
        final boolean[] fins = {false, true, true};
        final int[] errors = new int[1];

        final Runnable frames = () ->
        {
            for (int i = 0; i < opcodes.length; i++)
            {
                final int key = 0x9E3779B9 * (i + 1);
                final int header = FrameHeaderEncoder.encode(wire, 1, fins[i], 0, opcodes[i], lengths[i], true, key);
                Masking.mask(wire, 1 + header, lengths[i], key, 0);

                decoder.decode(wire, 1, header + lengths[i]);
                if (rules.onHeader(decoder) != FrameError.NONE)
                {
                    errors[0]++;
                }
                final int half = lengths[i] / 2;
                Masking.mask(wire, 1 + header, half, decoder.maskingKey(), 0);
                Masking.mask(wire, 1 + header + half, lengths[i] - half, decoder.maskingKey(), half & 3);
                sink += wire.getByte(1 + header + half);
            }
        };

        assertEquals(0, AllocationMeter.allocatedBytes(frames));
        assertEquals(0, errors[0]);
    }

    private static int randomReadSize(final Random random)
    {
        final int kind = random.nextInt(10);
        if (kind < 4)
        {
            return 1 + random.nextInt(16);
        }

        return 1 + random.nextInt(kind < 8 ? 4096 : MAX_READ);
    }

    /** A generated stream of frames: their fields, the encoded wire bytes and the original payloads. */
    private static final class FrameStream
    {
        final int count;
        final boolean masked;
        final boolean[] fin;
        final int[] rsv;
        final int[] opcode;
        final int[] length;
        final int[] key;
        final int[] payloadOffset;
        UnsafeBuffer plain;
        UnsafeBuffer wire;
        int wireLength;

        private FrameStream(final int count, final boolean masked)
        {
            this.count = count;
            this.masked = masked;
            fin = new boolean[count];
            rsv = new int[count];
            opcode = new int[count];
            length = new int[count];
            key = new int[count];
            payloadOffset = new int[count];
        }

        static FrameStream generate(final Random random, final int count, final boolean masked, final boolean small)
        {
            final FrameStream stream = new FrameStream(count, masked);
            boolean messageOpen = false;
            int plainLength = 0;
            for (int i = 0; i < count; i++)
            {
                final boolean last = i == count - 1;
                if (last || random.nextInt(100) < 15)
                {
                    stream.opcode[i] = last ? Opcode.CLOSE : (random.nextBoolean() ? Opcode.PING : Opcode.PONG);
                    stream.fin[i] = true;
                    stream.length[i] = random.nextInt(FrameRules.MAX_CONTROL_PAYLOAD + 1);
                }
                else
                {
                    stream.opcode[i] = messageOpen ? Opcode.CONTINUATION :
                        (random.nextBoolean() ? Opcode.TEXT : Opcode.BINARY);
                    stream.fin[i] = random.nextInt(3) != 0;
                    stream.rsv[i] = random.nextBoolean() ? RSV1 : 0;
                    stream.length[i] = small ? randomSmallLength(random) : randomLength(random);
                    messageOpen = !stream.fin[i];
                }
                stream.key[i] = masked ? random.nextInt() : 0;
                stream.payloadOffset[i] = plainLength;
                plainLength += stream.length[i];
                stream.wireLength += FrameHeaderEncoder.headerLength(stream.length[i], masked) + stream.length[i];
            }

            final byte[] payloads = new byte[plainLength];
            random.nextBytes(payloads);
            stream.plain = new UnsafeBuffer(payloads);
            stream.encode();

            return stream;
        }

        private void encode()
        {
            wire = new UnsafeBuffer(new byte[wireLength]);
            int position = 0;
            for (int i = 0; i < count; i++)
            {
                position += FrameHeaderEncoder.encode(
                    wire, position, fin[i], rsv[i], opcode[i], length[i], masked, key[i]);
                wire.putBytes(position, plain, payloadOffset[i], length[i]);
                if (masked)
                {
                    Masking.mask(wire, position, length[i], key[i], 0);
                }
                position += length[i];
            }
            assertEquals(wireLength, position);
        }

        private static int randomLength(final Random random)
        {
            final int kind = random.nextInt(100);
            if (kind < 5)
            {
                final int[] boundaries = {0, 125, 126, 65535, 65536, MAX_FRAME};
                return boundaries[random.nextInt(boundaries.length)];
            }
            if (kind < 75)
            {
                return random.nextInt(126);
            }
            if (kind < 95)
            {
                return 126 + random.nextInt(65536 - 126);
            }

            return 65536 + random.nextInt(MAX_FRAME - 65536 + 1);
        }

        private static int randomSmallLength(final Random random)
        {
            return random.nextInt(4) == 0 ? 126 + random.nextInt(200) : random.nextInt(126);
        }
    }

    /** Reads a stream as a connection does, checking every header and payload piece against the original. */
    private static final class Consumer
    {
        private final FrameStream stream;
        private final FrameHeaderDecoder decoder = new FrameHeaderDecoder();
        private final FrameRules rules;
        private final UnsafeBuffer received = new UnsafeBuffer(new byte[MAX_READ + 32], 3, MAX_READ + 16);
        private int receivedLength;
        private int frameIndex;
        private boolean inPayload;
        private int payloadRemaining;
        private int payloadDone;
        private int keyIndex;

        Consumer(final FrameStream stream)
        {
            this.stream = stream;
            rules = new FrameRules(stream.masked, MAX_FRAME, Long.MAX_VALUE);
            reset();
        }

        void reset()
        {
            rules.reset();
            rules.allowRsvBits(RSV1);
            receivedLength = 0;
            frameIndex = 0;
            inPayload = false;
        }

        void onRead(final DirectBuffer wire, final int offset, final int length)
        {
            received.putBytes(receivedLength, wire, offset, length);
            receivedLength += length;

            final int consumed = consume();
            received.putBytes(0, received, consumed, receivedLength - consumed);
            receivedLength -= consumed;
            assertTrue(receivedLength < FrameHeaderDecoder.MAX_HEADER_LENGTH, "only a partial header is kept");
        }

        void assertAllFramesSeen()
        {
            assertEquals(stream.count, frameIndex);
            assertEquals(0, receivedLength);
            assertTrue(!inPayload);
        }

        private int consume()
        {
            int position = 0;
            while (true)
            {
                if (!inPayload)
                {
                    final int headerLength = decoder.decode(received, position, receivedLength - position);
                    if (headerLength == NEED_MORE)
                    {
                        return position;
                    }
                    onHeader(headerLength);
                    position += headerLength;
                }

                final int piece = Math.min(payloadRemaining, receivedLength - position);
                onPayloadPiece(position, piece);
                position += piece;
                if (payloadRemaining > 0)
                {
                    return position;
                }
                inPayload = false;
                frameIndex++;
            }
        }

        private void onHeader(final int headerLength)
        {
            final int i = frameIndex;
            assertTrue(i < stream.count, "more frames than were sent");
            assertEquals(FrameHeaderEncoder.headerLength(stream.length[i], stream.masked), headerLength);
            assertEquals(stream.fin[i], decoder.fin());
            assertEquals(stream.rsv[i], decoder.rsv());
            assertEquals(stream.opcode[i], decoder.opcode());
            assertEquals(stream.masked, decoder.masked());
            assertEquals(stream.length[i], decoder.payloadLength());
            assertEquals(stream.key[i], decoder.maskingKey());
            assertEquals(FrameError.NONE, rules.onHeader(decoder));

            inPayload = true;
            payloadRemaining = stream.length[i];
            payloadDone = 0;
            keyIndex = 0;
        }

        private void onPayloadPiece(final int offset, final int length)
        {
            if (decoder.masked())
            {
                Masking.mask(received, offset, length, decoder.maskingKey(), keyIndex);
                keyIndex = Masking.nextKeyIndex(keyIndex, length);
            }

            final int expectedOffset = stream.payloadOffset[frameIndex] + payloadDone;
            for (int j = 0; j < length; j++)
            {
                if (received.getByte(offset + j) != stream.plain.getByte(expectedOffset + j))
                {
                    assertEquals(stream.plain.getByte(expectedOffset + j), received.getByte(offset + j),
                        "frame " + frameIndex + " payload byte " + (payloadDone + j));
                }
            }
            payloadDone += length;
            payloadRemaining -= length;
        }
    }
}
