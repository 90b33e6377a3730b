package io.holdfast.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Who may connect, over real sockets: the {@code Origin} allowlist answers 403, the per-address connection limit
 * and handshake rate answer 429 (clients bound to several 127.0.0.x addresses, so one address's limit leaves
 * another alone), every refusal is counted by its status, and none of them keeps a connection slot.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class HandshakeChecksTest
{
    private static final List<String> ORIGINS = List.of("https://app.example.com", "https://*.example.org:8443");

    private final CounterSums counters = new CounterSums(2);

    @ParameterizedTest
    @CsvSource({
        "https://app.example.com, 101",
        "HTTPS://APP.Example.COM, 101",
        "https://a.b.example.org:8443, 101",
        "https://example.org:8443, 403",
        "https://a.example.org, 403",
        "https://evil.example.com, 403",
        "https://app.example.com.evil.net, 403",
        "http://app.example.com, 403",
        "null, 403",
    })
    void anOriginOutsideTheAllowlistGets403(final String origin, final int status) throws Exception
    {
        try (TestServer server = startServer(config -> config.allowedOrigins(ORIGINS));
            RawClient client = RawClient.connect(server.port()))
        {
            client.sendHandshake(RawClient.PATH, "Origin: " + origin + "\r\n");
            assertEquals(status, client.readHttpHead().status(), origin);
        }
    }

    @Test
    void aClientWithoutOriginIsAllowedUnlessOriginIsRequired() throws Exception
    {
        try (TestServer server = startServer(config -> config.allowedOrigins(ORIGINS));
            RawClient client = RawClient.open(server.port()))
        {
            client.expectEcho("no origin, not required");
        }
        try (TestServer server = startServer(config -> config.allowedOrigins(List.of("*")).requireOrigin(true));
            RawClient without = RawClient.connect(server.port());
            RawClient with = RawClient.connect(server.port()))
        {
            without.sendHandshake(RawClient.PATH);
            assertEquals(403, without.readHttpHead().status());
            with.expectSwitchingProtocols(with.sendHandshake(RawClient.PATH, "Origin: https://any.example\r\n"));
            assertEquals(1, counters.rejected(HandshakeRejection.ORIGIN_NOT_ALLOWED));
        }
    }

    @Test
    void theConnectionOverAnAddressLimitGets429WhileOtherAddressesConnect() throws Exception
    {
        final List<RawClient> clients = new ArrayList<>();
        try (TestServer server = startServer(config -> config.maxConnectionsPerAddress(20)))
        {
            for (int i = 0; i < 20; i++)
            {
                clients.add(RawClient.openFrom(server.port(), "127.0.0.2"));
            }
            try (RawClient refused = RawClient.connectFrom(server.port(), "127.0.0.2");
                RawClient other = RawClient.openFrom(server.port(), "127.0.0.3"))
            {
                refused.sendHandshake(RawClient.PATH);
                assertEquals(429, refused.readHttpHead().status());
                other.expectEcho("another address");
            }

            clients.remove(0).closeNormally();
            server.awaitConnectionCount(19, Duration.ofSeconds(10));
            clients.add(RawClient.openFrom(server.port(), "127.0.0.2"));
            assertEquals(1, counters.rejected(HandshakeRejection.ADDRESS_CONNECTION_LIMIT));
            clients.forEach(RawClient::close);
            clients.clear();
            server.awaitConnectionCount(0, Duration.ofSeconds(10));
            server.awaitEmptyTable();
        }
        finally
        {
            clients.forEach(RawClient::close);
        }
    }

    @Test
    void aHandshakeBurstOverTheAddressRateGets429() throws Exception
    {
        try (TestServer server = startServer(config -> config.handshakeRatePerAddress(1).handshakeBurstPerAddress(5)))
        {
            for (int i = 0; i < 5; i++)
            {
                try (RawClient client = RawClient.openFrom(server.port(), "127.0.0.4"))
                {
                    client.closeNormally();
                }
            }
            try (RawClient refused = RawClient.connectFrom(server.port(), "127.0.0.4");
                RawClient other = RawClient.openFrom(server.port(), "127.0.0.5"))
            {
                refused.sendHandshake(RawClient.PATH);
                assertEquals(429, refused.readHttpHead().status());
                other.expectEcho("another address has its own bucket");
            }
            assertEquals(1, counters.rejected(HandshakeRejection.ADDRESS_HANDSHAKE_RATE));
            server.awaitConnectionCount(0, Duration.ofSeconds(10));
            server.awaitEmptyTable();
        }
    }

    private TestServer startServer(final Consumer<EngineConfig> customizer) throws IOException
    {
        final TestServer server = TestServer.start(config ->
        {
            config.countersManager(counters.manager());
            customizer.accept(config);
        }, EchoHandler::new);
        counters.index();
        return server;
    }
}
