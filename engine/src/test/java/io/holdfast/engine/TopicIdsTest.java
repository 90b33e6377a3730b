package io.holdfast.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

final class TopicIdsTest
{
    private final UnsafeBuffer name = new UnsafeBuffer(new byte[128]);

    @Test
    void findsWhatWasAddedAndNothingElse()
    {
        final TopicIds ids = new TopicIds(100);
        final int a = add(ids, "a");
        final int b = add(ids, "b/c");

        assertNotEquals(a, b);
        assertEquals(a, find(ids, "a"));
        assertEquals(b, find(ids, "b/c"));
        assertEquals(TopicIds.NONE, find(ids, "b"));
        assertEquals(2, ids.size());
    }

    @Test
    void refusesMoreTopicsThanItsBoundAndReusesRemovedIds()
    {
        final TopicIds ids = new TopicIds(3);
        add(ids, "x");
        final int y = add(ids, "y");
        add(ids, "z");
        assertEquals(TopicIds.NONE, add(ids, "w"));

        ids.remove(y);
        assertEquals(TopicIds.NONE, find(ids, "y"));
        assertEquals(y, add(ids, "w"));
    }

    @Test
    void staysConsistentWithAMapThroughRandomAddsAndRemovals()
    {
        final TopicIds ids = new TopicIds(4096);
        final Map<String, Integer> model = new HashMap<>();
        final Random random = new Random(7);
        for (int step = 0; step < 50_000; step++)
        {
            final String topic = "t." + random.nextInt(3000);
            final Integer id = model.get(topic);
            assertEquals(id == null ? TopicIds.NONE : id, find(ids, topic), topic);
            if (id == null)
            {
                model.put(topic, add(ids, topic));
            }
            else if (random.nextBoolean())
            {
                ids.remove(id);
                model.remove(topic);
            }
        }
        assertEquals(model.size(), ids.size());
        model.forEach((topic, id) -> assertEquals(id, find(ids, topic), topic));
    }

    private int add(final TopicIds ids, final String topic)
    {
        return ids.add(name, 0, name.putStringWithoutLengthAscii(0, topic));
    }

    private int find(final TopicIds ids, final String topic)
    {
        final byte[] bytes = topic.getBytes(StandardCharsets.US_ASCII);
        name.putBytes(0, bytes);
        return ids.find(name, 0, bytes.length);
    }
}
