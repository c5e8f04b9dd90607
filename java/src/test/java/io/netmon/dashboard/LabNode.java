package io.netmon.dashboard;

import io.netmon.http.Api;
import io.netmon.http.NetmonServer;
import io.netmon.source.Collector;
import io.netmon.source.NativeLibrary;
import io.netmon.source.ProcPaths;
import io.netmon.source.Sampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A node with traffic: a fixture proc root whose /proc/net/dev grows at varying rates (lo, eth0,
 * eth1 and pods' veths that {@link #churn()} creates and deletes), a sampler and a real server on
 * an ephemeral loopback port. One thread, every interval, rewrites the file for the current time
 * and then takes a sample: so each sample reads counters of the very moment it is taken, and the
 * rates are the waves' exact values even when a busy machine delays the thread (a separate
 * writer would leave the sampler reading files up to a stall old, and draw spikes).
 */
final class LabNode implements AutoCloseable {
    private static final String HEADER = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            """;

    /** When an interface exists: always, or only before or after {@link #churn()}. */
    private enum Life { ALWAYS, BEFORE_CHURN, AFTER_CHURN }

    /** An interface: receive and transmit bytes per second at the peak of its wave, the wave's period. */
    private record Link(String name, double rx, double tx, double period, Life life) {
    }

    /** A pod's veth created by {@link #churn()}. */
    static final String APPEARS = "veth3f9c2a1";
    /** A pod's veth deleted by {@link #churn()}. */
    static final String VANISHES = "veth0dead00";
    private static final Link[] LINKS = {
        new Link("lo", 300_000, 300_000, 7, Life.ALWAYS),
        new Link("eth0", 4_000_000, 900_000, 11, Life.ALWAYS),
        new Link("eth1", 1_200_000, 2_500_000, 5, Life.ALWAYS),
        new Link(APPEARS, 600_000, 250_000, 3, Life.AFTER_CHURN),
        new Link(VANISHES, 200_000, 400_000, 4, Life.BEFORE_CHURN),
    };
    private volatile boolean churned;

    private final Path procRoot;
    private final Sampler sampler;
    private final NetmonServer server;
    private final ScheduledExecutorService traffic;
    private final long startNanos = System.nanoTime();

    private LabNode(Path procRoot, Duration interval) throws IOException, InterruptedException {
        this.procRoot = procRoot;
        Files.createDirectories(procRoot.resolve("net"));
        advance();
        Collector collector = new Collector(ProcPaths.of(procRoot), NativeLibrary.load(), Clock.systemUTC());
        this.sampler = new Sampler(collector, interval);
        this.server = NetmonServer.start(new InetSocketAddress("127.0.0.1", 0), Api.router(sampler));
        this.traffic = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lab-node");
            t.setDaemon(true);
            return t;
        });
        traffic.scheduleAtFixedRate(() -> {
            try {
                advance();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sampler.sampleOnce();
        }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    static LabNode start(Path procRoot, Duration interval) throws IOException, InterruptedException {
        return new LabNode(procRoot, interval);
    }

    /** One pod goes, another comes: {@link #VANISHES} leaves /proc/net/dev and {@link #APPEARS} joins it. */
    void churn() {
        churned = true;
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port() + pathAndQuery;
    }

    /**
     * Rewrites /proc/net/dev in one rename with every counter as a function of the time since the
     * start: the integral of a wave that never drops below 10 % of the peak, so the rate between
     * any two samples is what the wave says, however late this thread runs.
     */
    private synchronized void advance() throws IOException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder dev = new StringBuilder(HEADER);
        for (int i = 0; i < LINKS.length; i++) {
            Link link = LINKS[i];
            if (link.life() == (churned ? Life.BEFORE_CHURN : Life.AFTER_CHURN)) {
                continue;
            }
            // wave(t) = 0.55 + 0.45 sin(2 pi t / P + i); receive follows it, transmit its mirror 1.1 - wave(t).
            double k = link.period() / (2 * Math.PI);
            double swing = 0.45 * k * (Math.cos(i) - Math.cos(seconds / k + i));
            long rx = 1_000_000_000L * (i + 1) + (long) (link.rx() * (0.55 * seconds + swing));
            long tx = 500_000_000L * (i + 1) + (long) (link.tx() * (0.55 * seconds - swing));
            dev.append(String.format("%6s: %d %d 0 0 0 0 0 0 %d %d 0 0 0 0 0 0%n",
                    link.name(), rx, rx / 900, tx, tx / 700));
        }
        Path next = procRoot.resolve("net/dev.next");
        Files.writeString(next, dev);
        Files.move(next, procRoot.resolve("net/dev"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        traffic.shutdownNow();
        server.close();
        sampler.close();
    }
}
