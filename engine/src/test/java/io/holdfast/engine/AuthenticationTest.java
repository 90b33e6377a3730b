package io.holdfast.engine;

import io.holdfast.codec.frame.Opcode;
import io.holdfast.codec.jwt.TestTokens;
import io.holdfast.codec.protocol.ErrorCode;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.holdfast.codec.jwt.TestTokens.HS256_HEADER;
import static io.holdfast.codec.jwt.TestTokens.SECRET;
import static io.holdfast.codec.jwt.TestTokens.part;
import static io.holdfast.codec.jwt.TestTokens.secondsFromNow;
import static io.holdfast.codec.jwt.TestTokens.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * JWT authentication over real sockets: a valid HS256 token opens the connection from each place a client can put
 * it, and its subject reaches the handler; every bad token, and none, gets 401 with its own reason, counted, and
 * keeps no connection slot; the token's topic prefixes limit what a pub/sub client may subscribe and publish to.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class AuthenticationTest
{
    private static final String SUBJECT = "user-42";

    private final CounterSums counters = new CounterSums(2);
    private final Queue<HandshakeRejection> rejections = new ConcurrentLinkedQueue<>();
    private final Queue<String> subjects = new ConcurrentLinkedQueue<>();

    @Test
    void aValidTokenInTheAuthorizationHeaderOpensTheConnectionAndNamesItsSubject() throws Exception
    {
        try (TestServer server = startServer(config -> {});
            RawClient client = RawClient.connect(server.port()))
        {
            client.expectSwitchingProtocols(client.sendHandshake(RawClient.PATH,
                "Authorization: bearer " + validToken() + "\r\n"));
            client.expectEcho("authenticated");
            assertEquals(List.of("handshake " + SUBJECT, "open " + SUBJECT), List.copyOf(subjects));
        }
    }

    @Test
    void aValidTokenInTheQueryOpensTheConnection() throws Exception
    {
        try (TestServer server = startServer(config -> {});
            RawClient client = RawClient.connect(server.port()))
        {
            client.expectSwitchingProtocols(
                client.sendHandshake(RawClient.PATH + "?room=1&access_token=" + validToken() + "&x=y"));
            client.expectEcho("authenticated");
        }
    }

    @Test
    void aTokenInTheSubprotocolHeaderOpensTheConnectionAndTheApplicationProtocolIsSelected() throws Exception
    {
        try (TestServer server = startServer(config -> config.subprotocols(List.of("chat.v1")));
            RawClient client = RawClient.connect(server.port()))
        {
            final String key = client.sendHandshake(RawClient.PATH,
                "Sec-WebSocket-Protocol: chat.v1, bearer." + validToken() + "\r\n");
            final RawClient.HttpHead head = client.readHttpHead();
            assertEquals(101, head.status());
            assertEquals(RawClient.acceptFor(key), head.header("Sec-WebSocket-Accept"));
            assertEquals("chat.v1", head.header("Sec-WebSocket-Protocol"), "the application's, never the token");
            client.expectEcho("authenticated");
        }
    }

    @Test
    void anExpiredTokenGets401() throws Exception
    {
        expectRefused("Authorization: Bearer " + signed("{\"exp\":" + secondsFromNow(-120) + "}"),
            HandshakeRejection.TOKEN_EXPIRED);
    }

    @Test
    void aTokenNotYetValidGets401() throws Exception
    {
        expectRefused("Authorization: Bearer " + signed("{\"nbf\":" + secondsFromNow(600) + "}"),
            HandshakeRejection.TOKEN_NOT_YET_VALID);
    }

    @Test
    void aForgedSignatureGets401() throws Exception
    {
        final byte[] guessed = "a-secret-that-is-not-the-server!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        expectRefused("Authorization: Bearer " + TestTokens.signed(HS256_HEADER, "{\"sub\":\"admin\"}", guessed),
            HandshakeRejection.TOKEN_SIGNATURE);
    }

    @Test
    void anUnsignedTokenWithAlgNoneGets401() throws Exception
    {
        expectRefused("Authorization: Bearer " + part("{\"alg\":\"none\"}") + "." + part("{\"sub\":\"admin\"}") + ".",
            HandshakeRejection.TOKEN_ALGORITHM);
    }

    @Test
    void aMalformedTokenGets401() throws Exception
    {
        expectRefused("Authorization: Bearer not.a-token", HandshakeRejection.TOKEN_MALFORMED);
    }

    @Test
    void noTokenGets401() throws Exception
    {
        expectRefused("Authorization: Basic dXNlcjpwYXNz", HandshakeRejection.TOKEN_MISSING);
    }

    @Test
    void topicsOutsideTheTokensPrefixesAreForbidden() throws Exception
    {
        final String token = signed("{\"sub\":\"" + SUBJECT + "\",\"topics\":[\"news.\",\"chat/1\"]}");
        try (TestServer server = TestServer.pubSub(config -> authenticated(config).topicPermissions(true));
            RawClient client = RawClient.connect(server.port()))
        {
            client.expectSwitchingProtocols(client.sendHandshake(RawClient.PATH, "Authorization: Bearer " + token +
                "\r\n"));
            client.sendText(TopicsTest.request("subscribe", "news.sport"));
            TopicsTest.expectText(client, "{\"type\":\"subscribed\",\"topic\":\"news.sport\"}");
            client.sendText(TopicsTest.request("subscribe", "chat/2"));
            TopicsTest.expectError(client, "forbidden");
            client.sendText("{\"type\":\"publish\",\"topic\":\"chat/2\",\"data\":1}");
            TopicsTest.expectError(client, "forbidden");
            client.sendFrame(true, Opcode.BINARY, TopicsTest.subscribe(7, "other"));
            TopicsTest.expectBinaryError(client, 7, ErrorCode.FORBIDDEN);

            client.sendText("{\"type\":\"publish\",\"topic\":\"news.sport\",\"data\":1}");
            TopicsTest.expectText(client, "{\"type\":\"message\",\"topic\":\"news.sport\",\"data\":1}");
        }
    }

    @Test
    void aTokenWithoutTopicsMayUseNoTopicWhenTopicsAreChecked() throws Exception
    {
        try (TestServer server = TestServer.pubSub(config -> authenticated(config).topicPermissions(true));
            RawClient client = RawClient.connect(server.port()))
        {
            client.expectSwitchingProtocols(client.sendHandshake(RawClient.PATH, "Authorization: Bearer " +
                validToken() + "\r\n"));
            client.sendText(TopicsTest.request("subscribe", "news.sport"));
            TopicsTest.expectError(client, "forbidden");
        }
    }

    @Test
    void theConfigurationRefusesAuthenticationWithoutAStrongSecretAndTopicChecksWithoutAuthentication()
    {
        assertEquals("holdfast.auth=jwt needs an HS256 secret of at least 32 bytes in holdfast.auth.jwt.secret.file",
            refusal(new EngineConfig().auth(AuthMode.JWT)));
        assertEquals("holdfast.auth=jwt needs an HS256 secret of at least 32 bytes in holdfast.auth.jwt.secret.file" +
            ", which holds 8", refusal(new EngineConfig().auth(AuthMode.JWT).jwtSecret(new byte[8])));
        assertEquals("holdfast.auth.topics=true needs holdfast.auth=jwt: topic prefixes come from each " +
            "connection's token", refusal(new EngineConfig().topicPermissions(true)));
    }

    private void expectRefused(final String header, final HandshakeRejection rejection) throws Exception
    {
        try (TestServer server = startServer(config -> {}))
        {
            try (RawClient client = RawClient.connect(server.port()))
            {
                client.sendHandshake(RawClient.PATH, header + "\r\n");
                final RawClient.HttpHead head = client.readHttpHead();
                assertEquals(401, head.status());
                assertEquals("Bearer", head.header("WWW-Authenticate"));
                client.readToEnd();
            }
            assertEquals(List.of(rejection), List.copyOf(rejections));
            assertEquals(1, counters.rejected(rejection));
            assertEquals(List.of(), List.copyOf(subjects), "the handler never sees a refused request");
            server.awaitEmptyTable();
        }
    }

    private TestServer startServer(final Consumer<EngineConfig> customizer) throws IOException
    {
        final TestServer server = TestServer.start(config ->
        {
            authenticated(config).countersManager(counters.manager()).events(new EngineEvents()
            {
                public void onHandshakeRejected(final HandshakeRejection rejection)
                {
                    rejections.add(rejection);
                }
            });
            customizer.accept(config);
        }, SubjectRecordingEcho::new);
        counters.index();
        return server;
    }

    private static EngineConfig authenticated(final EngineConfig config)
    {
        return config.auth(AuthMode.JWT).jwtSecret(SECRET);
    }

    private static String validToken()
    {
        return signed("{\"sub\":\"" + SUBJECT + "\",\"exp\":" + secondsFromNow(300) + "}");
    }

    private static String refusal(final EngineConfig config)
    {
        try
        {
            config.validate();
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
    }

    /**
     * Echoes, and notes the subject the handshake hook and the outbound report.
     */
    private final class SubjectRecordingEcho implements WebSocketHandler
    {
        private final Outbound outbound;

        SubjectRecordingEcho(final Outbound outbound)
        {
            this.outbound = outbound;
        }

        public int onHandshake(final long connectionId, final UpgradeRequest request)
        {
            subjects.add("handshake " + request.subject());
            assertNull(request.header("X-Missing"));
            return UpgradeRequest.ACCEPT;
        }

        public void onOpen(final long connectionId)
        {
            subjects.add("open " + outbound.subject(connectionId));
        }

        public void onMessage(
            final long connectionId, final DirectBuffer buffer, final int offset, final int length,
            final boolean isText)
        {
            outbound.send(connectionId, buffer, offset, length, isText);
        }

        public void onClose(final long connectionId, final int code)
        {
        }
    }
}
