package io.holdfast.ops.doctor;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.function.Function;

import static io.holdfast.engine.EngineConfiguration.LISTEN_ADDRESS_PROP_NAME;
import static io.holdfast.engine.EngineConfiguration.LISTEN_PORT_PROP_NAME;

/**
 * Whether a port the server listens on can be bound: bound and closed again, a FAIL when it cannot be. The bind
 * sets {@code SO_REUSEADDR} as the engine does, so connections of a stopped server in TIME_WAIT do not count, but
 * not the engine's {@code SO_REUSEPORT}: with it, a server still running as the same user would share the port
 * (and its connections) silently, which is exactly what an operator needs to hear about. Port 0 binds a free port,
 * so it checks only the address.
 */
final class PortCheck implements HostCheck
{
    static final String LISTEN_NAME = "listen port";
    static final String ADMIN_NAME = "admin port";

    private final String name;
    private final String what;
    private final String fix;
    /** The address the server would bind, unresolved; null when it binds none. */
    private final Function<PlannedServer, InetSocketAddress> address;
    /** The detail of an OK for a server that binds no such port. */
    private final String unbound;

    private PortCheck(final String name, final String what, final String fix,
        final Function<PlannedServer, InetSocketAddress> address, final String unbound)
    {
        this.name = name;
        this.what = what;
        this.fix = fix;
        this.address = address;
        this.unbound = unbound;
    }

    /**
     * @return the check of the WebSocket port, its lines worded as serve's own "cannot listen on".
     */
    static PortCheck listen()
    {
        return new PortCheck(LISTEN_NAME, "listen on", "set " + LISTEN_ADDRESS_PROP_NAME + " or " +
            LISTEN_PORT_PROP_NAME + " (0 picks a free port)",
            (server) -> InetSocketAddress.createUnresolved(
                server.engine().listenAddress(), server.engine().listenPort()), "");
    }

    /**
     * @return the check of the admin endpoint's port, OK when the endpoint is off.
     */
    static PortCheck admin()
    {
        return new PortCheck(ADMIN_NAME, "open the admin endpoint on", "set holdfast.admin.address or " +
            "holdfast.admin.port (0 picks a free port), or holdfast.admin.enabled=false",
            (server) -> server.adminEnabled() ?
                InetSocketAddress.createUnresolved(server.adminAddress(), server.adminPort()) : null,
            "admin endpoint off (holdfast.admin.enabled=false)");
    }

    public String name()
    {
        return name;
    }

    public Finding run(final PlannedServer server, final HostFacts host)
    {
        final InetSocketAddress configured = address.apply(server);
        if (configured == null)
        {
            return Finding.ok(name, unbound);
        }
        final String target = configured.getHostString() + ":" + configured.getPort();
        try (ServerSocketChannel channel = ServerSocketChannel.open())
        {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, Boolean.TRUE);
            channel.bind(new InetSocketAddress(configured.getHostString(), configured.getPort()));
        }
        catch (final UnresolvedAddressException ex)
        {
            return Finding.fail(name, "cannot " + what + " " + target + ": the address does not resolve", fix);
        }
        catch (final IOException ex)
        {
            final String inUse = ex instanceof BindException && String.valueOf(ex.getMessage()).contains("in use") ?
                " (ss -ltnp 'sport = :" + configured.getPort() + "' shows what listens there)" : "";
            return Finding.fail(name, "cannot " + what + " " + target + ": " + ex.getMessage() + inUse, fix);
        }
        return Finding.ok(name, target + (configured.getPort() == 0 ? " can be bound (a free port is picked)" :
            " is free"));
    }
}
