package io.netmon.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds each connection's pipeline, and counts the connections: one beyond
 * {@link ServerOptions#maxConnections()} is answered 503 and closed without reaching the router.
 *
 * <pre>
 * deadline-bytes  the first byte of a request starts its deadline      (RequestDeadline)
 * idle            no byte either way for IDLE_SECONDS closes            (IdleStateHandler, IdleCloser)
 * codec           HTTP/1.1 bytes to and from objects                    (HttpServerCodec)
 * close           a response without keep-alive ends the connection     (GracefulClose)
 * deadline-done   a request's last part stops its deadline              (RequestDeadline)
 * aggregator      one FullHttpRequest of at most MAX_REQUEST_BYTES       (JsonAggregator)
 * router          the answer                                            (Router)
 * </pre>
 */
final class HttpInitializer extends ChannelInitializer<SocketChannel> {
    /** Requests carry no body worth the name; anything bigger is answered 413 by the aggregator. */
    static final int MAX_REQUEST_BYTES = 16 * 1024;
    /** Idle keep-alive connections are closed after this long. */
    static final int IDLE_SECONDS = 60;

    private final Router router;
    private final ServerOptions options;
    private final AtomicInteger connections = new AtomicInteger();

    HttpInitializer(Router router, ServerOptions options) {
        this.router = router;
        this.options = options;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        int open = connections.incrementAndGet();
        channel.closeFuture().addListener(closed -> connections.decrementAndGet());
        ChannelPipeline pipeline = channel.pipeline();
        if (open > options.maxConnections()) {
            pipeline.addLast("codec", new HttpServerCodec());
            pipeline.addLast("close", new GracefulClose());
            pipeline.addLast("refuse", new Refuse(options.maxConnections()));
            return;
        }
        RequestDeadline deadline = new RequestDeadline(options.requestTimeout());
        pipeline.addLast("deadline-bytes", deadline.bytes());
        pipeline.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast("idle-close", new IdleCloser());
        pipeline.addLast("codec", new HttpServerCodec());
        pipeline.addLast("close", new GracefulClose());
        pipeline.addLast("deadline-done", deadline.messages());
        pipeline.addLast("aggregator", new JsonAggregator(MAX_REQUEST_BYTES));
        pipeline.addLast("router", router);
    }

    /** A connection over the cap: 503 at once, whatever it asks, then a graceful close. */
    private static final class Refuse extends ChannelInboundHandlerAdapter {
        private final int maxConnections;

        Refuse(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            FullHttpResponse response = Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many connections: "
                    + maxConnections + " are open, the limit set by --max-connections; try again later");
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
