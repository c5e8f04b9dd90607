package io.netmon.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A proc root whose {@code net/dev} a thread of its own rewrites every few milliseconds, as the
 * kernel would: {@link #COUNT} interfaces {@code eth0..eth9}, all idle but the one set {@link #busy},
 * whose counters grow by {@link #RX_BYTES} received and {@link #TX_BYTES} sent per second of real
 * time, and {@code uplink}, always far busier ({@link #UPLINK_RX_BYTES}, {@link #UPLINK_TX_BYTES}).
 * Packets are a thousandth of the bytes. Each rewrite replaces the file at once, so a reader never
 * sees half of one.
 *
 * <p>The uplink's rates keep the width of top's columns the same from frame to frame (hundreds of
 * MB/s, ten characters), so the rows of idle interfaces are the same text in every frame and only
 * move when the busy one does: the case where the terminal library scrolls lines instead of
 * rewriting them.
 */
final class TrafficFeed {
    static final int COUNT = 10;
    static final long RX_BYTES = 4_000_000;
    static final long TX_BYTES = 2_000_000;
    static final long UPLINK_RX_BYTES = 400_000_000;
    static final long UPLINK_TX_BYTES = 300_000_000;
    private static final long PERIOD_MILLIS = 10;
    private static final String HEADER = "Inter-|   Receive                                                |  Transmit\n"
            + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

    private final Path dev;
    /** eth0..eth9, then the uplink. */
    private final double[] rxBytes = new double[COUNT + 1];
    private final double[] txBytes = new double[COUNT + 1];
    private final Thread thread;
    private volatile int busy;
    private volatile RuntimeException failure;

    private TrafficFeed(Path root, int busy) throws IOException {
        this.dev = Files.createDirectories(root.resolve("net")).resolve("dev");
        this.busy = busy;
        write();
        this.thread = new Thread(this::loop, "traffic-feed");
        this.thread.setDaemon(true);
    }

    /** Writes {@code root/net/dev} now and goes on rewriting it until {@link #stop()}. */
    static TrafficFeed start(Path root, int busy) throws IOException {
        TrafficFeed feed = new TrafficFeed(root, busy);
        feed.thread.start();
        return feed;
    }

    /** From now on only {@code eth<index>} has traffic. */
    void busy(int index) {
        check();
        busy = index;
    }

    private void loop() {
        long last = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                long now = System.nanoTime();
                double seconds = (now - last) / 1e9;
                last = now;
                rxBytes[busy] += RX_BYTES * seconds;
                txBytes[busy] += TX_BYTES * seconds;
                rxBytes[COUNT] += UPLINK_RX_BYTES * seconds;
                txBytes[COUNT] += UPLINK_TX_BYTES * seconds;
                write();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failure = new UncheckedIOException("rewriting " + dev, e);
        }
    }

    private void write() throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        for (int i = 0; i <= COUNT; i++) {
            long rx = (long) rxBytes[i];
            long tx = (long) txBytes[i];
            text.append(String.format("%8s: %d %d 0 0 0 0 0 0 %d %d 0 0 0 0 0 0%n",
                    i < COUNT ? "eth" + i : "uplink", rx, rx / 1000, tx, tx / 1000));
        }
        Path next = dev.resolveSibling("dev.next");
        Files.writeString(next, text);
        Files.move(next, dev, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Throws what stopped the rewriting thread, if anything did. */
    void check() {
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the rewriting thread; throws what stopped it earlier, if anything did. */
    void stop() throws InterruptedException {
        thread.interrupt();
        thread.join();
        check();
    }
}
