package io.holdfast.ops.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The idle connections of one server's RSS phase, held by one {@code holdfast load --hold} run per step: each step's
 * run adds to the connections of the steps before, which stay open, so that every reading sees all of them and the
 * growth between steps is not hidden by pages the server had already touched and freed. All runs are stopped when
 * the phase ends.
 */
final class HeldConnections implements AutoCloseable
{
    private final List<HeldRun> runs = new ArrayList<>();
    private ServerProcess server;

    /**
     * Hold connections to this server from now on; the runs holding connections to another one (a server that
     * exited and was started again) lost them, so they are stopped.
     *
     * @return what went wrong as they stopped, one line per run.
     */
    List<String> onServer(final ServerProcess server) throws InterruptedException
    {
        final List<String> problems = this.server == null || this.server == server ? List.of() : stop();
        this.server = server;
        return problems;
    }

    /**
     * Keep a run whose connections are established, until {@link #stop()}.
     *
     * @param step the step it was started for.
     */
    void add(final int step, final LoadRun run)
    {
        runs.add(new HeldRun(step, run));
    }

    /**
     * @return the connections open: those established by every run still held.
     */
    long open()
    {
        long open = 0;
        for (final HeldRun held : runs)
        {
            open += Math.max(0, held.run().output().established());
        }
        return open;
    }

    /**
     * Forget the runs that ended by themselves (their connections are gone), so that the next step opens their
     * connections again.
     *
     * @return how each ended.
     */
    List<String> ended() throws InterruptedException
    {
        final List<String> ended = new ArrayList<>();
        for (final Iterator<HeldRun> it = runs.iterator(); it.hasNext(); )
        {
            final HeldRun held = it.next();
            if (!held.run().isRunning())
            {
                it.remove();
                ended.add(held.describe("lost before this step", stop(held.run())));
            }
        }
        return ended;
    }

    /**
     * Stop every run with SIGTERM, in turn, so that each closes its connections and reports.
     *
     * @return what went wrong, one line per run that failed connections, failed as it stopped or had to be killed.
     */
    List<String> stop() throws InterruptedException
    {
        final List<String> problems = new ArrayList<>();
        for (final HeldRun held : runs)
        {
            final String problem = stop(held.run());
            if (problem != null || !held.run().output().failures().isEmpty())
            {
                problems.add(held.describe("as the RSS phase ended", problem));
            }
        }
        close();
        return problems;
    }

    /**
     * Kill the runs still held.
     */
    public void close()
    {
        runs.forEach((held) -> held.run().close());
        runs.clear();
    }

    /**
     * @return what went wrong as the run stopped, or null.
     */
    private static String stop(final LoadRun run) throws InterruptedException
    {
        try
        {
            return run.stop() == 0 ? null : run.endText();
        }
        catch (final BenchRunException ex)
        {
            return ex.getMessage();
        }
    }

    /**
     * One step's hold run.
     */
    private record HeldRun(int step, LoadRun run)
    {
        /**
         * @param when    when the run ended.
         * @param problem what went wrong as it stopped, or null.
         * @return the run's step, how it ended and the reasons of its failed connections.
         */
        String describe(final String when, final String problem)
        {
            return String.format(Locale.ROOT, "connections added at the %,d step, %s: %s", step, when,
                problem == null ? run.endText() : problem);
        }
    }
}
