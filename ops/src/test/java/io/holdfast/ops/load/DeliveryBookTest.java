package io.holdfast.ops.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broadcast bookkeeping: each thread's book finds duplicates and deliveries out of order per subscriber and keeps
 * per publish the count and the last arrival; the merged result gives the latency to the last delivery over every
 * thread, the missing deliveries, and counts only publishes sent after the warm-up in the latencies.
 */
final class DeliveryBookTest
{
    private static final long MICROS = 1_000;

    @Test
    void shouldFindDuplicatesAndDeliveriesOutOfOrder()
    {
        final DeliveryBook book = new DeliveryBook(10, 2, false);

        assertTrue(book.deliver(0, 0, 0, 10 * MICROS, true));
        assertTrue(book.deliver(0, 2, 0, 20 * MICROS, true));
        assertTrue(book.deliver(0, 2, 0, 21 * MICROS, true));
        assertTrue(book.deliver(0, 1, 0, 22 * MICROS, true));
        assertTrue(book.deliver(1, 1, 0, 30 * MICROS, false));

        assertEquals(1, book.duplicates());
        assertEquals(1, book.outOfOrder());
        assertEquals(2, book.lastSequence(0), "the highest received, not the latest to arrive");
        assertEquals(1, book.lastSequence(1));
        assertEquals(DeliveryBook.NONE, new DeliveryBook(10, 2, false).lastSequence(0));
        assertEquals(1, book.deliveries(0));
        assertEquals(2, book.deliveries(1), "the late delivery counts, the duplicate does not");
        assertEquals(1, book.deliveries(2));
        assertEquals(30 * MICROS, book.lastArrivalNs(1));
        assertEquals(3, book.measuredDeliveries(), "only deliveries of publishes sent after the warm-up");
        assertEquals(3, book.deliveryUs().getTotalCount());
    }

    @Test
    void shouldRefuseASequenceTheRunCannotHaveSent()
    {
        final DeliveryBook book = new DeliveryBook(10, 1, false);

        assertFalse(book.deliver(0, 10, 0, 1, true));
        assertFalse(book.deliver(0, -1, 0, 1, true));
        assertEquals(DeliveryBook.NONE, book.lastSequence(0));
    }

    @Test
    void shouldNoteEachPublishAndTheFirstMeasured()
    {
        final DeliveryBook publisher = new DeliveryBook(3, 1, true);

        assertEquals(0, publisher.publish(100, false));
        assertEquals(1, publisher.publish(200, true));
        assertEquals(2, publisher.publish(300, true));

        assertFalse(publisher.hasRoom());
        assertEquals(3, publisher.published());
        assertEquals(1, publisher.firstMeasured());
        assertEquals(200, publisher.sentNs(1));
    }

    @Test
    void shouldMergeThreadsIntoLatencyToTheLastDeliveryAndMissingDeliveries()
    {
        final DeliveryBook publisher = new DeliveryBook(4, 3, true);
        final DeliveryBook other = new DeliveryBook(4, 2, false);
        publisher.subscribers(2);
        other.subscribers(2);
        final long[] sentNs = {0, 1_000 * MICROS, 2_000 * MICROS};
        publisher.publish(sentNs[0], false);
        publisher.publish(sentNs[1], true);
        publisher.publish(sentNs[2], true);
        for (int sequence = 0; sequence < 3; sequence++)
        {
            final long sent = sentNs[sequence];
            final boolean measured = sequence > 0;
            publisher.deliver(1, sequence, sent, sent + 100 * MICROS, measured);
            publisher.deliver(2, sequence, sent, sent + 150 * MICROS, measured);
            other.deliver(0, sequence, sent, sent + (sequence == 1 ? 900 : 200) * MICROS, measured);
            if (sequence != 2)
            {
                other.deliver(1, sequence, sent, sent + 300 * MICROS, measured);
            }
        }
        other.deliver(1, 1, sentNs[1], sentNs[1] + 999 * MICROS, true);

        final BroadcastResult result = new BroadcastResult(publisher, new DeliveryBook[]{publisher, other}, 2.0);

        assertEquals(4, result.subscribers());
        assertEquals(3, result.publishes());
        assertEquals(2, result.measuredPublishes());
        assertEquals(2, result.lastDeliveryUs().getTotalCount());
        assertEquals(900, result.lastDeliveryUs().getMaxValue(), "publish 1: the slowest of its four deliveries, " +
            "on the other thread; the duplicate after it does not count");
        assertEquals(200, result.lastDeliveryUs().getMinValue(), "publish 2: the slowest of the three that came");
        assertEquals(1, result.missing(), "publish 2 never reached one subscriber");
        assertEquals(1, result.duplicates());
        assertEquals(0, result.outOfOrder());
        assertEquals(7, result.deliveries(), "deliveries of the two publishes after the warm-up");
        assertEquals(3.5, result.deliveriesPerSecond());
        assertEquals(7, result.deliveryUs().getTotalCount());
    }
}
