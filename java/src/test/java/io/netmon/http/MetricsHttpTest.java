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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics on a real server over the lab node's fixture, checked line by line and by Prometheus' own parser. */
class MetricsHttpTest {
    static final String LAB_NODE_METRICS = String.join("\n",
            "# HELP netmon_interface_receive_bytes_total Bytes received by the interface (/proc/net/dev).",
            "# TYPE netmon_interface_receive_bytes_total counter",
            "netmon_interface_receive_bytes_total{interface=\"eth0\"} 2.89878558E8",
            "netmon_interface_receive_bytes_total{interface=\"eth0.100\"} 5120.0",
            "netmon_interface_receive_bytes_total{interface=\"lo\"} 1.43205148E8",
            "netmon_interface_receive_bytes_total{interface=\"veth1a2b3c4\"} 1.8446744073709552E19",
            "# HELP netmon_interface_receive_drops_total Received packets the interface dropped.",
            "# TYPE netmon_interface_receive_drops_total counter",
            "netmon_interface_receive_drops_total{interface=\"eth0\"} 2.0",
            "netmon_interface_receive_drops_total{interface=\"eth0.100\"} 0.0",
            "netmon_interface_receive_drops_total{interface=\"lo\"} 0.0",
            "netmon_interface_receive_drops_total{interface=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_receive_errors_total Receive errors of the interface.",
            "# TYPE netmon_interface_receive_errors_total counter",
            "netmon_interface_receive_errors_total{interface=\"eth0\"} 1.0",
            "netmon_interface_receive_errors_total{interface=\"eth0.100\"} 0.0",
            "netmon_interface_receive_errors_total{interface=\"lo\"} 0.0",
            "netmon_interface_receive_errors_total{interface=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_receive_packets_total Packets received by the interface.",
            "# TYPE netmon_interface_receive_packets_total counter",
            "netmon_interface_receive_packets_total{interface=\"eth0\"} 8584.0",
            "netmon_interface_receive_packets_total{interface=\"eth0.100\"} 40.0",
            "netmon_interface_receive_packets_total{interface=\"lo\"} 812345.0",
            "netmon_interface_receive_packets_total{interface=\"veth1a2b3c4\"} 9.223372036854776E18",
            "# HELP netmon_interface_transmit_bytes_total Bytes sent by the interface (/proc/net/dev).",
            "# TYPE netmon_interface_transmit_bytes_total counter",
            "netmon_interface_transmit_bytes_total{interface=\"eth0\"} 439342.0",
            "netmon_interface_transmit_bytes_total{interface=\"eth0.100\"} 2048.0",
            "netmon_interface_transmit_bytes_total{interface=\"lo\"} 1.43205148E8",
            "netmon_interface_transmit_bytes_total{interface=\"veth1a2b3c4\"} 2048.0",
            "# HELP netmon_interface_transmit_drops_total Packets the interface dropped on transmit.",
            "# TYPE netmon_interface_transmit_drops_total counter",
            "netmon_interface_transmit_drops_total{interface=\"eth0\"} 8.0",
            "netmon_interface_transmit_drops_total{interface=\"eth0.100\"} 0.0",
            "netmon_interface_transmit_drops_total{interface=\"lo\"} 0.0",
            "netmon_interface_transmit_drops_total{interface=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_transmit_errors_total Transmit errors of the interface.",
            "# TYPE netmon_interface_transmit_errors_total counter",
            "netmon_interface_transmit_errors_total{interface=\"eth0\"} 7.0",
            "netmon_interface_transmit_errors_total{interface=\"eth0.100\"} 0.0",
            "netmon_interface_transmit_errors_total{interface=\"lo\"} 0.0",
            "netmon_interface_transmit_errors_total{interface=\"veth1a2b3c4\"} 0.0",
            "# HELP netmon_interface_transmit_packets_total Packets sent by the interface.",
            "# TYPE netmon_interface_transmit_packets_total counter",
            "netmon_interface_transmit_packets_total{interface=\"eth0\"} 4872.0",
            "netmon_interface_transmit_packets_total{interface=\"eth0.100\"} 16.0",
            "netmon_interface_transmit_packets_total{interface=\"lo\"} 812345.0",
            "netmon_interface_transmit_packets_total{interface=\"veth1a2b3c4\"} 16.0",
            "# HELP netmon_interfaces Interfaces in the sample (after --interface-include and --interface-exclude).",
            "# TYPE netmon_interfaces gauge",
            "netmon_interfaces 4.0",
            "# HELP netmon_sample_timestamp_seconds When the sample these figures come from was read, in seconds since the epoch.",
            "# TYPE netmon_sample_timestamp_seconds gauge",
            "netmon_sample_timestamp_seconds 1.7957736E9",
            "# HELP netmon_source_info Where the figures come from: procfs, or kmod (netmon.ko) with its versions.",
            "# TYPE netmon_source_info gauge",
            "netmon_source_info{source=\"procfs\"} 1"
,
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
        assertThat(text(response)).isEqualTo(LAB_NODE_METRICS);
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
                        + "# HELP netmon_interface_receive_bytes Bytes received by the interface (/proc/net/dev).\n"
                        + "netmon_interface_receive_bytes_total{interface=\"eth0\"} 2.89878558E8\n")
                .contains("# TYPE netmon_source info\n")
                .contains("netmon_source_info{source=\"procfs\"} 1\n");
        // every sample line of the text format is in the OpenMetrics body, and no other
        java.util.Set<String> textSamples = samples(LAB_NODE_METRICS);
        assertThat(samples(body)).isEqualTo(textSamples);
    }

    private static java.util.Set<String> samples(String exposition) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                assertThat(line).matches("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? [0-9.E]+");
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
        assertThat(unzipped).isEqualTo(LAB_NODE_METRICS);
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
        assertThat(text(get("/metrics"))).contains("{interface=\"veth1a2b3c4\"}");
        node.writeDev(Files.readString(FixtureNode.LAB_NODE).lines().filter(l -> !l.startsWith("veth1a2b3c4"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        node.sampler.sampleOnce();
        String after = text(get("/metrics"));
        assertThat(after).doesNotContain("veth1a2b3c4").contains("netmon_interfaces 3.0\n");
        assertThat(text(get("/network"))).doesNotContain("veth1a2b3c4");
        assertThat(get("/network/interfaces/veth1a2b3c4").statusCode()).isEqualTo(404);
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
        assertThat(head.headers().firstValueAsLong("content-length")).hasValue(LAB_NODE_METRICS.length());
    }
}
