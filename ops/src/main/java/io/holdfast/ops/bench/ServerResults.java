package io.holdfast.ops.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything measured for one server in a bench run: RSS per idle-connection step, the closed-loop echo runs, the
 * open-loop run, the broadcast runs, and notes (skipped, restarted) that the tables show beside the numbers.
 */
final class ServerResults
{
    private final String name;
    private final String runtime;
    private final List<RssSample> rss = new ArrayList<>();
    private final List<EchoSample> echo = new ArrayList<>();
    private final List<EchoSample> openLoop = new ArrayList<>();
    private final List<BroadcastSample> broadcast = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param name    the server's name in the tables, as given to {@code --peers}.
     * @param runtime what it runs on, such as the JDK version, for the header.
     */
    ServerResults(final String name, final String runtime)
    {
        this.name = name;
        this.runtime = runtime;
    }

    String name()
    {
        return name;
    }

    String runtime()
    {
        return runtime;
    }

    void add(final RssSample sample)
    {
        rss.add(sample);
    }

    /**
     * Keep a closed- or open-loop echo run.
     */
    void add(final EchoSample sample)
    {
        (sample.openLoop() ? openLoop : echo).add(sample);
    }

    void add(final BroadcastSample sample)
    {
        broadcast.add(sample);
    }

    void note(final String note)
    {
        notes.add(note);
    }

    List<RssSample> rss()
    {
        return rss;
    }

    List<EchoSample> echo()
    {
        return echo;
    }

    List<EchoSample> openLoop()
    {
        return openLoop;
    }

    List<BroadcastSample> broadcast()
    {
        return broadcast;
    }

    List<String> notes()
    {
        return notes;
    }

    /**
     * @return the sample at exactly this many connections, or null.
     */
    RssSample rssAt(final int connections)
    {
        return rss.stream().filter((sample) -> sample.connections() == connections).findFirst().orElse(null);
    }

    /**
     * @return the closed-loop run at exactly this many connections, or null.
     */
    EchoSample echoAt(final int connections)
    {
        return echo.stream().filter((sample) -> sample.connections() == connections).findFirst().orElse(null);
    }

    /**
     * @return the broadcast run at exactly this many subscribers, or null.
     */
    BroadcastSample broadcastAt(final int subscribers)
    {
        return broadcast.stream().filter((sample) -> sample.subscribers() == subscribers).findFirst().orElse(null);
    }

    /**
     * @return whether anything was measured, so that the server has rows in the tables.
     */
    boolean hasMeasurements()
    {
        return !rss.isEmpty() || !echo.isEmpty() || !openLoop.isEmpty() || !broadcast.isEmpty();
    }
}
