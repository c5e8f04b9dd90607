package io.netmon.http;

import io.netmon.Fixtures;
import io.netmon.PodTree;
import io.netmon.source.Collector;
import io.netmon.source.NativeLibrary;
import io.netmon.source.PodConfig;
import io.netmon.source.PodStats;
import io.netmon.source.Pods;
import io.netmon.source.ProcPaths;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A node made of files: a proc root in a temporary folder whose counters a test rewrites, a
 * sampler the test steps by hand, and a real server on an ephemeral loopback port. Sample {@code n}
 * is stamped T0 + (n - 1) seconds, wall clock and monotonic alike, so rates are exact.
 */
final class FixtureNode implements AutoCloseable {
    static final Path LAB_NODE = Fixtures.LAB_NODE_DEV;
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    final Path procRoot;
    final Sampler sampler;
    final Live live;
    final NetmonServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    FixtureNode(Path procRoot) throws IOException, InterruptedException {
        this(procRoot, LiveOptions.defaults(Duration.ofSeconds(1)), UnaryOperator.identity());
    }

    /** @param filter applied to each sample after it is stamped (an interface filter, say) */
    FixtureNode(Path procRoot, LiveOptions options, UnaryOperator<Snapshot> filter) throws IOException, InterruptedException {
        this(procRoot, options, filter, Optional.empty(), ServerOptions.defaults());
    }

    /** With the server's transport bounds set (a short request timeout, a small connection cap). */
    FixtureNode(Path procRoot, ServerOptions transport) throws IOException, InterruptedException {
        this(procRoot, LiveOptions.defaults(Duration.ofSeconds(1)), UnaryOperator.identity(), Optional.empty(), transport);
    }

    /** @param moduleNote what the module loader said, as {@code serve --loader-status} passes it on */
    FixtureNode(Path procRoot, LiveOptions options, UnaryOperator<Snapshot> filter, Optional<String> moduleNote)
            throws IOException, InterruptedException {
        this(procRoot, options, filter, moduleNote, ServerOptions.defaults());
    }

    FixtureNode(Path procRoot, LiveOptions options, UnaryOperator<Snapshot> filter, Optional<String> moduleNote,
            ServerOptions transport)
            throws IOException, InterruptedException {
        this(Fixtures.labNode(procRoot), options, filter, moduleNote, transport, PodConfig.OFF);
    }

    /** The node of {@code pods} (its lab node and its pods), with the pods read. */
    FixtureNode(PodTree pods, LiveOptions options) throws IOException, InterruptedException {
        this(pods.proc, options, UnaryOperator.identity(), Optional.empty(), ServerOptions.defaults(), pods.config());
    }

    private FixtureNode(Path procRoot, LiveOptions options, UnaryOperator<Snapshot> filter, Optional<String> moduleNote,
            ServerOptions transport, PodConfig pods) throws IOException, InterruptedException {
        this.procRoot = procRoot;
        Collector collector = new Collector(ProcPaths.of(procRoot), NativeLibrary.load(), Clock.fixed(T0, ZoneOffset.UTC),
                Collector.DEFAULT_MAX_INTERFACES, pods);
        UnaryOperator<Snapshot> stamp = s -> new Snapshot(s.sequence(), T0.plusSeconds(s.sequence() - 1),
                (s.sequence() - 1) * 1_000_000_000L, s.source(), s.interfaces(), s.byName(), s.protocols(), s.module(),
                stamped(s.pods(), s.sequence()));
        this.sampler = new Sampler(collector, Duration.ofHours(1), s -> filter.apply(stamp.apply(s)));
        this.live = Live.attach(sampler, options);
        this.server = NetmonServer.start(new InetSocketAddress("127.0.0.1", 0), Api.router(sampler, live, moduleNote), transport);
    }

    /** The pods' own namespaces stamped as their node's sample is. */
    private static Pods stamped(Pods pods, long sequence) {
        return new Pods(pods.watched(), pods.list().stream().map(pod -> {
            Snapshot n = pod.netns();
            return new PodStats(pod.uid(), pod.namespace(), pod.name(), pod.hostNetwork(), pod.firstSeen(),
                    new Snapshot(n.sequence(), T0.plusSeconds(sequence - 1), (sequence - 1) * 1_000_000_000L, n.source(),
                            n.interfaces(), n.byName(), n.protocols(), n.module(), n.pods()));
        }).toList(), pods.notes());
    }

    /** Removes /proc/net/snmp and snmp6, for tests about interfaces alone: no procfs protocol rows. */
    FixtureNode withoutSnmp() throws IOException {
        Files.delete(procRoot.resolve("net/snmp"));
        Files.delete(procRoot.resolve("net/snmp6"));
        return this;
    }

    void writeDev(String text) throws IOException {
        Files.writeString(procRoot.resolve("net/dev"), text);
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port() + pathAndQuery;
    }

    /** GET through a real HTTP client. */
    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        sampler.close();
    }
}
