package io.netmon.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection the server chose to end (a response without keep-alive: {@code Connection: close},
 * HTTP/1.0, every error that closes) without resetting it. Closing a socket while the client's next
 * requests are still arriving makes the kernel answer them with a reset, and a reset throws away
 * whatever the client had not read yet: the answers it pipelined for, the error that explains why.
 * So once the last response is written the server only half-closes (its FIN follows every byte it
 * sent), discards what the client still sends, and closes when the client does, or after
 * {@link #LINGER_MILLIS}.
 *
 * <p>Sits between the codec and everything that writes responses, so it sees each response object.
 */
final class GracefulClose extends ChannelDuplexHandler {
    /** Set on a connection from the moment its last response is written: requests after it are not answered. */
    static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf("netmon.closing");
    /** How long a half-closed connection waits for the client to close its side. */
    static final long LINGER_MILLIS = 2000;

    private boolean closeAfterResponse;

    static boolean closing(Channel channel) {
        return channel.hasAttr(CLOSING);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // 100 Continue is not the answer: the one after it says whether the connection stays.
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            closeAfterResponse = !HttpUtil.isKeepAlive(response);
        }
        if (closeAfterResponse && msg instanceof LastHttpContent) {
            ctx.channel().attr(CLOSING).set(Boolean.TRUE);
            ChannelPromise written = promise.unvoid();
            written.addListener((ChannelFutureListener) future -> {
                if (future.isSuccess()) {
                    halfClose(future.channel());
                } else {
                    future.channel().close();
                }
            });
            ctx.write(msg, written);
            return;
        }
        ctx.write(msg, promise);
    }

    /** Sends FIN after everything written, drops what still comes in, and closes on the client's FIN or the linger timeout. */
    private static void halfClose(Channel channel) {
        if (!(channel instanceof SocketChannel socket)) {
            channel.close();
            return;
        }
        if (!socket.isActive() || socket.isOutputShutdown()) {
            return; // closed, or half-closed by an earlier response
        }
        channel.pipeline().addFirst("discard", new Discard());
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        socket.shutdownOutput().addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                future.channel().close();
            }
        });
    }

    /** Reads and drops what a client sends after the last response; its FIN closes the connection. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // nothing of it reaches the codec
        }
    }
}
