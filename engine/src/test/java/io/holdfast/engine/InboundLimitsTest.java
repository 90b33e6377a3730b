package io.holdfast.engine;

import io.holdfast.codec.close.CloseCodes;
import io.holdfast.codec.frame.Opcode;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import static io.holdfast.engine.RawClient.pattern;
import static io.holdfast.engine.RawClient.utf8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-connection inbound limits against real connections: a client over its message, byte or ping rate is
 * closed with 1008 and counted under the limit's reason, the handler never sees what broke the limit, and a client
 * within its bursts, or any client while the limits are off, is left alone. Every rate is one per second and every
 * test sends no more than a burst and one, all at once, so the refills in between cannot change the outcome.
 */
@Timeout(30)
final class InboundLimitsTest
{
    private static final int BURST = 5;
    private static final int BIG_MESSAGE = 40 << 10;
    private static final int MAX_MESSAGE = 64 << 10;
    private static final int FRAGMENTS = 4;
    private static final int LARGEST_FRAME_HEADER = 14;
    /** Frames of 6 bytes each (2 of header, 4 of mask): more than the byte burst holds. */
    private static final int EMPTY_FRAMES = (MAX_MESSAGE + LARGEST_FRAME_HEADER) / 6 + 1;
    private static final long WAIT_SECONDS = 10;

    private final CounterSums counters = new CounterSums(2);
    private final Queue<byte[]> handled = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Integer> handlerCloseCode = new CompletableFuture<>();
    private TestServer server;
    private RawClient client;

