package io.holdfast.ops.load;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broadcast texts in holdfast's JSON pub/sub protocol: the subscribe request and acknowledgement byte for byte,
 * and a publish of exactly the size asked for whose delivery carries the stamp at the same offset.
 */
final class BroadcastFormatTest
{
    @Test
    void shouldWriteTheSubscribeRequestAndExpectItsAcknowledgement()
    {
        final BroadcastFormat format = new BroadcastFormat("bench", 256);

        assertEquals("{\"type\":\"subscribe\",\"topic\":\"bench\"}", ascii(format.subscribeRequest()));
        assertEquals("{\"type\":\"subscribed\",\"topic\":\"bench\"}", ascii(format.acknowledgement()));
        assertEquals("{\"type\":\"message\",\"topic\":\"bench\",\"data\":\"", ascii(format.deliveryHead()));
        assertEquals(format.deliveryHead().capacity(), format.stampOffset());
    }

    @Test
    void shouldStampEachPublishAndPadItToTheMessageSize()
    {
        final BroadcastFormat format = new BroadcastFormat("a/b:c", 100);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[110]);

        assertEquals(100, format.writePublish(buffer, 3, 0x1234L, -2L));

        final String publish = buffer.getStringWithoutLengthAscii(3, 100);
        final String head = "{\"type\":\"publish\",\"topic\":\"a/b:c\",\"data\":\"";
        assertEquals(head + "0000000000001234" + "fffffffffffffffe" + "x".repeat(100 - head.length() - 34) + "\"}",
            publish);
        assertEquals(format.stampOffset(), head.length(), "the stamp sits where it will in the delivery");
    }

    @Test
    void shouldKnowTheSmallestMessageForATopic()
    {
        // {"type":"message","topic":"bench","data":"  + 32 hex digits + "}
        assertEquals(42 + 32 + 2, BroadcastFormat.minimumSize("bench"));
        new BroadcastFormat("bench", 76);
        assertThrows(IllegalArgumentException.class, () -> new BroadcastFormat("bench", 75));
    }

    @Test
    void shouldAcceptOnlyTopicsTheProtocolAllows()
    {
        assertTrue(BroadcastFormat.isValidTopic("bench"));
        assertTrue(BroadcastFormat.isValidTopic("Market.EUR_USD-1/ticks:all"));
        assertTrue(BroadcastFormat.isValidTopic("t".repeat(128)));
        assertFalse(BroadcastFormat.isValidTopic(""));
        assertFalse(BroadcastFormat.isValidTopic("t".repeat(129)));
        assertFalse(BroadcastFormat.isValidTopic("a b"));
        assertFalse(BroadcastFormat.isValidTopic("a\"b"));
        assertFalse(BroadcastFormat.isValidTopic("caf\u00e9"));
    }

    @Test
    void shouldReadOnlyLowerCaseHexDigits()
    {
        assertEquals(0, BroadcastFormat.hexValue('0'));
        assertEquals(9, BroadcastFormat.hexValue('9'));
        assertEquals(10, BroadcastFormat.hexValue('a'));
        assertEquals(15, BroadcastFormat.hexValue('f'));
        assertEquals(-1, BroadcastFormat.hexValue('F'));
        assertEquals(-1, BroadcastFormat.hexValue('g'));
        assertEquals(-1, BroadcastFormat.hexValue(-1));
    }

    static String ascii(final DirectBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.capacity()];
        buffer.getBytes(0, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
