package io.holdfast.engine;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler's say at handshake time, over real sockets: it sees the request's path, query, headers and peer
 * address, accepts or refuses with a status, and a handler that fails or answers a status it may not use gets 500
 * with the failure reported; refusals are counted and keep no connection slot.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class HandshakeHookTest
{
    private final CounterSums counters = new CounterSums(2);
    private final Queue<String> seen = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

    @Test
    void theHandlerSeesTheRequestAndAcceptsIt() throws Exception
    {
        try (TestServer server = startServer();
            RawClient client = RawClient.connect(server.port()))
        {
            client.expectSwitchingProtocols(client.sendHandshake(RawClient.PATH + "?tenant=acme",
                "X-Tenant:  acme \r\nx-request-id: 7\r\n"));
            client.expectEcho("accepted by the handler");
            assertEquals(List.of(RawClient.PATH + " tenant=acme acme 7 127.0.0.1"), List.copyOf(seen));
        }
    }

    @Test
    void theHandlerRefusesWithItsStatus() throws Exception
    {
        try (TestServer server = startServer())
        {
            expectStatus(server, "", 403);
            expectStatus(server, "X-Tenant: busy\r\n", 429);
            assertEquals(1, counters.rejected(HandshakeRejection.HANDLER_FORBIDDEN));
            assertEquals(1, counters.rejected(HandshakeRejection.HANDLER_TOO_MANY_REQUESTS));
            assertEquals(List.of(), List.copyOf(errors));
            server.awaitEmptyTable();
        }
    }

    @Test
    void aFailingHandlerOrAStatusItMayNotUseGets500() throws Exception
    {
        try (TestServer server = startServer())
        {
            expectStatus(server, "X-Tenant: teapot\r\n", 500);
            expectStatus(server, "X-Tenant: throw\r\n", 500);
            assertEquals(2, counters.rejected(HandshakeRejection.HANDLER_ERROR));
            assertEquals(2, errors.size());
            assertTrue(errors.peek().getMessage().startsWith("onHandshake returned 418"), errors.peek().getMessage());
            server.awaitEmptyTable();
        }
    }

    private static void expectStatus(final TestServer server, final String headers, final int status)
        throws IOException
    {
        try (RawClient client = RawClient.connect(server.port()))
        {
            client.sendHandshake(RawClient.PATH, headers);
            assertEquals(status, client.readHttpHead().status(), headers);
            client.readToEnd();
        }
    }

    private TestServer startServer() throws IOException
    {
        final TestServer server = TestServer.start(
            config -> config.countersManager(counters.manager()).errorHandler(errors::add), TenantGate::new);
        counters.index();
        return server;
    }

    /**
     * Lets in requests naming a tenant, refuses the others, and misbehaves on request.
     */
    private final class TenantGate implements WebSocketHandler
    {
        private final Outbound outbound;

        TenantGate(final Outbound outbound)
        {
            this.outbound = outbound;
        }

        public int onHandshake(final long connectionId, final UpgradeRequest request)
        {
            final CharSequence tenant = request.header("x-tenant");
            if (tenant == null)
            {
                return 403;
            }
            final String name = tenant.toString();
            switch (name)
            {
                case "busy":
                    return 429;
                case "teapot":
                    return 418;
                case "throw":
                    throw new IllegalStateException("handler failed");
                default:
                    final String remote = ((InetSocketAddress)request.remoteAddress()).getAddress().getHostAddress();
                    seen.add(request.path() + " " + request.query() + " " + name + " " +
                        request.header("X-Request-Id") + " " + remote);
                    return UpgradeRequest.ACCEPT;
            }
        }

        public void onOpen(final long connectionId)
        {
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
