package io.holdfast.codec.json;

import io.holdfast.codec.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeScannerTest
{
    private static final int OFFSET = 7;
    private static final int MAX_DEPTH = 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024 * 1024));
    private final EnvelopeScanner scanner = new EnvelopeScanner(MAX_DEPTH);
    private int messageLength;

    @Test
    void shouldRecogniseCompactPing()
    {
        assertEquals(EnvelopeType.PING, scan("{\"type\":\"ping\"}"));
        assertEquals("ping", type());
        assertEquals(-1, scanner.topicOffset());
        assertEquals(0, scanner.topicLength());
        assertFalse(scanner.hasData());
        assertEquals(-1, scanner.dataOffset());
        assertEquals(0, scanner.dataLength());
        assertTrue(EnvelopeScanner.isCompactPing(buffer, OFFSET, messageLength));
    }

    @Test
    void shouldNotTakeNearMissesOfCompactPingForPing()
    {
        assertEquals(EnvelopeType.OTHER, scan("{\"type\":\"pinG\"}"));
        assertEquals(EnvelopeType.OTHER, scan("{\"type\":\"Ping\"}"));
        assertEquals(EnvelopeType.OTHER, scan("{\"type\":\"pong\"}"));
        assertEquals("pong", type());
        assertEquals(EnvelopeType.NONE, scan("{\"typo\":\"ping\"}"));
        assertEquals(EnvelopeType.INVALID, scan("{\"type\":\"ping\"]"));
        assertFalse(EnvelopeScanner.isCompactPing(buffer, OFFSET, messageLength));
        assertEquals(EnvelopeType.INVALID, scan("{\"type\":\"ping\""));
        assertFalse(EnvelopeScanner.isCompactPing(buffer, OFFSET, messageLength));
    }

    @Test
    void shouldRecognisePingWithWhitespaceEverywhereLegal()
    {
        assertEquals(EnvelopeType.PING, scan(" \t\r\n{ \t\r\n\"type\" \t\r\n: \t\r\n\"ping\" \t\r\n} \t\r\n"));
        assertEquals("ping", type());
        assertEquals(EnvelopeType.PING, scan("{\"type\":\"ping\"}\n"));
        assertFalse(EnvelopeScanner.isCompactPing(buffer, OFFSET, messageLength));
    }

    @Test
    void shouldRecognisePingAfterOtherMembers()
    {
        assertEquals(EnvelopeType.PING, scan("{\"x\":1,\"type\":\"ping\"}"));
        assertEquals(EnvelopeType.PING,
            scan("{\"a\":{\"type\":\"publish\",\"b\":[1,{\"c\":null}]},\"type\":\"ping\",\"z\":[\"}\",\"]\"]}"));
        assertEquals("ping", type());
        assertFalse(scanner.hasData());
    }

    @Test
    void shouldClassifyObjectsWithoutStringType()
    {
        assertEquals(EnvelopeType.NONE, scan("{}"));
        assertEquals(EnvelopeType.NONE, scan(" { } "));
        assertEquals(EnvelopeType.NONE, scan("{\"type\":1}"));
        assertEquals(EnvelopeType.NONE, scan("{\"type\":null}"));
        assertEquals(EnvelopeType.NONE, scan("{\"type\":[\"ping\"]}"));
        assertEquals(EnvelopeType.NONE, scan("{\"typ\\u0065\":\"ping\"}"));
        assertEquals(-1, scanner.typeOffset());
        assertEquals(0, scanner.typeLength());
    }

    @Test
    void shouldNotMatchTypeWrittenWithEscapes()
    {
        assertEquals(EnvelopeType.OTHER, scan("{\"type\":\"pin\\u0067\"}"));
        assertEquals("pin\\u0067", type());
        assertEquals(EnvelopeType.OTHER, scan("{\"type\":\"\"}"));
        assertEquals(0, scanner.typeLength());
    }

    @Test
    void shouldRejectValuesThatAreNotObjects()
    {
        assertEquals(EnvelopeType.INVALID, scan("[]"));
        assertEquals(EnvelopeType.INVALID, scan("\"ping\""));
        assertEquals(EnvelopeType.INVALID, scan("1"));
        assertEquals(EnvelopeType.INVALID, scan("null"));
        assertEquals(EnvelopeType.INVALID, scan(""));
        assertEquals(EnvelopeType.INVALID, scan("   "));
    }

    @Test
    void shouldLetLastDuplicateTopLevelMemberWin()
    {
        assertEquals(EnvelopeType.NONE, scan("{\"type\":\"ping\",\"type\":1}"));
        assertEquals(EnvelopeType.PUBLISH, scan("{\"type\":\"ping\",\"type\":\"publish\"}"));
        assertEquals(EnvelopeType.SUBSCRIBE, scan("{\"type\":\"subscribe\",\"topic\":\"a\",\"topic\":\"bc\"}"));
        assertEquals("bc", topic());
        assertEquals(EnvelopeType.SUBSCRIBE, scan("{\"type\":\"subscribe\",\"topic\":\"a\",\"topic\":2}"));
        assertEquals(-1, scanner.topicOffset());
        assertEquals(EnvelopeType.PUBLISH, scan("{\"type\":\"publish\",\"data\":1,\"data\":[2]}"));
        assertEquals("[2]", data());
    }

    @Test
    void shouldFindTopicOfSubscribeAndUnsubscribe()
    {
        assertEquals(EnvelopeType.SUBSCRIBE, scan("{\"type\":\"subscribe\",\"topic\":\"prices.EURUSD\"}"));
        assertEquals("subscribe", type());
        assertEquals("prices.EURUSD", topic());
        assertFalse(scanner.topicHasEscapes());
        assertFalse(scanner.hasData());

        assertEquals(EnvelopeType.UNSUBSCRIBE,
            scan("{ \"topic\" : \"chat/\u00e9t\u00e9\" , \"type\" : \"unsubscribe\" }"));
        assertEquals("chat/\u00e9t\u00e9", topic());
        assertFalse(scanner.topicHasEscapes());
    }

    @Test
    void shouldReportRawTopicWithEscapes()
    {
        assertEquals(EnvelopeType.SUBSCRIBE, scan("{\"type\":\"subscribe\",\"topic\":\"a\\\"b\\u00e9\"}"));
        assertEquals("a\\\"b\\u00e9", topic());
        assertTrue(scanner.topicHasEscapes());

        assertEquals(EnvelopeType.SUBSCRIBE, scan("{\"type\":\"subscribe\",\"topic\":{\"x\":\"\\n\"}}"));
        assertEquals(-1, scanner.topicOffset());
        assertFalse(scanner.topicHasEscapes());
    }

    @Test
    void shouldFindExactExtentOfPublishedData()
    {
        assertPublishedData("{\"a\":[1,[2,{\"b\":\"}]\\\"\\\\\\u00e9\"}],{}],\"c\":{\"d\":[]},\"e\":\"\u00e9\"}");
        assertPublishedData("[1,\"two\",[3.5,{\"four\":[]}],null,true,false]");
        assertPublishedData("\"a string with } and ] and \\\" and \\\\ and \\u00e9 and \\/ \\b\\f\\n\\r\\t\"");
        assertPublishedData("\"\"");
        assertPublishedData("0");
        assertPublishedData("-1.5e10");
        assertPublishedData("-0.0E+0");
        assertPublishedData("123456789012345678901234567890e-7");
        assertPublishedData("true");
        assertPublishedData("false");
        assertPublishedData("null");
        assertPublishedData("{}");
        assertPublishedData("[]");
        assertPublishedData("[ 1 , { \"k\" : [ ] } ]");
    }

    @Test
    void shouldExcludeWhitespaceAroundDataAndAcceptAnyMemberOrder()
    {
        assertEquals(EnvelopeType.PUBLISH, scan("{\"data\" : \t[1, 2]\n , \"topic\":\"t\", \"type\":\"publish\"}"));
        assertEquals("[1, 2]", data());
        assertEquals("t", topic());
        assertEquals(EnvelopeType.PUBLISH, scan("{\"type\":\"publish\",\"data\":7}"));
        assertEquals("7", data());
    }

    @Test
    void shouldNotTakeMembersOfNestedObjects()
    {
        assertEquals(EnvelopeType.PUBLISH,
            scan("{\"type\":\"publish\",\"topic\":\"t\",\"data\":{\"type\":\"ping\",\"topic\":\"x\",\"data\":1}}"));
        assertEquals("publish", type());
        assertEquals("t", topic());
        assertEquals("{\"type\":\"ping\",\"topic\":\"x\",\"data\":1}", data());

        assertEquals(EnvelopeType.NONE, scan("{\"data\":{\"type\":\"ping\"},\"x\":[{\"type\":\"ping\"}]}"));
        assertEquals(-1, scanner.typeOffset());
        assertEquals(-1, scanner.topicOffset());
    }

    @Test
    void shouldRejectEveryProperPrefixOfValidEnvelopes()
    {
        final String[] envelopes =
        {
            "{\"type\":\"ping\"}",
            " { \"type\" : \"ping\" }",
            "{\"type\":\"subscribe\",\"topic\":\"a\\u00e9\\\"b\"}",
            "{\"type\":\"publish\",\"topic\":\"t\",\"data\":{\"a\":[1,-2.5e+3,true,false,null,\"x\"],\"b\":{}}}",
            "{\"type\":\"publish\",\"data\":-10}",
            "{\"type\":\"publish\",\"data\":1.25E-2}",
        };

        for (final String envelope : envelopes)
        {
            scan(envelope);
            final int fullLength = messageLength;
            assertTrue(scanner.scan(buffer, OFFSET, fullLength) != EnvelopeType.INVALID, envelope);
            for (int length = 0; length < fullLength; length++)
            {
                assertEquals(EnvelopeType.INVALID, scanner.scan(buffer, OFFSET, length), envelope + " @ " + length);
            }
        }
    }

    @Test
    void shouldRejectMalformedJson()
    {
        final String[] malformed =
        {
            "{\"type\":\"ping\"}x", "{\"type\":\"ping\"}{}", "{\"type\":\"ping\"} 1", "{\"type\":\"ping\"}}",
            "{\"type\":\"ping\",}", "{\"data\":[1,2,]}", "{\"data\":[,1]}", "{,}", "{\"a\":1,,\"b\":2}",
            "{\"type\" \"ping\"}", "{\"type\":}", "{\"type\"}", "{:\"ping\"}", "{\"a\":1 \"b\":2}",
            "{'type':'ping'}", "{\"type\":'ping'}", "{type:\"ping\"}",
            "{\"data\":01}", "{\"data\":-01}", "{\"data\":00}", "{\"data\":-}", "{\"data\":1.}", "{\"data\":.5}",
            "{\"data\":1e}", "{\"data\":1e+}", "{\"data\":1.e5}", "{\"data\":+1}", "{\"data\":0x10}", "{\"data\":-.5}",
            "{\"data\":\"\\x\"}", "{\"data\":\"\\u12G4\"}", "{\"data\":\"\\u123\"}", "{\"data\":\"\\U1234\"}",
            "{\"data\":\"\\\"}", "{\"data\":\"a\nb\"}", "{\"data\":\"a\tb\"}", "{\"data\":\"\u0000\"}",
            "{\"data\":\"\u001f\"}", "{\"da\nta\":1}",
            "{\"data\":tru}", "{\"data\":truex}", "{\"data\":True}", "{\"data\":nul}", "{\"data\":NaN}",
            "{\"data\":fals}", "{\"data\":[1}", "{\"data\":{\"a\":1]}", "{\"data\":[}", "{\"data\":{]}",
            "{\"data\":{\"a\"}}", "{\"data\":{1:2}}", "{\"data\":]}", "]", "}", "{\"a\":1}]", "{\"a\":1",
            "\ufeff{}", "{\"type\":\"ping\"}\u0000", "{\"data\":\"\u007f\"", "{\"data\":1 2}",
        };

        for (final String text : malformed)
        {
            assertEquals(EnvelopeType.INVALID, scan(text), text);
            assertEquals(-1, scanner.typeOffset(), text);
            assertEquals(-1, scanner.topicOffset(), text);
            assertFalse(scanner.hasData(), text);
        }
    }

    @Test
    void shouldAcceptControlCharactersOnlyWhenEscapedAndBytesAbove0x7fRaw()
    {
        assertEquals(EnvelopeType.OTHER, scan("{\"type\":\"\\u0000\\n\\t\u007f\u00ff\u4e2d\ud83d\ude00\"}"));
        final byte[] rawHighBytes = {'{', '"', 'a', '"', ':', '"', (byte)0x80, (byte)0xFF, (byte)0xC0, '"', '}'};
        buffer.putBytes(OFFSET, rawHighBytes);
        assertEquals(EnvelopeType.NONE, scanner.scan(buffer, OFFSET, rawHighBytes.length));
    }

    @Test
    void shouldBoundNestingDepth()
    {
        final EnvelopeScanner shallow = new EnvelopeScanner(3);
        assertEquals(EnvelopeType.PUBLISH, scanWith(shallow, "{\"type\":\"publish\",\"data\":[{\"a\":1}]}"));
        assertEquals(EnvelopeType.PUBLISH, scanWith(shallow, "{\"type\":\"publish\",\"data\":[[],{},[]]}"));
        assertEquals(EnvelopeType.INVALID, scanWith(shallow, "{\"type\":\"publish\",\"data\":[{\"a\":[]}]}"));
        assertEquals(EnvelopeType.INVALID, scanWith(shallow, "{\"type\":\"publish\",\"data\":[[[1]]]}"));

        final EnvelopeScanner flat = new EnvelopeScanner(1);
        assertEquals(EnvelopeType.PING, scanWith(flat, "{\"type\":\"ping\", \"n\":1}"));
        assertEquals(EnvelopeType.INVALID, scanWith(flat, "{\"type\":\"ping\", \"n\":{}}"));
    }

    @Test
    void shouldNotRecurseOnDeeplyNestedInput()
    {
        final int nesting = 100_000;
        final String deep = "{\"data\":" + "[".repeat(nesting) + "]".repeat(nesting) + "}";

        assertEquals(EnvelopeType.INVALID, scan(deep));
        assertEquals(EnvelopeType.INVALID, scan("{\"data\":" + "[".repeat(nesting)));
        assertEquals(EnvelopeType.INVALID, scan("{\"data\":" + "{\"a\":".repeat(nesting)));

        final EnvelopeScanner deepScanner = new EnvelopeScanner(nesting + 1);
        assertEquals(EnvelopeType.NONE, scanWith(deepScanner, deep));
        assertEquals(2 * nesting, deepScanner.dataLength());
        assertEquals(EnvelopeType.INVALID, scanWith(deepScanner, "{\"data\":" + "[".repeat(nesting + 1)));
    }

    @Test
    void shouldReturnInvalidForRangesOutsideTheBuffer()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[16]);
        small.putStringWithoutLengthAscii(0, "{\"type\":\"ping\"}");

        assertEquals(EnvelopeType.PING, scanner.scan(small, 0, 15));
        assertEquals(EnvelopeType.INVALID, scanner.scan(small, 2, 15));
        assertEquals(EnvelopeType.INVALID, scanner.scan(small, -1, 15));
        assertEquals(EnvelopeType.INVALID, scanner.scan(small, 0, -1));
        assertEquals(EnvelopeType.INVALID, scanner.scan(small, 0, 17));
        assertEquals(EnvelopeType.INVALID, scanner.scan(small, Integer.MAX_VALUE, 15));
        assertEquals(EnvelopeType.INVALID, scanner.scan(small, 8, Integer.MAX_VALUE));
        assertFalse(EnvelopeScanner.isCompactPing(small, 2, 15));
        assertFalse(EnvelopeScanner.isCompactPing(small, -1, 15));
    }

    @Test
    void shouldForgetPreviousResultsOnReuse()
    {
        assertEquals(EnvelopeType.PUBLISH, scan("{\"type\":\"publish\",\"topic\":\"t\\n\",\"data\":1}"));
        assertTrue(scanner.topicHasEscapes());
        assertEquals(EnvelopeType.INVALID, scan("{\"type\":\"publish\",\"topic\":\"t\\n\",\"data\":1"));
        assertEquals(-1, scanner.dataOffset());
        assertEquals(0, scanner.dataLength());
        assertFalse(scanner.topicHasEscapes());
        assertEquals(EnvelopeType.NONE, scan("{}"));
        assertEquals(-1, scanner.typeOffset());
        assertEquals(EnvelopeType.PING, scan("{\"type\":\"ping\"}"));
        assertFalse(scanner.hasData());
    }

    @Test
    void shouldScanRandomPublishedValuesAndSurviveCorruption()
    {
        final Random random = new Random(0x5EED_6455L);
        final JsonTextGenerator generator = new JsonTextGenerator(random);

        for (int i = 0; i < 5_000; i++)
        {
            final String value = generator.value(0);
            final String envelope = generator.publishEnvelope(value);

            assertEquals(EnvelopeType.PUBLISH, scan(envelope), envelope);
            assertEquals(value, data(), envelope);
            assertEquals("t", topic(), envelope);

            final int position = OFFSET + random.nextInt(messageLength);
            buffer.putByte(position, (byte)random.nextInt(256));
            final int corrupted = scanner.scan(buffer, OFFSET, messageLength);
            assertTrue(corrupted >= EnvelopeType.INVALID && corrupted <= EnvelopeType.PUBLISH);

            final int truncated = scanner.scan(buffer, OFFSET, random.nextInt(messageLength));
            assertTrue(truncated >= EnvelopeType.INVALID && truncated <= EnvelopeType.PUBLISH);
        }
    }

    @Test
    void shouldNotAllocateWhenScanning()
    {
        final String[] texts =
        {
            "{\"type\":\"ping\"}",
            "{ \"type\" : \"ping\" }",
            "{\"type\":\"publish\",\"topic\":\"a\\u00e9\",\"data\":{\"x\":[1,-2.5e3,{\"y\":\"}\\\"\"}],\"z\":null}}",
            "{\"type\":\"ping\",\"data\":[01]}",
        };
        final UnsafeBuffer[] messages = new UnsafeBuffer[texts.length];
        final int[] lengths = new int[texts.length];
        for (int i = 0; i < texts.length; i++)
        {
            messages[i] = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
            lengths[i] = messages[i].putStringWithoutLengthUtf8(0, texts[i]);
        }

        final long[] iterations = { 0 };
        final long[] checksum = { 0 };

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            iterations[0]++;
            for (int m = 0; m < messages.length; m++)
            {
                checksum[0] += scanner.scan(messages[m], 0, lengths[m]);
                checksum[0] += scanner.hasData() && scanner.topicHasEscapes() ? 1 : 0;
            }
        });

        assertEquals(0, allocated);
        final long checksumPerIteration =
            EnvelopeType.PING + EnvelopeType.PING + EnvelopeType.PUBLISH + 1 + EnvelopeType.INVALID;
        assertEquals(iterations[0] * checksumPerIteration, checksum[0]);
    }

    @Test
    void shouldAcceptAnySingleJsonValue()
    {
        final String[] values =
        {
            "0", "-0", "-1.5e+3", "2E-7", "123456789012345678901234567890", "true", "false", "null", "\"\"",
            "\"a\\\"b\\u00e9 \u00e9 }]\"", "[]", "{}", "[1,{\"a\":[null,\"]\"]},\"}\"]", "{\"type\":\"ping\"}",
            " \t\r\n[ 1 , 2 ]\n", "  7  ", "\"x\"\n", "{ \"k\" : { } , \"l\" : [ [ ] ] }",
        };

        for (final String value : values)
        {
            assertTrue(isJsonValue(value), value);
        }
    }

    @Test
    void shouldRejectAnythingButExactlyOneValue()
    {
        final String[] notValues =
        {
            "", " ", "\n\t", "1 2", "[] []", "{}{}", "\"a\" \"b\"", "1,2", "[1]x", "truex", "true false", "nul",
            "01", "-", "1.", ".5", "+1", "1e", "'a'", "\"unterminated", "\"a\nb\"", "[1,]", "[,1]", "{\"a\"}",
            "{\"a\":1,}", "{1:2}", "]", "}", "[", "{", "\ufeff1", "NaN", "undefined", "{\"a\":1}}", "[1]]",
            "\"\\x\"", "1 /* c */", "0x10", "\u0000", "1\u0000",
        };

        for (final String notValue : notValues)
        {
            assertFalse(isJsonValue(notValue), notValue);
        }
    }

    @Test
    void shouldBoundValueNestingCountingItsOwnContainer()
    {
        final EnvelopeScanner shallow = new EnvelopeScanner(2);
        assertTrue(isJsonValueWith(shallow, "[[1]]"));
        assertTrue(isJsonValueWith(shallow, "{\"a\":{},\"b\":[]}"));
        assertTrue(isJsonValueWith(shallow, "\"[[[[\""));
        assertFalse(isJsonValueWith(shallow, "[[[]]]"));
        assertFalse(isJsonValueWith(shallow, "{\"a\":[{}]}"));

        final EnvelopeScanner flat = new EnvelopeScanner(1);
        assertTrue(isJsonValueWith(flat, "[1,2,3]"));
        assertTrue(isJsonValueWith(flat, "-1"));
        assertFalse(isJsonValueWith(flat, "[[]]"));

        final int nesting = 100_000;
        final String deep = "[".repeat(nesting) + "]".repeat(nesting);
        assertFalse(isJsonValue(deep));
        assertTrue(isJsonValueWith(new EnvelopeScanner(nesting), deep));
        assertFalse(isJsonValueWith(new EnvelopeScanner(nesting - 1), deep));
    }

    @Test
    void shouldAcceptEveryPublishedDataValueAndSurviveCorruption()
    {
        final Random random = new Random(0x1507_7A1EL);
        final JsonTextGenerator generator = new JsonTextGenerator(random);

        for (int i = 0; i < 2_000; i++)
        {
            final String value = generator.value(0);
            assertTrue(isJsonValue(value), value);

            assertEquals(EnvelopeType.PUBLISH, scan(generator.publishEnvelope(value)));
            assertTrue(scanner.isJsonValue(buffer, scanner.dataOffset(), scanner.dataLength()), value);

            final int length = buffer.putStringWithoutLengthUtf8(OFFSET, value);
            buffer.putByte(OFFSET + random.nextInt(length), (byte)random.nextInt(256));
            scanner.isJsonValue(buffer, OFFSET, length);
            scanner.isJsonValue(buffer, OFFSET, random.nextInt(length));
        }
    }

    @Test
    void shouldLeaveResultsOfLastScanAsTheyWere()
    {
        assertEquals(EnvelopeType.PUBLISH, scan("{\"type\":\"publish\",\"topic\":\"t\\n\",\"data\":[1]}"));
        final int otherOffset = OFFSET + 512;
        final String[] others = { "{\"type\":\"ping\",\"topic\":\"x\",\"data\":2}", "{\"type\":\"ping\"", "" };

        for (final String other : others)
        {
            final int length = buffer.putStringWithoutLengthUtf8(otherOffset, other);
            scanner.isJsonValue(buffer, otherOffset, length);

            assertEquals("publish", type());
            assertEquals("t\\n", topic());
            assertTrue(scanner.topicHasEscapes());
            assertEquals("[1]", data());
        }
    }

    @Test
    void shouldNotTakeRangesOutsideTheBufferForValues()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[8]);
        small.putStringWithoutLengthAscii(0, "[1,2,3]");

        assertTrue(scanner.isJsonValue(small, 0, 7));
        assertFalse(scanner.isJsonValue(small, 0, 8));
        assertFalse(scanner.isJsonValue(small, 2, 7));
        assertFalse(scanner.isJsonValue(small, -1, 7));
        assertFalse(scanner.isJsonValue(small, 0, -1));
        assertFalse(scanner.isJsonValue(small, Integer.MAX_VALUE, 1));
        assertFalse(scanner.isJsonValue(small, 1, Integer.MAX_VALUE));
    }

    @Test
    void shouldNotAllocateWhenCheckingValues()
    {
        final String[] texts =
        {
            "{\"x\":[1,-2.5e3,{\"y\":\"}\\\"\\u00e9\"}],\"z\":null}", " 42 ", "\"text\"", "[1,2,]",
            "[".repeat(MAX_DEPTH + 1) + "]".repeat(MAX_DEPTH + 1),
        };
        final UnsafeBuffer[] values = new UnsafeBuffer[texts.length];
        final int[] lengths = new int[texts.length];
        for (int i = 0; i < texts.length; i++)
        {
            values[i] = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
            lengths[i] = values[i].putStringWithoutLengthUtf8(0, texts[i]);
        }

        final long[] iterations = { 0 };
        final long[] valid = { 0 };

        final long allocated = AllocationMeter.allocatedBytes(() ->
        {
            iterations[0]++;
            for (int v = 0; v < values.length; v++)
            {
                valid[0] += scanner.isJsonValue(values[v], 0, lengths[v]) ? 1 : 0;
            }
        });

        assertEquals(0, allocated);
        assertEquals(iterations[0] * 3, valid[0]);
    }

    private void assertPublishedData(final String value)
    {
        assertEquals(EnvelopeType.PUBLISH, scan("{\"type\":\"publish\",\"topic\":\"t\",\"data\":" + value + "}"));
        assertTrue(scanner.hasData());
        assertEquals(value, data());
        assertEquals("t", topic());
    }

    @Test
    void shouldRecordEveryTopLevelMemberOfAnObject()
    {
        assertTrue(scanObject(" {\"sub\":\"ann\", \"exp\": 17 ,\"topics\":[\"a\",{\"b\":1}],\"sub\":\"b\\u0061\"} "));
        assertEquals(4, scanner.memberCount());
        assertTrue(scanner.memberKeyIs(buffer, 0, "sub".getBytes(US_ASCII)));
        assertEquals("\"ann\"", memberValue(0));
        assertFalse(scanner.memberValueHasEscapes(0));
        assertTrue(scanner.memberKeyIs(buffer, 1, "exp".getBytes(US_ASCII)));
        assertEquals("17", memberValue(1));
        assertEquals("[\"a\",{\"b\":1}]", memberValue(2));
        assertTrue(scanner.memberKeyIs(buffer, 3, "sub".getBytes(US_ASCII)));
        assertTrue(scanner.memberValueHasEscapes(3));
    }

    @Test
    void shouldNotMatchAMemberKeyWrittenWithEscapes()
    {
        assertTrue(scanObject("{\"\\u0065xp\":1}"));
        assertEquals(1, scanner.memberCount());
        assertTrue(scanner.memberKeyHasEscapes(0));
        assertFalse(scanner.memberKeyIs(buffer, 0, "exp".getBytes(US_ASCII)));
    }

    @Test
    void shouldRefuseObjectsWithTooManyMembersOrThatAreNotObjects()
    {
        final StringBuilder members = new StringBuilder("{");
        for (int i = 0; i <= EnvelopeScanner.MAX_MEMBERS; i++)
        {
            members.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        assertFalse(scanObject(members.append('}').toString()));
        assertEquals(0, scanner.memberCount());
        assertFalse(scanObject("[1]"));
        assertFalse(scanObject("{\"a\":1"));
        assertTrue(scanObject("{}"));
        assertEquals(0, scanner.memberCount());
    }

    @Test
    void shouldScanEnvelopesAsBeforeAfterScanningAnObject()
    {
        assertTrue(scanObject("{\"topic\":\"t\",\"x\":1}"));
        assertEquals(EnvelopeType.SUBSCRIBE, scan("{\"type\":\"subscribe\",\"topic\":\"news\"}"));
        assertEquals("news", topic());
    }

    private boolean scanObject(final String text)
    {
        messageLength = buffer.putStringWithoutLengthUtf8(OFFSET, text);
        return scanner.scanObject(buffer, OFFSET, messageLength);
    }

    private String memberValue(final int index)
    {
        return buffer.getStringWithoutLengthUtf8(scanner.memberValueOffset(index), scanner.memberValueLength(index));
    }

    private int scan(final String text)
    {
        return scanWith(scanner, text);
    }

    private int scanWith(final EnvelopeScanner envelopeScanner, final String text)
    {
        messageLength = buffer.putStringWithoutLengthUtf8(OFFSET, text);
        return envelopeScanner.scan(buffer, OFFSET, messageLength);
    }

    private boolean isJsonValue(final String text)
    {
        return isJsonValueWith(scanner, text);
    }

    private boolean isJsonValueWith(final EnvelopeScanner valueScanner, final String text)
    {
        final int length = buffer.putStringWithoutLengthUtf8(OFFSET, text);
        return valueScanner.isJsonValue(buffer, OFFSET, length);
    }

    private String type()
    {
        return buffer.getStringWithoutLengthUtf8(scanner.typeOffset(), scanner.typeLength());
    }

    private String topic()
    {
        return buffer.getStringWithoutLengthUtf8(scanner.topicOffset(), scanner.topicLength());
    }

    private String data()
    {
        return buffer.getStringWithoutLengthUtf8(scanner.dataOffset(), scanner.dataLength());
    }
}
