package io.holdfast.engine;

/**
 * What became of a subscribe or unsubscribe request.
 */
public enum SubscriptionResult
{
    /** The connection now receives the topic's messages. */
    SUBSCRIBED,
    /** The connection was subscribed already; nothing changed, and it still receives each message once. */
    ALREADY_SUBSCRIBED,
    /** The connection no longer receives the topic's messages. */
    UNSUBSCRIBED,
    /** The connection was not subscribed to the topic. */
    NOT_SUBSCRIBED,
    /** The connection holds the most subscriptions allowed ({@code holdfast.max.subscriptions.per.connection}). */
    TOO_MANY_SUBSCRIPTIONS,
    /** The worker holds the most topics allowed ({@code holdfast.max.topics}). */
    TOO_MANY_TOPICS,
    /** The connection is closed or closing. */
    NOT_OPEN,
    /** Asked from another thread: queued for the owning worker, which decides. */
    QUEUED,
    /** Asked from another thread while the owning worker's command buffer was full; try again later. */
    BUSY
}
