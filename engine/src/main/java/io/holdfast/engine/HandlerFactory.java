package io.holdfast.engine;

/**
 * Creates the handler of one worker. Called once per worker as the engine starts.
 */
@FunctionalInterface
public interface HandlerFactory
{
    /**
     * @param outbound how the handler sends and closes; calls from the worker's own thread act at once.
     * @return the handler for one worker.
     */
    WebSocketHandler newHandler(Outbound outbound);
}
