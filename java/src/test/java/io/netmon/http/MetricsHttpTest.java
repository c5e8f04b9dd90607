package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.netmon.metrics.Promtool;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics on a real server over the lab node's fixture, checked line by line and by Prometheus' own parser. */
class MetricsHttpTest {
    /**
     * Where the body has the one read's duration histogram: its buckets and sum depend on how long
     * the read took, so {@link #fixed} checks them and puts this line in their place.
     */
    static final String DURATIONS = "(the duration histogram's buckets, count and sum)";
    static final String LAB_NODE_METRICS = String.join("\n",
            "# HELP netmon_build_info The running Netmon: its version (the pom's) and the Java runtime's.",
            "# TYPE netmon_build_info gauge",
            "netmon_build_info{java_version=\"" + Runtime.version() + "\",version=\"dev\"} 1",
            "# HELP netmon_interface_receive_bytes_total Bytes the interface received (/proc/net/dev rx_bytes).",
            "# TYPE netmon_interface_receive_bytes_total counter",
            "netmon_interface_receive_bytes_total{device=\"eth0\"} 2.89878558E8",
            "netmon_interface_receive_bytes_total{device=\"eth0.100\"} 5120.0",
            "netmon_interface_receive_bytes_total{device=\"lo\"} 1.43205148E8",
            "netmon_interface_receive_bytes_total{device=\"veth1a2b3c4\"} 1.8446744073709552E19",
            "# HELP netmon_interface_receive_compressed_packets_total Compressed packets the interface received (/proc/net/dev rx_compressed).",
            "# TYPE netmon_interface_receive_compressed_packets_total counter",
            "netmon_interface_receive_compressed_packets_total{device=\"eth0\"} 5.0",
            "netmon_interface_receive_compressed_packets_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_receive_compressed_packets_total{device=\"lo\"} 0.0",
            "netmon_interface_receive_compressed_packets_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_receive_drops_total Received packets the interface dropped (/proc/net/dev rx_drop).",
            "# TYPE netmon_interface_receive_drops_total counter",
            "netmon_interface_receive_drops_total{device=\"eth0\"} 2.0",
            "netmon_interface_receive_drops_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_receive_drops_total{device=\"lo\"} 0.0",
            "netmon_interface_receive_drops_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_receive_errors_total Receive errors of the interface (/proc/net/dev rx_errs).",
            "# TYPE netmon_interface_receive_errors_total counter",
            "netmon_interface_receive_errors_total{device=\"eth0\"} 1.0",
            "netmon_interface_receive_errors_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_receive_errors_total{device=\"lo\"} 0.0",
            "netmon_interface_receive_errors_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_receive_fifo_errors_total Receive FIFO (buffer overrun) errors of the interface (/proc/net/dev rx_fifo).",
            "# TYPE netmon_interface_receive_fifo_errors_total counter",
            "netmon_interface_receive_fifo_errors_total{device=\"eth0\"} 3.0",
            "netmon_interface_receive_fifo_errors_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_receive_fifo_errors_total{device=\"lo\"} 0.0",
            "netmon_interface_receive_fifo_errors_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_receive_frame_errors_total Receive framing errors of the interface (/proc/net/dev rx_frame).",
            "# TYPE netmon_interface_receive_frame_errors_total counter",
            "netmon_interface_receive_frame_errors_total{device=\"eth0\"} 4.0",
            "netmon_interface_receive_frame_errors_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_receive_frame_errors_total{device=\"lo\"} 0.0",
            "netmon_interface_receive_frame_errors_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_receive_multicast_packets_total Multicast packets the interface received (/proc/net/dev rx_multicast).",
            "# TYPE netmon_interface_receive_multicast_packets_total counter",
            "netmon_interface_receive_multicast_packets_total{device=\"eth0\"} 6.0",
            "netmon_interface_receive_multicast_packets_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_receive_multicast_packets_total{device=\"lo\"} 0.0",
            "netmon_interface_receive_multicast_packets_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_receive_packets_total Packets the interface received (/proc/net/dev rx_packets).",
            "# TYPE netmon_interface_receive_packets_total counter",
            "netmon_interface_receive_packets_total{device=\"eth0\"} 8584.0",
            "netmon_interface_receive_packets_total{device=\"eth0.100\"} 40.0",
            "netmon_interface_receive_packets_total{device=\"lo\"} 812345.0",
            "netmon_interface_receive_packets_total{device=\"veth1a2b3c4\"} 9.223372036854776E18",
            "# HELP netmon_interface_transmit_bytes_total Bytes the interface sent (/proc/net/dev tx_bytes).",
            "# TYPE netmon_interface_transmit_bytes_total counter",
            "netmon_interface_transmit_bytes_total{device=\"eth0\"} 439342.0",
            "netmon_interface_transmit_bytes_total{device=\"eth0.100\"} 2048.0",
            "netmon_interface_transmit_bytes_total{device=\"lo\"} 1.43205148E8",
            "netmon_interface_transmit_bytes_total{device=\"veth1a2b3c4\"} 2048.0",
            "# HELP netmon_interface_transmit_carrier_errors_total Carrier errors of the interface on transmit (/proc/net/dev tx_carrier).",
            "# TYPE netmon_interface_transmit_carrier_errors_total counter",
            "netmon_interface_transmit_carrier_errors_total{device=\"eth0\"} 11.0",
            "netmon_interface_transmit_carrier_errors_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_transmit_carrier_errors_total{device=\"lo\"} 0.0",
            "netmon_interface_transmit_carrier_errors_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_transmit_collisions_total Collisions of the interface on transmit (/proc/net/dev tx_colls).",
            "# TYPE netmon_interface_transmit_collisions_total counter",
            "netmon_interface_transmit_collisions_total{device=\"eth0\"} 10.0",
            "netmon_interface_transmit_collisions_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_transmit_collisions_total{device=\"lo\"} 0.0",
            "netmon_interface_transmit_collisions_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_transmit_compressed_packets_total Compressed packets the interface sent (/proc/net/dev tx_compressed).",
            "# TYPE netmon_interface_transmit_compressed_packets_total counter",
            "netmon_interface_transmit_compressed_packets_total{device=\"eth0\"} 12.0",
            "netmon_interface_transmit_compressed_packets_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_transmit_compressed_packets_total{device=\"lo\"} 0.0",
            "netmon_interface_transmit_compressed_packets_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_transmit_drops_total Packets the interface dropped on transmit (/proc/net/dev tx_drop).",
            "# TYPE netmon_interface_transmit_drops_total counter",
            "netmon_interface_transmit_drops_total{device=\"eth0\"} 8.0",
            "netmon_interface_transmit_drops_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_transmit_drops_total{device=\"lo\"} 0.0",
            "netmon_interface_transmit_drops_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_transmit_errors_total Transmit errors of the interface (/proc/net/dev tx_errs).",
            "# TYPE netmon_interface_transmit_errors_total counter",
            "netmon_interface_transmit_errors_total{device=\"eth0\"} 7.0",
            "netmon_interface_transmit_errors_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_transmit_errors_total{device=\"lo\"} 0.0",
            "netmon_interface_transmit_errors_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_transmit_fifo_errors_total Transmit FIFO errors of the interface (/proc/net/dev tx_fifo).",
            "# TYPE netmon_interface_transmit_fifo_errors_total counter",
            "netmon_interface_transmit_fifo_errors_total{device=\"eth0\"} 9.0",
            "netmon_interface_transmit_fifo_errors_total{device=\"eth0.100\"} 0.0",
            "netmon_interface_transmit_fifo_errors_total{device=\"lo\"} 0.0",
            "netmon_interface_transmit_fifo_errors_total{device=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_transmit_packets_total Packets the interface sent (/proc/net/dev tx_packets).",
            "# TYPE netmon_interface_transmit_packets_total counter",
            "netmon_interface_transmit_packets_total{device=\"eth0\"} 4872.0",
            "netmon_interface_transmit_packets_total{device=\"eth0.100\"} 16.0",
            "netmon_interface_transmit_packets_total{device=\"lo\"} 812345.0",
            "netmon_interface_transmit_packets_total{device=\"veth1a2b3c4\"} 16.0",
            "# HELP netmon_interfaces Interfaces in the sample (after --interface-include and --interface-exclude).",
            "# TYPE netmon_interfaces gauge",
            "netmon_interfaces 4.0",
            "# HELP netmon_module_loaded 1 while netmon.ko is loaded (/proc/net/netmon exists), else 0.",
            "# TYPE netmon_module_loaded gauge",
            "netmon_module_loaded 0.0",
            "# HELP netmon_sample_duration_seconds How long each read of the node took (/proc/net/dev, then netmon.ko's table or the kernel's MIBs), good or failed.",
            "# TYPE netmon_sample_duration_seconds histogram",
            DURATIONS,
            "# HELP netmon_sample_failures_total Reads of the node that failed (the previous sample stays served; /network says why).",
            "# TYPE netmon_sample_failures_total counter",
            "netmon_sample_failures_total 0.0",
            "# HELP netmon_sample_timestamp_seconds When the sample these figures come from was read, in seconds since the epoch.",
            "# TYPE netmon_sample_timestamp_seconds gauge",
            "netmon_sample_timestamp_seconds 1.7957736E9",
            "# HELP netmon_snmp_protocol_packets_total Packets of one protocol counted by the kernel's MIBs (/proc/net/snmp, snmp6), host-wide, without netmon.ko; tcp is family \"ip\" (one MIB for IPv4 and IPv6).",
            "# TYPE netmon_snmp_protocol_packets_total counter",
            "netmon_snmp_protocol_packets_total{direction=\"receive\",family=\"ip\",protocol=\"tcp\"} 11773.0",
            "netmon_snmp_protocol_packets_total{direction=\"receive\",family=\"ipv4\",protocol=\"icmp\"} 1.0",
            "netmon_snmp_protocol_packets_total{direction=\"receive\",family=\"ipv4\",protocol=\"udp\"} 2258.0",
            "netmon_snmp_protocol_packets_total{direction=\"receive\",family=\"ipv4\",protocol=\"udplite\"} 0.0",
            "netmon_snmp_protocol_packets_total{direction=\"receive\",family=\"ipv6\",protocol=\"icmpv6\"} 1.0",
            "netmon_snmp_protocol_packets_total{direction=\"receive\",family=\"ipv6\",protocol=\"udp\"} 10.0",
            "netmon_snmp_protocol_packets_total{direction=\"receive\",family=\"ipv6\",protocol=\"udplite\"} 0.0",
            "netmon_snmp_protocol_packets_total{direction=\"transmit\",family=\"ip\",protocol=\"tcp\"} 7657.0",
            "netmon_snmp_protocol_packets_total{direction=\"transmit\",family=\"ipv4\",protocol=\"icmp\"} 0.0",
            "netmon_snmp_protocol_packets_total{direction=\"transmit\",family=\"ipv4\",protocol=\"udp\"} 2259.0",
            "netmon_snmp_protocol_packets_total{direction=\"transmit\",family=\"ipv4\",protocol=\"udplite\"} 0.0",
            "netmon_snmp_protocol_packets_total{direction=\"transmit\",family=\"ipv6\",protocol=\"icmpv6\"} 9.0",
            "netmon_snmp_protocol_packets_total{direction=\"transmit\",family=\"ipv6\",protocol=\"udp\"} 10.0",
            "netmon_snmp_protocol_packets_total{direction=\"transmit\",family=\"ipv6\",protocol=\"udplite\"} 0.0",
            "# HELP netmon_source_info Where the figures come from: kmod (netmon.ko is loaded) or procfs (/proc/net/dev and the kernel's MIBs).",
            "# TYPE netmon_source_info gauge",
            "netmon_source_info{source=\"procfs\"} 1",
            "");

