package io.holdfast.ops.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of comma-separated values (RFC 4180): a field holding a comma, a quote or a line break is quoted, with
 * quotes doubled. Reads the load generator's summary and writes the bench's results.
 */
final class CsvLine
{
    private static final char QUOTE = '"';
    private static final char COMMA = ',';

    private CsvLine()
    {
    }

    /**
     * @return the fields of one line, unquoted.
     * @throws IllegalArgumentException when a quoted field is not closed.
     */
    static List<String> split(final String line)
    {
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (quoted)
            {
                if (c != QUOTE)
                {
                    field.append(c);
                }
                else if (i + 1 < line.length() && line.charAt(i + 1) == QUOTE)
                {
                    field.append(QUOTE);
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == QUOTE)
            {
                quoted = true;
            }
            else if (c == COMMA)
            {
                fields.add(field.toString());
                field.setLength(0);
            }
            else
            {
                field.append(c);
            }
        }
        if (quoted)
        {
            throw new IllegalArgumentException("unclosed quote in: " + line);
        }
        fields.add(field.toString());
        return fields;
    }

    /**
     * @return the fields joined by commas, each quoted where it has to be.
     */
    static String join(final List<String> fields)
    {
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++)
        {
            if (i > 0)
            {
                line.append(COMMA);
            }
            final String field = fields.get(i);
            if (field.indexOf(COMMA) >= 0 || field.indexOf(QUOTE) >= 0 || field.indexOf('\n') >= 0 ||
                field.indexOf('\r') >= 0)
            {
                line.append(QUOTE).append(field.replace("\"", "\"\"")).append(QUOTE);
            }
            else
            {
                line.append(field);
            }
        }
        return line.toString();
    }
}
