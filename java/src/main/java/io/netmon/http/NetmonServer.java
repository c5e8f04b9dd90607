package io.netmon.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.Errors;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.Closeable;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: owns its event loop and its listening channel; {@link #close()} stops both gracefully.
 *
 * <p>One event loop thread accepts and serves every connection, on Linux's epoll through Netty's native
 * transport (Java's NIO where that cannot load, or with {@code -Dio.netty.transport.noNative=true}). A
 * node's agent should not take more than a core to answer its scrapes, and measured side by side one
 * loop answers {@code /network} with a shorter tail at 10 interfaces and as many requests a second
 * at 1,000 and 4,000 as two (docs/BENCHMARKS.md, "Changes since the run before, each measured side by
 * side"): every answer is either cached or cheap, so nothing waits long behind another.
 */
public final class NetmonServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(NetmonServer.class);
    /** The longest {@link #close()} waits for the listening channel and the event loop, both together. */
    static final long CLOSE_SECONDS = 5;
    /** How long the event loop may go on running its queued tasks once asked to stop. */
    private static final long QUIET_TIMEOUT_SECONDS = 2;
    /** The event loop thread's name (in thread dumps and top -H). */
    private static final String THREAD_NAME = "netmon-http";

    private final EventLoopGroup loop;
    private final Channel channel;

    private NetmonServer(EventLoopGroup loop, Channel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    /** With the transport's default bounds ({@link ServerOptions#defaults()}). */
    public static NetmonServer start(InetSocketAddress address, Router router) throws InterruptedException, BindException {
        return start(address, router, ServerOptions.defaults());
    }

    /**
     * Binds {@code address} (port 0 picks a free one) and starts serving {@code router} within {@code options}.
     *
     * @throws BindException when the address cannot be listened on (in use, not this host's, not allowed),
     *     whichever the transport
     */
    public static NetmonServer start(InetSocketAddress address, Router router, ServerOptions options)
            throws InterruptedException, BindException {
        boolean epoll = Epoll.isAvailable();
        if (!epoll) {
            LOG.info("serving through Java's NIO: Netty's epoll transport is not available ({})",
                    Epoll.unavailabilityCause().toString());
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(THREAD_NAME), io);
        boolean started = false;
        try {
            Channel channel = bind(new ServerBootstrap()
                    .group(loop)
                    .channel(type)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new HttpInitializer(router, options)), address);
            started = true;
            return new NetmonServer(loop, channel);
        } finally {
            if (!started) {
                loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
        }
    }

    /** NIO fails a bind with a {@link BindException}, epoll with its own exception and errno: this says the former for both. */
    private static Channel bind(ServerBootstrap bootstrap, InetSocketAddress address) throws InterruptedException, BindException {
        try {
            return bootstrap.bind(address).sync().channel();
        } catch (Exception e) {
            if (e instanceof Errors.NativeIoException failed) {
                BindException bind = new BindException(failed.getMessage());
                bind.initCause(failed);
                throw bind;
            }
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** Blocks until the listening channel closes. */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }

    /**
     * Stops accepting, closes every connection and stops the event loop, waiting at most
     * {@link #CLOSE_SECONDS} in all: a loop that does not give its thread back in that time (a task
     * that never returns) is left behind with a warning, never waited for, so a shutdown always ends.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_SECONDS);
        boolean closed = channel.close().awaitUninterruptibly(CLOSE_SECONDS, TimeUnit.SECONDS);
        Future<?> loopDone = loop.shutdownGracefully(0, QUIET_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        boolean stopped = loopDone.awaitUninterruptibly(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        if (closed && stopped) {
            LOG.info("server on {} stopped", channel.localAddress());
        } else {
            LOG.warn("server on {} not stopped within {} s (listening channel closed: {}, event loop stopped: {});"
                    + " leaving it behind", channel.localAddress(), CLOSE_SECONDS, closed, stopped);
        }
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
