package io.netmon.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The time a request may take from its first byte to its last (headers and body): past it, the
 * connection is answered 408 and closed. An idle connection between requests has no deadline (the
 * idle timer closes it), and a stream's connection has none once its request is read. One per
 * connection, in two places of its pipeline: {@link #bytes()} before the codec sees a request begin,
 * {@link #messages()} after it sees the request end.
 *
 * <p>The timer is not scheduled and cancelled for every request of a keep-alive connection: a request
 * only notes when it began, and the one timer, when it fires, expires the request in progress, waits
 * for what is left of that request's time, or ends when no request is in progress (as Netty's
 * {@code IdleStateHandler} does).
 */
final class RequestDeadline {
    /** {@link #began} when no request is in progress. */
    private static final long NONE = Long.MIN_VALUE;

    private final Duration timeout;
    private ScheduledFuture<?> timer;
    /** {@link System#nanoTime()} at the first byte of the request in progress, or {@link #NONE}. */
    private long began = NONE;

    RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /** At the head of the pipeline: the first byte of a request starts the clock. */
    ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (began == NONE && msg instanceof ByteBuf bytes && bytes.isReadable() && open(ctx.channel())) {
                    began = System.nanoTime();
                    if (timer == null) {
                        schedule(ctx.channel(), timeout.toNanos());
                    }
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }
        };
    }

    /** After the codec: the end of a request (or a request the codec gave up on) stops the clock. */
    ChannelHandler messages() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof LastHttpContent || msg instanceof HttpObject object && object.decoderResult().isFailure()) {
                    began = NONE;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** Whether the connection still reads requests: not a stream, not on its way out. */
    private static boolean open(Channel channel) {
        return !channel.hasAttr(Router.STREAMING) && !GracefulClose.closing(channel);
    }

    private void schedule(Channel channel, long delayNanos) {
        timer = channel.eventLoop().schedule(() -> fire(channel), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        began = NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The timer: expire the request in progress, wait for the rest of its time, or end with none in progress. */
    private void fire(Channel channel) {
        timer = null;
        if (began == NONE) {
            return;
        }
        long left = began + timeout.toNanos() - System.nanoTime();
        if (left > 0) {
            schedule(channel, left);
            return;
        }
        began = NONE;
        if (!channel.isActive() || !open(channel)) {
            return;
        }
        FullHttpResponse response = Responses.error(HttpResponseStatus.REQUEST_TIMEOUT,
                "the request was not complete within " + seconds(timeout) + " (--request-timeout)");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(response);
    }

    /** {@code 10 s}, {@code 1.5 s}, {@code 250 ms}. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis >= 1000 ? millis / 1000.0 + " s" : millis + " ms";
    }
}
