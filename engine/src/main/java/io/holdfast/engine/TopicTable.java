package io.holdfast.engine;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * One worker's subscriptions: which of its connections receive each topic. A subscription is an entry in flat
 * arrays naming its topic, its connection's slot and its place in the topic's member list; a topic's members are an
 * int array of entries, so a publish walks ints, and a connection's entries form a linked list, so closing it
 * removes exactly its own. Removal swaps the topic's last member into the hole. A topic lives while it has members
 * here, and its id and member array are kept for reuse, so subscribe and unsubscribe churn allocates nothing once
 * the arrays have grown. Single-threaded: owned by its worker.
 */
final class TopicTable
{
    static final int NONE = -1;

    private static final int INITIAL_ENTRIES = 64;
    private static final int INITIAL_MEMBERS = 4;
    private static final int[] NO_MEMBERS = new int[0];

    private final TopicIds ids;
    private final EngineCounters counters;
    private final int maxSubscriptionsPerConnection;
    private int[] entryTopics = new int[0];
    private int[] entrySlots = new int[0];
    private int[] entryPositions = new int[0];
    private int[] entryNext = new int[0];
    private boolean[] entryBinary = new boolean[0];
    private int freeEntry = NONE;
    private int entryCapacity;
    private int subscriptionCount;

    private int[][] members = new int[0][];
    private int[] memberCounts = new int[0];
    private int[] binaryMemberCounts = new int[0];

    private int[] firstEntryOfSlot = new int[0];
    private int[] subscriptionsOfSlot = new int[0];

    TopicTable(final int maxTopics, final int maxSubscriptionsPerConnection, final EngineCounters counters)
    {
        ids = new TopicIds(maxTopics);
        this.counters = counters;
        this.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection;
        growEntries(INITIAL_ENTRIES);
    }

    /**
     * Subscribe a connection to a topic; valid names only.
     *
     * @param binary whether the connection receives the topic's messages in the binary (SBE) form.
     */
    SubscriptionResult subscribe(
        final int slot, final DirectBuffer topic, final int offset, final int length, final boolean binary)
    {
        ensureSlot(slot);
        int topicId = ids.find(topic, offset, length);
        if (topicId != NONE && entryOf(slot, topicId) != NONE)
        {
            return SubscriptionResult.ALREADY_SUBSCRIBED;
        }
        if (subscriptionsOfSlot[slot] >= maxSubscriptionsPerConnection)
        {
            return SubscriptionResult.TOO_MANY_SUBSCRIPTIONS;
        }
        if (topicId == NONE)
        {
            topicId = ids.add(topic, offset, length);
            if (topicId == NONE)
            {
                return SubscriptionResult.TOO_MANY_TOPICS;
            }
            ensureTopic(topicId);
        }

        final int entry = takeEntry();
        entryTopics[entry] = topicId;
        entrySlots[entry] = slot;
        entryBinary[entry] = binary;
        entryNext[entry] = firstEntryOfSlot[slot];
        firstEntryOfSlot[slot] = entry;
        subscriptionsOfSlot[slot]++;
        addMember(topicId, entry);
        publishCounts();
        return SubscriptionResult.SUBSCRIBED;
    }

    SubscriptionResult unsubscribe(final int slot, final DirectBuffer topic, final int offset, final int length)
    {
        final int topicId = slot < firstEntryOfSlot.length ? ids.find(topic, offset, length) : NONE;
        if (topicId == NONE)
        {
            return SubscriptionResult.NOT_SUBSCRIBED;
        }
        int previous = NONE;
        for (int entry = firstEntryOfSlot[slot]; entry != NONE; entry = entryNext[entry])
        {
            if (entryTopics[entry] == topicId)
            {
                if (previous == NONE)
                {
                    firstEntryOfSlot[slot] = entryNext[entry];
                }
                else
                {
                    entryNext[previous] = entryNext[entry];
                }
                subscriptionsOfSlot[slot]--;
                remove(entry);
                publishCounts();
                return SubscriptionResult.UNSUBSCRIBED;
            }
            previous = entry;
        }
        return SubscriptionResult.NOT_SUBSCRIBED;
    }

    /**
     * Remove every subscription of a connection that is closing.
     */
    void unsubscribeAll(final int slot)
    {
        if (slot >= firstEntryOfSlot.length || firstEntryOfSlot[slot] == NONE)
        {
            return;
        }
        int entry = firstEntryOfSlot[slot];
        while (entry != NONE)
        {
            final int next = entryNext[entry];
            remove(entry);
            entry = next;
        }
        firstEntryOfSlot[slot] = NONE;
        subscriptionsOfSlot[slot] = 0;
        publishCounts();
    }

