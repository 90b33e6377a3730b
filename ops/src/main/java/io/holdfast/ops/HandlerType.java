package io.holdfast.ops;

import io.holdfast.engine.EchoHandler;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.HandlerFactory;
import io.holdfast.engine.PubSubHandler;

/**
 * The protocol {@code holdfast serve} speaks to its clients, chosen with {@code holdfast.handler}: each names the
 * engine handler every worker gets.
 */
enum HandlerType
{
    /** Every message comes back to its sender; {@code {"type":"ping"}} is answered. The engine's default. */
    ECHO,
    /** Clients subscribe, unsubscribe and publish to topics in JSON or SBE; {@code POST /publish} is served. */
    PUBSUB;

    /**
     * @param config the engine's config, whose limits the pub/sub handler reads.
     * @return what makes each worker's handler.
     */
    HandlerFactory factory(final EngineConfig config)
    {
        return this == PUBSUB ? (outbound) -> new PubSubHandler(outbound, config) : EchoHandler::new;
    }
}
