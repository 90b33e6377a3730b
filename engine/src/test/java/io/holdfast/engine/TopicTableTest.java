package io.holdfast.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TopicTableTest
{
    private final UnsafeBuffer name = new UnsafeBuffer(new byte[128]);
    private final EngineCounters counters = new EngineCounters(new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 16)), new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 14))), 0);
    private final TopicTable table = new TopicTable(4, 3, counters);

    @Test
    void subscribesOnceAndReportsARepeat()
    {
        assertEquals(SubscriptionResult.SUBSCRIBED, subscribe(7, "a", false));
        assertEquals(SubscriptionResult.ALREADY_SUBSCRIBED, subscribe(7, "a", true));

        final int topic = topicId("a");
        assertEquals(1, table.memberCount(topic));
        assertEquals(7, table.memberSlot(topic, 0));
        assertFalse(table.isMemberBinary(topic, 0));
        assertEquals(1, table.subscriptionCount());
    }

    @Test
    void countsBinaryMembersAndForgetsATopicWithoutMembers()
    {
        subscribe(1, "a", true);
        subscribe(2, "a", false);
        assertEquals(1, table.binaryMemberCount(topicId("a")));

        assertEquals(SubscriptionResult.UNSUBSCRIBED, unsubscribe(1, "a"));
        assertEquals(0, table.binaryMemberCount(topicId("a")));
        assertEquals(SubscriptionResult.NOT_SUBSCRIBED, unsubscribe(1, "a"));
        assertEquals(SubscriptionResult.UNSUBSCRIBED, unsubscribe(2, "a"));
        assertEquals(TopicTable.NONE, topicId("a"));
        assertEquals(0, table.topicCount());
    }

    @Test
    void enforcesSubscriptionAndTopicLimits()
    {
        subscribe(1, "a", false);
        subscribe(1, "b", false);
        subscribe(1, "c", false);
        assertEquals(SubscriptionResult.TOO_MANY_SUBSCRIPTIONS, subscribe(1, "d", false));
        assertEquals(SubscriptionResult.SUBSCRIBED, subscribe(2, "d", false));
        assertEquals(SubscriptionResult.TOO_MANY_TOPICS, subscribe(2, "e", false));
        assertEquals(SubscriptionResult.SUBSCRIBED, subscribe(2, "a", false));
    }

    @Test
    void unsubscribeAllRemovesExactlyTheConnectionsSubscriptions()
    {
        for (int slot = 0; slot < 100; slot++)
        {
            subscribe(slot, "a", false);
            subscribe(slot, "b", slot % 2 == 0);
        }
        for (int slot = 0; slot < 100; slot += 3)
        {
            table.unsubscribeAll(slot);
        }

        final Set<Integer> members = new HashSet<>();
        final int topic = topicId("a");
        for (int i = 0; i < table.memberCount(topic); i++)
        {
            members.add(table.memberSlot(topic, i));
        }
        for (int slot = 0; slot < 100; slot++)
        {
            assertEquals(slot % 3 != 0, members.contains(slot), "slot " + slot);
        }
        assertEquals(2 * members.size(), table.subscriptionCount());

        for (int slot = 0; slot < 100; slot++)
        {
            table.unsubscribeAll(slot);
        }
        assertEquals(0, table.subscriptionCount());
        assertEquals(0, table.topicCount());
        assertTrue(SubscriptionResult.SUBSCRIBED == subscribe(5, "z", false));
    }

    private SubscriptionResult subscribe(final int slot, final String topic, final boolean binary)
    {
        return table.subscribe(slot, name, 0, name.putStringWithoutLengthAscii(0, topic), binary);
    }

    private SubscriptionResult unsubscribe(final int slot, final String topic)
    {
        return table.unsubscribe(slot, name, 0, name.putStringWithoutLengthAscii(0, topic));
    }

    private int topicId(final String topic)
    {
        return table.topicId(name, 0, name.putStringWithoutLengthAscii(0, topic));
    }
}
