package io.holdfast.ops.load;

/**
 * What the connections do once they are open.
 */
public enum LoadMode
{
    /** Heartbeats only, until the run ends. */
    HOLD("hold"),
    /** Each connection sends a message, waits for its echo and sends the next. */
    CLOSED_LOOP("closed-loop"),
    /** Messages at a fixed total rate on a fixed schedule, whether or not echoes keep up. */
    OPEN_LOOP("open-loop"),
    /** Subscribers on one topic; one more connection publishes to it at a fixed interval. */
    BROADCAST("broadcast");

    private final String label;

    LoadMode(final String label)
    {
        this.label = label;
    }

    /**
     * @return the name reports and the CSV use, as {@code closed-loop}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return whether connections send messages and time their echoes.
     */
    public boolean isEcho()
    {
        return this == CLOSED_LOOP || this == OPEN_LOOP;
    }
}
