package io.holdfast.engine;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real engine on 127.0.0.1 and a free port, for tests: closed (and its port freed) by try-with-resources.
 */
final class TestServer implements AutoCloseable
{
    private static final long PUBLISH_TIMEOUT_NS = 10_000_000_000L;

    private final Engine engine;

    private TestServer(final Engine engine)
    {
        this.engine = engine;
    }

    /**
     * Start an echo server with the default config, two workers.
     */
    static TestServer echo() throws IOException
    {
        return start(config -> {}, EchoHandler::new);
    }

    /**
     * Start a server; the customizer adjusts a config already set to 127.0.0.1, port 0 and two workers.
     */
    static TestServer start(final Consumer<EngineConfig> customizer, final HandlerFactory handlerFactory)
        throws IOException
    {
        final EngineConfig config = new EngineConfig().listenAddress("127.0.0.1").listenPort(0).workers(2);
        customizer.accept(config);
        return new TestServer(Engine.start(config, handlerFactory));
    }

    /**
     * Start a pub/sub server ({@link PubSubHandler}); the customizer adjusts the config as for {@link #start}.
     */
    static TestServer pubSub(final Consumer<EngineConfig> customizer) throws IOException
    {
        final EngineConfig[] config = new EngineConfig[1];
        return start(
            customized ->
            {
                customizer.accept(customized);
                config[0] = customized;
            },
            outbound -> new PubSubHandler(outbound, config[0]));
    }

    Engine engine()
    {
        return engine;
    }

    /**
     * Publish from the test's thread as a well-behaved application does: a publish refused because a worker's
     * command buffer is full (a worker starved of CPU on a busy machine) is retried shortly after. Allocates
     * nothing.
     */
    void publish(final String topic, final DirectBuffer data, final int offset, final int length)
    {
        final long deadline = System.nanoTime() + PUBLISH_TIMEOUT_NS;
        while (!engine.publish(topic, data, offset, length))
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("publish refused for " + PUBLISH_TIMEOUT_NS / 1_000_000 + " ms");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    int port()
    {
        return engine.port();
    }

    URI uri()
    {
        return URI.create("ws://127.0.0.1:" + engine.port() + "/ws");
    }

    /**
     * Wait until the engine reports the expected number of open connections.
     *
     * @throws AssertionError if it does not within the timeout.
     */
    void awaitConnectionCount(final long expected, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (engine.connectionCount() != expected)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError(
                    "expected " + expected + " open connections, engine reports " + engine.connectionCount());
            }
            Thread.sleep(10);
        }
    }

    /**
     * Wait until no connection holds a slot in any worker's table, refused handshakes included.
     */
    void awaitEmptyTable() throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.connectionTableSize() != 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertEquals(0, engine.connectionTableSize(), "connection slots in use");
    }

    public void close()
    {
        engine.close();
    }
}
