package io.holdfast.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * The Netty peer of holdfast's benchmark: a WebSocket server on 127.0.0.1:PORT path /ws with holdfast's default
 * semantics, built the way Netty's own WebSocket example builds one.
 * <p>
 * Usage: {@code java -jar holdfast-netty-peer.jar PORT IDLE_SECONDS}. The native epoll transport is used where it
 * loads, as Netty servers on Linux commonly do, unless the environment sets {@code NETTY_TRANSPORT=nio}; the event
 * loop group has Netty's default size (twice the processors).
 */
public final class NettyPeer
{
    private static final int STATUS_INTERVAL_SECONDS = 10;
    /** holdfast's default largest frame, where Netty's default is 64 KiB. */
    private static final int MAX_FRAME_BYTES = 1 << 20;
    /** The largest upgrade request, as in Netty's WebSocket example. */
    private static final int MAX_REQUEST_BYTES = 65536;
    /** holdfast's default listen backlog. */
    private static final int BACKLOG = 4096;

    private NettyPeer()
    {
    }

    /**
     * Serves until the process is killed.
     *
     * @param args PORT and IDLE_SECONDS.
     * @throws InterruptedException if interrupted while serving.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length != 2)
        {
            System.err.println("usage: java -jar holdfast-netty-peer.jar PORT IDLE_SECONDS");
            System.exit(2);
        }
        final int port = Integer.parseInt(args[0]);
        final int idleSeconds = Integer.parseInt(args[1]);
        final boolean epoll = !"nio".equals(System.getenv("NETTY_TRANSPORT")) && Epoll.isAvailable();
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        final Class<? extends ServerChannel> channelType =
            epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        final ConnectionCount count = new ConnectionCount();
        final PeerHandler handler = new PeerHandler(count);
        final WebSocketServerProtocolConfig webSocket = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws")
            .maxFramePayloadLength(MAX_FRAME_BYTES)
            .build();
        try
        {
            final Channel server = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline().addLast(
                            new IdleStateHandler(idleSeconds, 0, 0),
                            new HttpServerCodec(),
                            new HttpObjectAggregator(MAX_REQUEST_BYTES),
                            new WebSocketServerProtocolHandler(webSocket),
                            handler);
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
            System.err.println("netty peer: " + (epoll ? "epoll" : "NIO") + " transport, " +
                group.executorCount() + " event loops");
            group.scheduleAtFixedRate(
                count::reportIfChanged, STATUS_INTERVAL_SECONDS, STATUS_INTERVAL_SECONDS, TimeUnit.SECONDS);
            server.closeFuture().sync();
        }
        finally
        {
            group.shutdownGracefully();
        }
    }
}
