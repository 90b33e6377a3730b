package io.holdfast.bench.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;

import java.nio.charset.StandardCharsets;

/**
 * What the peer does with a connection once Netty's handlers have decoded it: answers the text heartbeat
 * {@code {"type":"ping"}} with {@code {"type":"pong"}}, echoes every other data frame as it came (so with its type),
 * closes with 1001 when the {@code IdleStateHandler} reports no read for the idle time, counts the connection from
 * its handshake on, and answers an HTTP request for any path but /ws with 404. Stateless, so one instance serves
 * every channel. Ping, pong and close frames are handled by {@code WebSocketServerProtocolHandler}.
 */
@ChannelHandler.Sharable
final class PeerHandler extends ChannelInboundHandlerAdapter
{
    private static final ByteBuf PING = constant("{\"type\":\"ping\"}");
    private static final ByteBuf PONG = constant("{\"type\":\"pong\"}");

    private final ConnectionCount count;

    PeerHandler(final ConnectionCount count)
    {
        this.count = count;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object message)
    {
        if (message instanceof TextWebSocketFrame text && PING.equals(text.content()))
        {
            text.release();
            ctx.writeAndFlush(new TextWebSocketFrame(PONG.duplicate()));
        }
        else if (message instanceof WebSocketFrame)
        {
            ctx.writeAndFlush(message);
        }
        else if (message instanceof FullHttpRequest request)
        {
            final DefaultFullHttpResponse notFound =
                new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND);
            notFound.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            request.release();
            ctx.writeAndFlush(notFound).addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            ctx.fireChannelRead(message);
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
    {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
        {
            ctx.channel().closeFuture().addListener(count.opened());
        }
        else if (event instanceof IdleStateEvent)
        {
            // Before the handshake the encoder refuses the frame; the channel is closed either way.
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle timeout"))
                .addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    private static ByteBuf constant(final String text)
    {
        return Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }
}
