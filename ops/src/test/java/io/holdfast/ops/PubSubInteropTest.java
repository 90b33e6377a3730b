package io.holdfast.ops;

import io.holdfast.ops.client.PubSubServer;
import io.holdfast.ops.client.SbePubSubClient;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Browser-style JSON clients nobody on the project wrote, Debian's python3-websockets and npm's ws, subscribe on a
 * real pub/sub engine next to the SBE Java client and receive what it and {@code Engine.publish} publish. Each runs
 * a script from {@code src/test/resources/interop} (fed on stdin) that subscribes, publishes its cue to the ready
 * topic, checks the two messages and an error reply, and prints {@code OK} last.
 * <p>
 * A missing client skips its test on a developer machine but fails it when {@code CI} is set: {@code .ci/run}
 * installs both.
 */
@Timeout(value = 90, unit = SECONDS)
final class PubSubInteropTest
{
    /** Debian's interpreter, which has python3-websockets; the {@code python3} on PATH may be another one. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final String NODE_PATH_VARIABLE = "HOLDFAST_NODE_PATH";
    private static final long WAIT_SECONDS = 25;
    private static final String READY_TOPIC = "interop/ready";
    private static final String NEWS_TOPIC = "interop/news";
    private static final byte[] FROM_SBE = "{\"from\":\"sbe\",\"text\":\"caf\u00e9\"}".getBytes(UTF_8);
    private static final byte[] FROM_ENGINE = "{\"from\":\"engine\",\"n\":[1,2,3]}".getBytes(UTF_8);

    @Test
    void pythonWebsocketsReceivesSbeAndServerPublishes() throws Exception
    {
        final Path python = Path.of(PYTHON);
        requireClient(
            Files.isExecutable(python) && ExternalTool.run("import websockets\n", python, "-").status() == 0,
            PYTHON + " cannot import websockets: install the Debian package python3-websockets");
        runAgainstPubSubServer("python", script("pubsub_client.py"), python);
    }

    @Test
    void nodeWsReceivesSbeAndServerPublishes() throws Exception
    {
        final String nodePath = System.getenv(NODE_PATH_VARIABLE);
        requireClient(
            nodePath != null && !nodePath.isEmpty(),
            NODE_PATH_VARIABLE + " is not set: point it at a node_modules directory holding npm's ws (.ci/run does)");
        final Path node = ExternalTool.require("node", "nodejs");
        runAgainstPubSubServer("node", script("pubsub_client.js"), node, nodePath);
    }

    /**
     * Start the script's client, wait for its cue on the ready topic, publish the two messages it expects and check
     * it passed.
     *
     * @param client    the name the script puts in its cue.
     * @param extraArgs after the server's address.
     */
    private static void runAgainstPubSubServer(
        final String client, final String script, final Path program, final String... extraArgs) throws Exception
    {
        final CompletableFuture<byte[]> cue = new CompletableFuture<>();
        try (PubSubServer server = PubSubServer.start();
            SbePubSubClient sbe = SbePubSubClient.connect(server.uri(), (topic, data) -> cue.complete(data))
                .get(WAIT_SECONDS, SECONDS))
        {
            sbe.subscribe(READY_TOPIC).get(WAIT_SECONDS, SECONDS);
            final String[] args = new String[2 + extraArgs.length];
            args[0] = "-";
            args[1] = server.uri().toString();
            System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
            final CompletableFuture<ExternalTool.Output> run = runInBackground(script, program, args);

            CompletableFuture.anyOf(cue, run).get(WAIT_SECONDS, SECONDS);
            if (!cue.isDone())
            {
                fail(client + " ended before subscribing:\n" + run.join().text());
            }
            assertEquals("{\"client\":\"" + client + "\"}", new String(cue.join(), UTF_8));
            sbe.publish(NEWS_TOPIC, FROM_SBE).get(WAIT_SECONDS, SECONDS);
            assertTrue(server.engine().publish(NEWS_TOPIC, new UnsafeBuffer(FROM_ENGINE), 0, FROM_ENGINE.length));

            final ExternalTool.Output output = run.get(WAIT_SECONDS + WAIT_SECONDS, SECONDS);
            output.assertSucceeded(client + " pub/sub client");
            final String[] lines = output.text().strip().split("\\R");
            assertEquals("OK", lines[lines.length - 1].strip(), output::text);
        }
    }

    /**
     * Run the client on its own thread, so this one can publish while it waits; {@link ExternalTool#run} bounds it
     * and kills it when it overruns.
     */
    private static CompletableFuture<ExternalTool.Output> runInBackground(
        final String script, final Path program, final String... args)
    {
        return CompletableFuture.supplyAsync(
            () ->
            {
                try
                {
                    return ExternalTool.run(script, program, args);
                }
                catch (final Exception ex)
                {
                    throw new CompletionException(ex);
                }
            },
            task -> new Thread(task, "interop-client").start());
    }

    private static String script(final String name) throws IOException
    {
        try (InputStream in = PubSubInteropTest.class.getResourceAsStream("/interop/" + name))
        {
            if (in == null)
            {
                fail("test resource interop/" + name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private static void requireClient(final boolean available, final String reason)
    {
        if (!available && System.getenv("CI") != null)
        {
            fail(reason + " (CI must provide this client; .ci/run installs it)");
        }
        Assumptions.assumeTrue(available, reason);
    }
}
