package io.holdfast.ops;

/**
 * Whether the server is taking connections, as {@code /health} reports it: starting, serving, then stopping once a
 * shutdown began. Written by the thread that runs serve, read by the admin endpoint's.
 */
final class ServerHealth
{
    enum State
    {
        STARTING,
        SERVING,
        STOPPING
    }

    private volatile State state = State.STARTING;

    State state()
    {
        return state;
    }

    void serving()
    {
        state = State.SERVING;
    }

    void stopping()
    {
        state = State.STOPPING;
    }
}
