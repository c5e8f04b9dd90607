package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.netmon.source.InterfaceStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import io.netmon.view.NetworkJson;
import io.netmon.view.NodeView;
import io.netmon.view.Json;
import io.netmon.source.ProtocolFilter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The unfiltered /network is rendered once per sampler state and shared; it is the very document a
 * per-request rendering makes, gzipped when asked, and a cached answer costs no allocation in
 * proportion to the node.
 */
class NetworkCacheTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final int INTERFACES = 1000;

    private static Snapshot node(long sequence) {
        List<InterfaceStats> interfaces = new ArrayList<>();
        for (int i = 0; i < INTERFACES; i++) {
            long n = sequence * 1000 + i;
            interfaces.add(InterfaceStats.of(String.format("veth%07x", i), n * 1500, n, 0, 0, 0, 0, 0, 0, n * 100, n, 0, 0, 0, 0, 0, 0));
        }
        return Snapshot.of(sequence, T0.plusSeconds(sequence), sequence, Source.PROCFS, interfaces);
    }

    private static FullHttpResponse get(Router router, String target, String... headers) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        return router.respond(request);
    }

    private static byte[] body(FullHttpResponse response) {
        try {
            byte[] bytes = new byte[response.content().readableBytes()];
            response.content().getBytes(response.content().readerIndex(), bytes);
            return bytes;
        } finally {
            response.release();
        }
    }

    /** What /network answered before it was cached: the document rendered for the request. */
    private static byte[] rendered(Sampler.State state) throws Exception {
        NodeView node = NodeView.of(state);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Json.write(out, json -> NetworkJson.writeNetwork(json, node, node.all(), node.protocols(node.all(), ProtocolFilter.ALL)));
        out.write('\n');
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void oneRenderingPerStateTheSameBytesAsRenderedForTheRequestAndANewOneForTheNextState() throws Exception {
        Sampler sampler = mock(Sampler.class);
        Sampler.State first = new Sampler.State(node(1), null);
        Sampler.State failed = new Sampler.State(node(1), "the read after it failed");
        Sampler.State second = new Sampler.State(node(2), null);
        when(sampler.state()).thenReturn(first, first, failed, second);
        Router router = Api.router(sampler, Live.attach(sampler, LiveOptions.defaults(Duration.ofSeconds(1))));

        FullHttpResponse a = get(router, "/network");
        FullHttpResponse b = get(router, "/network");
        assertThat(a.headers().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(a.headers().get("Vary")).isEqualTo("accept-encoding");
        assertThat(a.headers().contains("Content-Encoding")).isFalse();
        assertThat(a.content().array()).as("the same array, shared").isSameAs(b.content().array());
        assertThat(body(a)).isEqualTo(rendered(first));
        body(b);
        // the same snapshot with a failed read after it is another state: its note is part of the document
        byte[] withNote = body(get(router, "/network"));
        assertThat(withNote).isEqualTo(rendered(failed));
        assertThat(new String(withNote)).endsWith("\"notes\":[\"" + io.netmon.view.ProtocolRows.PROCFS_NOTE.replace("\"", "\\\"")
                + "\",\"the latest read failed, figures are from the sample before it: the read after it failed\"]}\n");
        assertThat(body(get(router, "/network"))).isEqualTo(rendered(second));
    }

    @Test
    void gzipWhenAcceptedForTheCachedTheFilteredAndTheHistoryAnswers() throws Exception {
        Sampler sampler = mock(Sampler.class);
        Sampler.State state = new Sampler.State(node(1), null);
        when(sampler.state()).thenReturn(state);
        Live live = Live.attach(sampler, LiveOptions.defaults(Duration.ofSeconds(1)));
        live.history().accept(state.snapshot());
        Router router = Api.router(sampler, live);

        FullHttpResponse zipped = get(router, "/network", "Accept-Encoding", "br, gzip");
        assertThat(zipped.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(zipped.headers().get("Vary")).isEqualTo("accept-encoding");
        byte[] cached = body(zipped);
        assertThat(cached.length).isLessThan(rendered(state).length / 5);
        assertThat(gunzip(cached)).isEqualTo(rendered(state));
        assertThat(body(get(router, "/network", "Accept-Encoding", "gzip;q=0"))).isEqualTo(rendered(state));

        for (String target : List.of("/network?interface=veth0000007", "/network/history?interface=veth0000007&seconds=60")) {
            byte[] plain = body(get(router, target));
            FullHttpResponse response = get(router, target, "Accept-Encoding", "gzip");
            assertThat(response.headers().get("Content-Encoding")).as(target).isEqualTo("gzip");
            assertThat(response.headers().get("Vary")).as(target).isEqualTo("accept-encoding");
            assertThat(gunzip(body(response))).as(target).isEqualTo(plain);
        }
    }

    @Test
    void aCachedAnswerAllocatesNothingInProportionToTheNode() throws IOException {
        Sampler sampler = mock(Sampler.class);
        Sampler.State state = new Sampler.State(node(1), null);
        when(sampler.state()).thenReturn(state);
        Router router = Api.router(sampler, Live.attach(sampler, LiveOptions.defaults(Duration.ofSeconds(1))));
        int size = body(get(router, "/network")).length;
        body(get(router, "/network", "Accept-Encoding", "gzip"));
        long[] costs = new long[20];
        for (int i = 0; i < costs.length; i++) {
            long before = allocated();
            FullHttpResponse response = get(router, i % 2 == 0 ? "/network" : "/network?", "Accept-Encoding", i % 4 < 2 ? "gzip" : "identity");
            costs[i] = allocated() - before;
            response.release();
        }
        java.util.Arrays.sort(costs);
        assertThat(size).isGreaterThan(INTERFACES * 300);
        // the request, its headers and the response around the shared bytes: a few kB whatever the node
        assertThat(costs[costs.length / 2]).isLessThan(8 * 1024);
    }
}
