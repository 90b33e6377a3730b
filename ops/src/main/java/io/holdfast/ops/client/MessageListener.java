package io.holdfast.ops.client;

/**
 * Told of what a {@link SbePubSubClient} receives that is no reply to a pending request: the messages published to
 * topics it subscribed to, and the server refusing a publish (publishes have no ack, so their refusals arrive here).
 * Called on the client's receive thread, one call at a time in arrival order; the next message is read only once a
 * call returns, so a slow listener slows this connection and no other. An exception thrown by a listener aborts the
 * connection and fails the requests still awaiting replies with it.
 */
@FunctionalInterface
public interface MessageListener
{
    /**
     * A message published to a topic this client subscribed to.
     *
     * @param topic the topic it was published to.
     * @param data  the published bytes, exactly as the publisher sent them; the listener may keep the array.
     */
    void onMessage(String topic, byte[] data);

    /**
     * The server refused a publish of this client, e.g. for a bad topic or because it was overloaded. Ignored unless
     * overridden.
     *
     * @param refusal the server's error, carrying the publish's correlation id.
     */
    default void onPublishRefused(final RequestRefusedException refusal)
    {
    }
}
