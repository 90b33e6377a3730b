package io.holdfast.ops;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.errors.DistinctErrorLog;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the server's errors go: every one into the distinct error log of the counters file, where
 * {@code holdfast errors} shows them with counts and stack traces, and one short line on stderr the first time an
 * error of a kind (class and message) is seen, so a failure repeated a million times is not a million stack traces.
 * Called from any worker thread; errors are rare, so a lock is fine.
 */
final class ServerErrorHandler implements ErrorHandler
{
    /** Kinds of error remembered for printing; past this, new kinds are only in the log. */
    static final int MAX_PRINTED_KINDS = 256;

    private final DistinctErrorLog log;
    private final PrintStream err;
    private final Set<String> printedKinds = new HashSet<>();
    private boolean toldLogFull;
    private boolean toldTooManyKinds;

    /**
     * @param log the counters file's error log.
     * @param err where the one-line notices go.
     */
    ServerErrorHandler(final DistinctErrorLog log, final PrintStream err)
    {
        this.log = log;
        this.err = err;
    }

    /**
     * {@inheritDoc}
     */
    public void onError(final Throwable throwable)
    {
        final boolean recorded = log.record(throwable);
        synchronized (this)
        {
            if (!recorded && !toldLogFull)
            {
                toldLogFull = true;
                err.println("holdfast: the error log is full; new kinds of error are only counted from now on");
            }
            final String kind = throwable.getClass().getName() + ": " + throwable.getMessage();
            if (printedKinds.size() < MAX_PRINTED_KINDS)
            {
                if (printedKinds.add(kind))
                {
                    err.println("holdfast: worker error: " + kind + " (holdfast errors shows each with its count)");
                }
            }
            else if (!printedKinds.contains(kind) && !toldTooManyKinds)
            {
                toldTooManyKinds = true;
                err.println("holdfast: more than " + MAX_PRINTED_KINDS + " kinds of error; holdfast errors shows " +
                    "the rest");
            }
        }
    }
}
