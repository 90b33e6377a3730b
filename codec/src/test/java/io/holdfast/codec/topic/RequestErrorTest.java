package io.holdfast.codec.topic;

import io.holdfast.codec.AllocationMeter;
import io.holdfast.codec.protocol.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class RequestErrorTest
{
    private long sink;

    @Test
    void shouldHaveExactlyTheProtocolCodes()
    {
        final String[] protocolCodes =
        {
            "unknown_type", "missing_topic", "topic_too_long", "topic_forbidden_character", "too_many_subscriptions",
            "not_subscribed", "malformed", "too_many_topics", "overloaded", "missing_data", "message_too_large",
            "forbidden",
        };

        final Set<String> codes = new HashSet<>();
        for (final RequestError error : RequestError.values())
        {
            assertTrue(codes.add(error.code()), error.code());
            assertEquals(error.name().toLowerCase(Locale.ROOT), error.code());
        }

        assertEquals(Set.of(protocolCodes), codes);
    }

    @Test
    void shouldMapEverySbeCodeToExactlyOneError()
    {
        final Set<ErrorCode> mapped = EnumSet.noneOf(ErrorCode.class);
        for (final RequestError error : RequestError.values())
        {
            assertTrue(mapped.add(error.errorCode()), error.name());
            assertEquals(error.name(), error.errorCode().name());
        }

        final Set<ErrorCode> expected = EnumSet.allOf(ErrorCode.class);
        expected.remove(ErrorCode.NULL_VAL);
        assertEquals(expected, mapped);
    }

    @Test
    void shouldHaveShortReasonsThatNeedNoJsonEscapes()
    {
        final Set<String> reasons = new HashSet<>();
        for (final RequestError error : RequestError.values())
        {
            final String reason = error.reason();
            assertTrue(reasons.add(reason), reason);
            assertTrue(reason.length() > 0 && reason.length() <= 64, reason);
            for (int i = 0; i < reason.length(); i++)
            {
                final char c = reason.charAt(i);
                assertTrue(c >= 0x20 && c < 0x7F && c != '"' && c != '\\', reason);
            }

            assertEquals(reason, new String(error.reasonAscii(), StandardCharsets.US_ASCII));
        }

        assertEquals("topic longer than 128 bytes", RequestError.TOPIC_TOO_LONG.reason());
        assertEquals("subscription limit reached", RequestError.TOO_MANY_SUBSCRIPTIONS.reason());
        assertEquals("server busy, retry", RequestError.OVERLOADED.reason());
    }

    @Test
    void shouldMapTopicCheckResults()
    {
        assertNull(RequestError.ofTopicCheck(TopicNames.VALID));
        assertEquals(RequestError.MISSING_TOPIC, RequestError.ofTopicCheck(TopicNames.EMPTY));
        assertEquals(RequestError.TOPIC_TOO_LONG, RequestError.ofTopicCheck(TopicNames.TOO_LONG));
        assertEquals(RequestError.TOPIC_FORBIDDEN_CHARACTER, RequestError.ofTopicCheck(TopicNames.FORBIDDEN_CHARACTER));
        assertThrows(IllegalArgumentException.class, () -> RequestError.ofTopicCheck(-1));
        assertThrows(IllegalArgumentException.class, () -> RequestError.ofTopicCheck(4));
    }

    @Test
    void shouldNotAllocateWhenMappingTopicChecks()
    {
        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            for (int check = TopicNames.EMPTY; check <= TopicNames.FORBIDDEN_CHARACTER; check++)
            {
                sink += RequestError.ofTopicCheck(check).errorCode().value();
            }
        });

        assertEquals(0, allocated);
        assertTrue(sink > 0);
    }
}
