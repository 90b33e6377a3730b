package io.holdfast.ops;

import org.agrona.DirectBuffer;

/**
 * Publishes a message to a topic from any thread: the running engine ({@code engine::publish}) once it has started,
 * so the admin endpoint, which starts first, can be handed it later.
 */
@FunctionalInterface
interface TopicPublisher
{
    /**
     * @param topic  a valid topic name.
     * @param data   holds the message data, copied before this returns.
     * @param offset of the data in the buffer.
     * @param length of the data in bytes.
     * @return false when refused for now (a worker's command buffer is full); the caller may retry.
     */
    boolean publish(CharSequence topic, DirectBuffer data, int offset, int length);
}
