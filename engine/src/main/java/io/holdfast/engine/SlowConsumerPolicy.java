package io.holdfast.engine;

/**
 * What happens to a connection whose pending output goes over {@code holdfast.max.pending} because it reads more
 * slowly than messages arrive for it.
 */
public enum SlowConsumerPolicy
{
    /** Close it with 1008 (policy violation): its subscribers' feed stays complete or ends. */
    CLOSE,
    /**
     * Drop data messages for it, and count them, until its pending output drains below the bound; pongs and
     * heartbeat replies still go out, so a client that is merely slow is not taken for dead.
     */
    DROP
}