    /**
     * @return the id of a topic with subscribers on this worker, or {@link #NONE}.
     */
    int topicId(final DirectBuffer topic, final int offset, final int length)
    {
        return ids.find(topic, offset, length);
    }

    /**
     * @return connections subscribed to a topic, in the order {@link #memberSlot} walks them.
     */
    int memberCount(final int topicId)
    {
        return memberCounts[topicId];
    }

    /**
     * @return how many of a topic's members receive the binary form.
     */
    int binaryMemberCount(final int topicId)
    {
        return binaryMemberCounts[topicId];
    }

    int memberSlot(final int topicId, final int index)
    {
        return entrySlots[members[topicId][index]];
    }

    boolean isMemberBinary(final int topicId, final int index)
    {
        return entryBinary[members[topicId][index]];
    }

    /**
     * @return topics with at least one subscriber on this worker.
     */
    int topicCount()
    {
        return ids.size();
    }

    int subscriptionCount()
    {
        return subscriptionCount;
    }

    private void publishCounts()
    {
        counters.subscriptions(ids.size(), subscriptionCount);
    }

    private int entryOf(final int slot, final int topicId)
    {
        for (int entry = firstEntryOfSlot[slot]; entry != NONE; entry = entryNext[entry])
        {
            if (entryTopics[entry] == topicId)
            {
                return entry;
            }
        }
        return NONE;
    }

    private void addMember(final int topicId, final int entry)
    {
        final int count = memberCounts[topicId];
        if (count == members[topicId].length)
        {
            members[topicId] = Arrays.copyOf(members[topicId], Math.max(INITIAL_MEMBERS, count << 1));
        }
        members[topicId][count] = entry;
        entryPositions[entry] = count;
        memberCounts[topicId] = count + 1;
        binaryMemberCounts[topicId] += entryBinary[entry] ? 1 : 0;
        subscriptionCount++;
    }

    /**
     * Take an entry out of its topic's members (the connection's list is the caller's) and free it; a topic left
     * without members loses its id.
     */
    private void remove(final int entry)
    {
        final int topicId = entryTopics[entry];
        final int[] topicMembers = members[topicId];
        final int last = --memberCounts[topicId];
        final int position = entryPositions[entry];
        final int moved = topicMembers[last];
        topicMembers[position] = moved;
        entryPositions[moved] = position;
        binaryMemberCounts[topicId] -= entryBinary[entry] ? 1 : 0;
        subscriptionCount--;
        if (last == 0)
        {
            ids.remove(topicId);
        }
        entryNext[entry] = freeEntry;
        freeEntry = entry;
    }

    private int takeEntry()
    {
        if (freeEntry == NONE)
        {
            growEntries(entryCapacity << 1);
        }
        final int entry = freeEntry;
        freeEntry = entryNext[entry];
        return entry;
    }

    private void growEntries(final int newCapacity)
    {
        entryTopics = Arrays.copyOf(entryTopics, newCapacity);
        entrySlots = Arrays.copyOf(entrySlots, newCapacity);
        entryPositions = Arrays.copyOf(entryPositions, newCapacity);
        entryNext = Arrays.copyOf(entryNext, newCapacity);
        entryBinary = Arrays.copyOf(entryBinary, newCapacity);
        for (int entry = newCapacity - 1; entry >= entryCapacity; entry--)
        {
            entryNext[entry] = freeEntry;
            freeEntry = entry;
        }
        entryCapacity = newCapacity;
    }

    private void ensureTopic(final int topicId)
    {
        if (topicId >= members.length)
        {
            final int oldLength = members.length;
            final int newLength = Math.max(topicId + 1, oldLength << 1);
            members = Arrays.copyOf(members, newLength);
            Arrays.fill(members, oldLength, newLength, NO_MEMBERS);
            memberCounts = Arrays.copyOf(memberCounts, newLength);
            binaryMemberCounts = Arrays.copyOf(binaryMemberCounts, newLength);
        }
    }

    private void ensureSlot(final int slot)
    {
        if (slot >= firstEntryOfSlot.length)
        {
            final int oldLength = firstEntryOfSlot.length;
            final int newLength = Math.max(slot + 1, oldLength << 1);
            firstEntryOfSlot = Arrays.copyOf(firstEntryOfSlot, newLength);
            Arrays.fill(firstEntryOfSlot, oldLength, newLength, NONE);
            subscriptionsOfSlot = Arrays.copyOf(subscriptionsOfSlot, newLength);
        }
    }
}