    @AfterEach
    void closeClientThenServer()
    {
        if (client != null)
        {
            client.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void closesAClientOverTheMessageRateWithoutHandlingTheMessageOverIt() throws Exception
    {
        start(config -> config.maxInboundMessagesRate(1).maxInboundMessagesBurst(BURST));
        client.sendFrames(Opcode.TEXT, utf8("within the burst or not"), BURST + 1);
        for (int i = 0; i < BURST; i++)
        {
            client.expectMessage(Opcode.TEXT, utf8("within the burst or not"));
        }
        expectPolicyClose(CloseReason.INBOUND_MESSAGE_RATE);
        assertEquals(BURST, handled.size(), "messages the handler saw");
    }

    @Test
    void closesAClientOverThePingRateWithoutAnsweringThePingOverIt() throws Exception
    {
        start(config -> config.maxInboundPingsRate(1).maxInboundPingsBurst(BURST));
        client.sendFrames(Opcode.PING, utf8("are you there"), 4 * BURST);
        for (int i = 0; i < BURST; i++)
        {
            final RawClient.Frame pong = client.readFrame();
            assertEquals(Opcode.PONG, pong.opcode(), "answer to ping " + (i + 1));
        }
        expectPolicyClose(CloseReason.PING_FLOOD);
        assertEquals(0, handled.size(), "messages the handler saw");
    }

    @Test
    void closesAClientOverTheByteRateInsideAFragmentedMessage() throws Exception
    {
        start(this::limitBytes);
        final byte[] first = pattern(BIG_MESSAGE);
        client.expectEcho(Opcode.BINARY, first);

        // The bucket has room for 24 KiB more: the third 10 KiB fragment breaks it, before the message is complete.
        final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        final int fragmentLength = BIG_MESSAGE / FRAGMENTS;
        for (int i = 0; i < FRAGMENTS; i++)
        {
            fragments.writeBytes(client.frame(i == FRAGMENTS - 1, 0, i == 0 ? Opcode.BINARY : Opcode.CONTINUATION,
                pattern(fragmentLength), true));
        }
        client.sendRaw(fragments.toByteArray());
        expectPolicyClose(CloseReason.INBOUND_BYTE_RATE);
        assertEquals(1, handled.size(), "messages the handler saw");
        assertArrayEquals(first, handled.peek(), "the message within the burst");
    }

    @Test
    void closesAClientFloodingEmptyFramesOverTheByteRate() throws Exception
    {
        start(this::limitBytes);
        final ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(client.frame(false, 0, Opcode.BINARY, new byte[0], true));
        for (int i = 1; i < EMPTY_FRAMES; i++)
        {
            frames.writeBytes(client.frame(false, 0, Opcode.CONTINUATION, new byte[0], true));
        }
        client.sendRaw(frames.toByteArray());
        expectPolicyClose(CloseReason.INBOUND_BYTE_RATE);
        assertEquals(0, handled.size(), "messages the handler saw");
    }

    @Test
    void closesAClientFloodingPongsOverTheByteRate() throws Exception
    {
        start(this::limitBytes);
        client.sendFrames(Opcode.PONG, new byte[0], EMPTY_FRAMES);
        expectPolicyClose(CloseReason.INBOUND_BYTE_RATE);
    }

    @Test
    void closesTheJdkClientOverTheByteRateWithBigMessages() throws Exception
    {
        start(this::limitBytes);
        final JdkWebSocketClient jdk = JdkWebSocketClient.connect(server.uri());
        try
        {
            final String big = "b".repeat(BIG_MESSAGE);
            assertEquals(big, jdk.roundTrip(big));
            jdk.sendText(big);
            assertEquals(CloseCodes.POLICY_VIOLATION, jdk.closeCode(), "close code the JDK client was told");
        }
        finally
        {
            jdk.webSocket().abort();
        }
        // The raw client connected first and has been quiet: another connection's close leaves it alone.
        client.expectEcho("still here");
        assertEquals(CloseCodes.POLICY_VIOLATION, handlerCloseCode.get(WAIT_SECONDS, SECONDS));
        assertEquals(1, counters.closedBy(CloseReason.INBOUND_BYTE_RATE), "closed for the byte rate");
        assertEquals(2, handled.size(), "messages the handler saw: one from each client");
    }

    @Test
    void leavesAClientWithinItsBurstsAlone() throws Exception
    {
        // The byte burst has room for the messages' payload and 1 KiB for the frame headers and the pings.
        start(config -> config
            .maxInboundMessagesRate(1).maxInboundMessagesBurst(BURST)
            .maxInboundBytesRate(1).maxInboundBytesBurst(EngineConfiguration.MAX_MESSAGE_DEFAULT + (1 << 10))
            .maxInboundPingsRate(1).maxInboundPingsBurst(BURST));
        expectAllAnswered(Opcode.BINARY, pattern(EngineConfiguration.MAX_MESSAGE_DEFAULT / BURST), BURST, BURST);
    }

    @Test
    void limitsNothingByDefault() throws Exception
    {
        start(config -> {});
        expectAllAnswered(Opcode.TEXT, utf8("one of many"), 1_000, 1_000);
    }

    /**
     * A byte burst of the largest message in one frame: a second message of 40 KiB, fragmented or not, goes over it.
     */
    private void limitBytes(final EngineConfig config)
    {
        config.maxMessage(MAX_MESSAGE).maxFrame(MAX_MESSAGE).maxInboundBytesRate(1)
            .maxInboundBytesBurst(MAX_MESSAGE + LARGEST_FRAME_HEADER);
    }

    /**
     * Start an echo server whose handlers record what they handle and the close, and open the raw client.
     */
    private void start(final Consumer<EngineConfig> customizer) throws IOException
    {
        server = TestServer.start(config -> customizer.accept(config.countersManager(counters.manager())),
            outbound -> new RecordingEcho(new EchoHandler(outbound)));
        counters.index();
        client = RawClient.open(server.port());
    }

    /**
     * Send the messages, then the pings, all at once: each must be handled and answered, in whatever order the server
     * interleaves echoes and pongs, and the connection must stay open until the client closes it.
     */
    private void expectAllAnswered(final int opcode, final byte[] payload, final int messages, final int pings)
        throws Exception
    {
        client.sendFrames(opcode, payload, messages);
        client.sendFrames(Opcode.PING, utf8("ping"), pings);
        int echoes = 0;
        int pongs = 0;
        while (echoes < messages || pongs < pings)
        {
            final RawClient.Frame frame = client.readFrame();
            if (frame.opcode() == Opcode.PONG)
            {
                pongs++;
            }
            else
            {
                assertEquals(opcode, frame.opcode(), "echo " + (echoes + 1));
                assertArrayEquals(payload, frame.payload(), "echo " + (echoes + 1));
                echoes++;
            }
        }
        assertEquals(messages, handled.size(), "messages the handler saw");
        client.closeNormally();

        assertEquals(CloseCodes.NORMAL, handlerCloseCode.get(WAIT_SECONDS, SECONDS));
        assertEquals(1, counters.closedBy(CloseReason.CLIENT_CLOSE), "closed by the client");
    }

    /**
     * The next frame must be the close for going over the limit; then the client ends, as the server waits for, and
     * the handler, the counters and the reason must all say why.
     */
    private void expectPolicyClose(final CloseReason reason) throws Exception
    {
        final RawClient.Frame close = client.readFrame();
        assertEquals(Opcode.CLOSE, close.opcode(), "frame after the last one within the limit");
        assertEquals(CloseCodes.POLICY_VIOLATION, close.closeCode(), "close code");
        assertEquals(reason.label(), close.closeReason(), "close reason");
        client.close();

        assertEquals(CloseCodes.POLICY_VIOLATION, handlerCloseCode.get(WAIT_SECONDS, SECONDS));
        assertEquals(1, counters.closedBy(reason), "closed for " + reason.label());
        assertTrue(Arrays.stream(CloseReason.values()).filter(other -> other != reason)
            .allMatch(other -> counters.closedBy(other) == 0), "closed for any other reason");
    }

    /**
     * Echoes, recording a copy of each message it handles and the close code of the first connection to close.
     */
    private final class RecordingEcho implements WebSocketHandler
    {
        private final EchoHandler echo;

        RecordingEcho(final EchoHandler echo)
        {
            this.echo = echo;
        }

        public void onOpen(final long connectionId)
        {
        }

        public void onMessage(
            final long connectionId, final DirectBuffer buffer, final int offset, final int length, final boolean isText)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            handled.add(copy);
            echo.onMessage(connectionId, buffer, offset, length, isText);
        }

        public void onClose(final long connectionId, final int code)
        {
            handlerCloseCode.complete(code);
        }
    }
}