    private final HttpClient client = HttpClient.newHttpClient();
    private FixtureNode node;

    @BeforeEach
    void start(@TempDir Path root) throws Exception {
        node = new FixtureNode(root);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private HttpResponse<byte[]> get(String target, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(target)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void textFormatHasEveryCounterOfTheFixtureExactly() throws Exception {
        node.sampler.sampleOnce();
        HttpResponse<byte[]> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.headers().firstValue("vary")).hasValue("Accept, Accept-Encoding");
        assertThat(response.headers().firstValue("content-encoding")).isEmpty();
        assertThat(fixed(text(response))).isEqualTo(LAB_NODE_METRICS);
    }

    @Test
    void promtoolAcceptsTheTextFormat() throws Exception {
        node.sampler.sampleOnce();
        Promtool.Result result = Promtool.checkMetrics(get("/metrics").body());
        assertThat(result.output()).isEmpty();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void openMetricsWhenAskedForWithUnitsAndTheSameSamples() throws Exception {
        node.sampler.sampleOnce();
        HttpResponse<byte[]> response = get("/metrics",
                "Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertThat(response.headers().firstValue("content-type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        String body = text(response);
        assertThat(body).endsWith("\n# EOF\n")
                .contains("# TYPE netmon_interface_receive_bytes counter\n"
                        + "# UNIT netmon_interface_receive_bytes bytes\n"
                        + "# HELP netmon_interface_receive_bytes Bytes the interface received (/proc/net/dev rx_bytes).\n"
                        + "netmon_interface_receive_bytes_total{device=\"eth0\"} 2.89878558E8\n")
                .contains("# TYPE netmon_sample_duration_seconds histogram\n"
                        + "# UNIT netmon_sample_duration_seconds seconds\n")
                .contains("# TYPE netmon_source info\n")
                .contains("netmon_source_info{source=\"procfs\"} 1\n");
        // every sample line of the text format (of the same read) is in the OpenMetrics body, and no other
        assertThat(samples(body)).isEqualTo(samples(text(get("/metrics"))));
    }

    /**
     * {@code body} of one read, its duration lines checked and replaced by {@link #DURATIONS}: the
     * one read is in exactly one bucket (and every one above it), the sum lies within that bucket.
     */
    static String fixed(String body) {
        List<String> lines = body.lines().toList();
        int first = 0;
        while (first < lines.size() && !lines.get(first).startsWith("netmon_sample_duration_seconds_")) {
            first++;
        }
        List<String> durations = lines.subList(first, Math.min(first + 10, lines.size()));
        double[] bounds = {0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 1};
        int bucket = -1;
        for (int i = 0; i <= bounds.length; i++) {
            String le = i < bounds.length ? Double.toString(bounds[i]) : "+Inf";
            String prefix = "netmon_sample_duration_seconds_bucket{le=\"" + le + "\"} ";
            assertThat(durations.get(i)).startsWith(prefix);
            int count = Integer.parseInt(durations.get(i).substring(prefix.length()));
            assertThat(count).as("bucket le=%s of one read", le).isEqualTo(bucket >= 0 ? 1 : count);
            if (count == 1 && bucket < 0) {
                bucket = i;
            }
        }
        assertThat(durations.get(8)).isEqualTo("netmon_sample_duration_seconds_count 1");
        assertThat(durations.get(9)).startsWith("netmon_sample_duration_seconds_sum ");
        double sum = Double.parseDouble(durations.get(9).substring("netmon_sample_duration_seconds_sum ".length()));
        assertThat(sum).isGreaterThan(bucket > 0 ? bounds[bucket - 1] : 0)
                .isLessThanOrEqualTo(bucket < bounds.length ? bounds[bucket] : Double.MAX_VALUE);
        List<String> out = new java.util.ArrayList<>(lines.subList(0, first));
        out.add(DURATIONS);
        out.addAll(lines.subList(first + 10, lines.size()));
        return String.join("\n", out) + "\n";
    }

    private static java.util.Set<String> samples(String exposition) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                assertThat(line).matches("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? [0-9.E-]+");
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void gzipWhenAcceptedAndTheSameBytesUntilTheNextSample() throws Exception {
        node.sampler.sampleOnce();
        HttpResponse<byte[]> zipped = get("/metrics", "Accept-Encoding", "deflate, gzip;q=0.8");
        assertThat(zipped.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(zipped.body().length).isLessThan(LAB_NODE_METRICS.length() / 3);
        String unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(fixed(unzipped)).isEqualTo(LAB_NODE_METRICS);
        assertThat(get("/metrics", "Accept-Encoding", "gzip;q=0").headers().firstValue("content-encoding")).isEmpty();
        HttpResponse<byte[]> zippedOm = get("/metrics", "Accept-Encoding", "gzip",
                "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(zippedOm.headers().firstValue("content-encoding")).hasValue("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zippedOm.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).endsWith("# EOF\n");
        }
        var exposition = node.live.exposition();
        var first = exposition.body(io.netmon.metrics.Exposition.Format.PROMETHEUS_TEXT, true).orElseThrow();
        assertThat(exposition.body(io.netmon.metrics.Exposition.Format.PROMETHEUS_TEXT, true).orElseThrow())
                .as("rendered once per sample").isSameAs(first);
        node.sampler.sampleOnce();
        assertThat(exposition.body(io.netmon.metrics.Exposition.Format.PROMETHEUS_TEXT, true).orElseThrow())
                .isNotSameAs(first);
    }

    @Test
    void anInterfaceThatDisappearsLeavesMetricsAndNetworkAtOnce() throws Exception {
        node.sampler.sampleOnce();
        assertThat(text(get("/metrics"))).contains("{device=\"veth1a2b3c4\"}");
        node.writeDev(Files.readString(FixtureNode.LAB_NODE).lines().filter(l -> !l.startsWith("veth1a2b3c4"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        node.sampler.sampleOnce();
        String after = text(get("/metrics"));
        assertThat(after).doesNotContain("veth1a2b3c4").contains("netmon_interfaces 3.0\n");
        assertThat(text(get("/network"))).doesNotContain("veth1a2b3c4");
        assertThat(get("/network/interfaces/veth1a2b3c4").statusCode()).isEqualTo(404);
    }

    @Test
    void failedReadsAreCountedWhileTheLastGoodSampleStaysServed() throws Exception {
        String dev = Files.readString(FixtureNode.LAB_NODE);
        Files.delete(node.procRoot.resolve("net/dev"));
        node.sampler.sampleOnce();
        HttpResponse<byte[]> failing = get("/metrics");
        assertThat(failing.statusCode()).as("Prometheus gets the failures, not a 503").isEqualTo(200);
        assertThat(text(failing)).contains("netmon_sample_failures_total 1.0\n", "netmon_sample_duration_seconds_count 1\n",
                "netmon_build_info{").doesNotContain("netmon_interface_").doesNotContain("netmon_sample_timestamp_seconds");
        assertThat(get("/network").statusCode()).isEqualTo(503);

        node.writeDev(dev);
        node.sampler.sampleOnce();
        node.writeDev("Inter-| Receive\n face |bytes\n  eth0: 12 x\n");
        node.sampler.sampleOnce();
        String stale = text(get("/metrics"));
        assertThat(stale).contains("netmon_sample_failures_total 2.0\n", "netmon_sample_duration_seconds_count 3\n",
                "netmon_interface_receive_bytes_total{device=\"eth0\"} 2.89878558E8\n",
                "netmon_sample_timestamp_seconds 1.7957736E9\n");
    }

    @Test
    void beforeTheFirstSampleUnknownParametersAndHead() throws Exception {
        HttpResponse<byte[]> early = get("/metrics");
        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(text(early)).isEqualTo("{\"error\":\"no sample yet; the first is on its way\"}\n");
        node.sampler.sampleOnce();
        HttpResponse<byte[]> bad = get("/metrics?name=x");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).isEqualTo("{\"error\":\"unknown query parameter 'name': this path takes none\"}\n");
        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(URI.create(node.url("/metrics")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("content-length")).hasValue(get("/metrics").body().length);
    }
}
