package io.netmon.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.Future;
import java.io.Closeable;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: owns its event loops and its listening channel; {@link #close()} stops both gracefully. */
public final class NetmonServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(NetmonServer.class);
    /** The longest {@link #close()} waits for the listening channel and the event loops, all together. */
    static final long CLOSE_SECONDS = 5;
    /** How long each event loop may go on running its queued tasks once asked to stop. */
    private static final long QUIET_TIMEOUT_SECONDS = 2;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private NetmonServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /** With the transport's default bounds ({@link ServerOptions#defaults()}). */
    public static NetmonServer start(InetSocketAddress address, Router router) throws InterruptedException {
        return start(address, router, ServerOptions.defaults());
    }

    /** Binds {@code address} (port 0 picks a free one) and starts serving {@code router} within {@code options}. */
    public static NetmonServer start(InetSocketAddress address, Router router, ServerOptions options) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        boolean started = false;
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new HttpInitializer(router, options))
                    .bind(address).sync().channel();
            started = true;
            return new NetmonServer(boss, workers, channel);
        } finally {
            if (!started) {
                boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
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
     * Stops accepting, closes every connection and stops the event loops, waiting at most
     * {@link #CLOSE_SECONDS} in all: a loop that does not give its thread back in that time (a task
     * that never returns) is left behind with a warning, never waited for, so a shutdown always ends.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_SECONDS);
        boolean closed = channel.close().awaitUninterruptibly(CLOSE_SECONDS, TimeUnit.SECONDS);
        Future<?> bossDone = boss.shutdownGracefully(0, QUIET_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Future<?> workersDone = workers.shutdownGracefully(0, QUIET_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        boolean stopped = bossDone.awaitUninterruptibly(remainingNanos(deadline), TimeUnit.NANOSECONDS)
                & workersDone.awaitUninterruptibly(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        if (closed && stopped) {
            LOG.info("server on {} stopped", channel.localAddress());
        } else {
            LOG.warn("server on {} not stopped within {} s (listening channel closed: {}, event loops stopped: {});"
                    + " leaving it behind", channel.localAddress(), CLOSE_SECONDS, closed, stopped);
        }
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
