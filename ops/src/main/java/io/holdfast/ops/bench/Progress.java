package io.holdfast.ops.bench;

import java.io.PrintStream;

/**
 * The bench's progress lines on stdout, one per step as it ends, each naming the server:
 * {@code holdfast bench: go: RSS at 1,000 idle connections: ...}.
 */
final class Progress
{
    private final PrintStream out;

    Progress(final PrintStream out)
    {
        this.out = out;
    }

    void say(final String server, final String text)
    {
        out.println("holdfast bench: " + server + ": " + text);
        out.flush();
    }
}
