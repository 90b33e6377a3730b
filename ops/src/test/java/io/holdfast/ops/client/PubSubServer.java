package io.holdfast.ops.client;

import io.holdfast.engine.Engine;
import io.holdfast.engine.EngineConfig;
import io.holdfast.engine.PubSubHandler;

import java.io.IOException;
import java.net.URI;

/**
 * A real engine running the pub/sub handler in this JVM, on 127.0.0.1, a free port and two workers (so publishes
 * cross workers), for tests of pub/sub clients: closed, and its port freed, by try-with-resources.
 */
public final class PubSubServer implements AutoCloseable
{
    private final Engine engine;

    private PubSubServer(final Engine engine)
    {
        this.engine = engine;
    }

    /**
     * @return a started server.
     * @throws IOException when it cannot bind.
     */
    public static PubSubServer start() throws IOException
    {
        final EngineConfig config = new EngineConfig().listenAddress("127.0.0.1").listenPort(0).workers(2);
        return new PubSubServer(Engine.start(config, outbound -> new PubSubHandler(outbound, config)));
    }

    /**
     * @return the running engine, e.g. for {@link Engine#publish(CharSequence, org.agrona.DirectBuffer, int, int)}.
     */
    public Engine engine()
    {
        return engine;
    }

    /**
     * @return the server's WebSocket address.
     */
    public URI uri()
    {
        return URI.create("ws://127.0.0.1:" + engine.port() + "/ws");
    }

    /**
     * Stop the engine: every connection is sent close 1001.
     */
    public void close()
    {
        engine.close();
    }
}
