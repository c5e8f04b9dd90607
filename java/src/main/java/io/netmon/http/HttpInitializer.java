package io.netmon.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds each connection's pipeline; nothing else.
 *
 * <pre>
 * idle            no byte either way for IDLE_SECONDS closes            (IdleStateHandler, IdleCloser)
 * codec           HTTP/1.1 bytes to and from objects                    (HttpServerCodec)
 * close           a response without keep-alive ends the connection     (GracefulClose)
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

    HttpInitializer(Router router) {
        this.router = router;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast("idle-close", new IdleCloser());
        pipeline.addLast("codec", new HttpServerCodec());
        pipeline.addLast("close", new GracefulClose());
        pipeline.addLast("aggregator", new JsonAggregator(MAX_REQUEST_BYTES));
        pipeline.addLast("router", router);
    }
}
