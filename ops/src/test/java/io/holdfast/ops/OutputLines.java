package io.holdfast.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Finds report lines in a command's output, for tests that check what a run printed.
 */
final class OutputLines
{
    private OutputLines()
    {
    }

    /**
     * @return the match of the one line that matches the pattern whole; fails the test, showing the output, when
     * none or several do.
     */
    static Matcher only(final List<String> lines, final Pattern pattern)
    {
        final List<Matcher> found = new ArrayList<>();
        for (final String line : lines)
        {
            final Matcher matcher = pattern.matcher(line);
            if (matcher.matches())
            {
                found.add(matcher);
            }
        }
        assertEquals(1, found.size(), "lines matching " + pattern + ":\n" + String.join("\n", lines));
        return found.get(0);
    }
}
