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
 * A node with traffic: a fixture proc root whose /proc/net/dev a background thread rewrites every
 * 100 ms with counters that grow at varying rates (lo, eth0, eth1 and pods' veths that
 * {@link #churn()} creates and deletes), a sampler running on its own at a short interval and a
 * real server on an ephemeral loopback port.
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
    private final double[] rxBytes = new double[LINKS.length];
    private final double[] txBytes = new double[LINKS.length];
    private long lastNanos = startNanos;

    private LabNode(Path procRoot, Duration interval) throws IOException, InterruptedException {
        this.procRoot = procRoot;
        Files.createDirectories(procRoot.resolve("net"));
        for (int i = 0; i < LINKS.length; i++) {
            rxBytes[i] = 1_000_000_000L * (i + 1);
            txBytes[i] = 500_000_000L * (i + 1);
        }
        advance();
        Collector collector = new Collector(ProcPaths.of(procRoot), NativeLibrary.load(), Clock.systemUTC());
        this.sampler = new Sampler(collector, interval);
        this.server = NetmonServer.start(new InetSocketAddress("127.0.0.1", 0), Api.router(sampler));
        this.traffic = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lab-node-traffic");
            t.setDaemon(true);
            return t;
        });
        traffic.scheduleAtFixedRate(() -> {
            try {
                advance();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        sampler.start();
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

    /** Adds the traffic since the last call and rewrites /proc/net/dev in one rename. */
    private synchronized void advance() throws IOException {
        long now = System.nanoTime();
        double seconds = (now - startNanos) / 1e9;
        double dt = (now - lastNanos) / 1e9;
        lastNanos = now;
        StringBuilder dev = new StringBuilder(HEADER);
        for (int i = 0; i < LINKS.length; i++) {
            Link link = LINKS[i];
            if (link.life() == (churned ? Life.BEFORE_CHURN : Life.AFTER_CHURN)) {
                continue;
            }
            double wave = 0.55 + 0.45 * Math.sin(2 * Math.PI * seconds / link.period() + i);
            rxBytes[i] += link.rx() * wave * dt;
            txBytes[i] += link.tx() * (1.1 - wave) * dt;
            long rx = (long) rxBytes[i];
            long tx = (long) txBytes[i];
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
