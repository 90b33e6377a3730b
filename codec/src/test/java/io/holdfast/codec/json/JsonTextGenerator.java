package io.holdfast.codec.json;

import java.util.Random;

/**
 * Builds random, valid JSON text for tests from a caller-seeded {@link Random}, nesting at most {@link #MAX_DEPTH}
 * containers, with random legal whitespace between tokens.
 */
final class JsonTextGenerator
{
    static final int MAX_DEPTH = 6;

    private static final String[] STRING_PIECES =
    {
        "a", "Z", "0", " ", "}", "]", "{", "[", ",", ":", "type", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r",
        "\\t", "\\u00e9", "\\uD83D\\uDE00", "\\u0000", "\u00e9", "\u4e2d", "\ud83d\ude00", "\u007f",
    };
    private static final String[] WHITESPACE = { "", "", "", " ", "\t", "\r\n", "  \n " };

    private final Random random;

    JsonTextGenerator(final Random random)
    {
        this.random = random;
    }

    /**
     * A publish envelope around the value, with members in random order and random whitespace around the value.
     */
    String publishEnvelope(final String value)
    {
        final String type = "\"type\"" + ws() + ":" + ws() + "\"publish\"";
        final String topic = "\"topic\":\"t\"";
        final String data = "\"data\"" + ws() + ":" + ws() + value + ws();
        final String extra = "\"extra\":" + value(MAX_DEPTH - 1);
        switch (random.nextInt(4))
        {
            case 0:
                return "{" + type + "," + topic + "," + data + "}";
            case 1:
                return ws() + "{" + ws() + data + "," + type + "," + topic + "}" + ws();
            case 2:
                return "{" + topic + "," + data + "," + extra + "," + type + "}";
            default:
                return "{" + extra + "," + type + "," + ws() + data + "," + topic + "}";
        }
    }

    /**
     * A random JSON value; depth is the number of containers already open around it.
     */
    String value(final int depth)
    {
        final int kind = depth >= MAX_DEPTH ? random.nextInt(4) : random.nextInt(6);
        switch (kind)
        {
            case 0:
                return string();
            case 1:
                return number();
            case 2:
                return new String[]{ "true", "false", "null" }[random.nextInt(3)];
            case 3:
                return random.nextBoolean() ? string() : number();
            case 4:
                return array(depth + 1);
            default:
                return object(depth + 1);
        }
    }

    private String array(final int depth)
    {
        final StringBuilder text = new StringBuilder("[").append(ws());
        final int count = random.nextInt(4);
        for (int i = 0; i < count; i++)
        {
            text.append(i > 0 ? "," + ws() : "").append(value(depth)).append(ws());
        }

        return text.append(']').toString();
    }

    private String object(final int depth)
    {
        final StringBuilder text = new StringBuilder("{").append(ws());
        final int count = random.nextInt(4);
        for (int i = 0; i < count; i++)
        {
            text.append(i > 0 ? "," + ws() : "")
                .append(string()).append(ws()).append(':').append(ws())
                .append(value(depth)).append(ws());
        }

        return text.append('}').toString();
    }

    private String string()
    {
        final StringBuilder text = new StringBuilder("\"");
        final int pieces = random.nextInt(6);
        for (int i = 0; i < pieces; i++)
        {
            text.append(STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
        }

        return text.append('"').toString();
    }

    private String number()
    {
        final StringBuilder text = new StringBuilder();
        if (random.nextBoolean())
        {
            text.append('-');
        }

        if (random.nextInt(4) == 0)
        {
            text.append('0');
        }
        else
        {
            text.append(1 + random.nextInt(9)).append(digits(random.nextInt(6)));
        }

        if (random.nextBoolean())
        {
            text.append('.').append(digits(1 + random.nextInt(5)));
        }

        if (random.nextBoolean())
        {
            text.append(random.nextBoolean() ? 'e' : 'E')
                .append(new String[]{ "", "+", "-" }[random.nextInt(3)])
                .append(digits(1 + random.nextInt(3)));
        }

        return text.toString();
    }

    private String digits(final int count)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.append(random.nextInt(10));
        }

        return text.toString();
    }

    private String ws()
    {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }
}
