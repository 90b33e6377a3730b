package io.holdfast.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bench reads from one {@code holdfast load} run's stdout, line by line: the established line, which says the
 * connections are up (the bench measures from then on) and how many failed, and the failure lines, which give the
 * reasons as the run ends. The numbers of the run come from its summary CSV ({@link LoadSummary}); other lines are
 * ignored, so the load generator may print more than the bench reads.
 */
final class LoadOutput
{
    private static final String NUMBER = "\\d+(?:\\.\\d+)?";
    private static final Pattern ESTABLISHED = Pattern.compile("holdfast load: established (\\d+) connections " +
        "\\(failed (\\d+)\\) in " + NUMBER + " s, handshake p50 " + NUMBER + " us p99 " + NUMBER + " us");
    private static final Pattern FAILED = Pattern.compile("holdfast load: failed (\\d+): (.+)");

    private long established = -1;
    private long failed;
    private final List<String> failures = new ArrayList<>();

    /**
     * Read one stdout line.
     *
     * @return the line was the established line: the connections are up and the bench may measure.
     */
    boolean accept(final String line)
    {
        final Matcher established = ESTABLISHED.matcher(line);
        if (established.matches())
        {
            this.established = Long.parseLong(established.group(1));
            failed = Long.parseLong(established.group(2));
            return true;
        }
        final Matcher failure = FAILED.matcher(line);
        if (failure.matches())
        {
            failures.add(failure.group(1) + " " + failure.group(2));
        }
        return false;
    }

    /**
     * @return the connections open when the established line was printed, or -1 before it.
     */
    long established()
    {
        return established;
    }

    /**
     * @return the connections that failed to open.
     */
    long failed()
    {
        return failed;
    }

    /**
     * @return the failures by reason, each as "COUNT REASON", as printed.
     */
    List<String> failures()
    {
        return failures;
    }
}
