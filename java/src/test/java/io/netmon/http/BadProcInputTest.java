package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmon.Fixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /proc files that parse but cannot be a kernel's: the same interface twice, no interface at all.
 * Each is a failed read: the answers keep the last good sample and say why in {@code notes}, and no
 * answer (least of all /metrics) turns it into a 500.
 */
class BadProcInputTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path NETMON = Fixtures.DIR.resolve("proc-net-netmon-lab-node.txt");

    private FixtureNode node;
    private Path dev;

    @BeforeEach
    void start(@TempDir Path root) throws Exception {
        node = new FixtureNode(root);
        dev = root.resolve("net/dev");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        return MAPPER.readTree(response.body());
    }

    private static List<String> names(JsonNode network) {
        return StreamSupport.stream(network.get("interfaces").spliterator(), false)
                .map(i -> i.get("interface").asText()).toList();
    }

    private static List<String> notes(JsonNode network) {
        return StreamSupport.stream(network.get("notes").spliterator(), false).map(JsonNode::asText).toList();
    }

    /** The answers after a good sample and then a read of {@code bad}: the good sample, with {@code why} in a note. */
    private void assertLastGoodSampleKept(String why) throws Exception {
        JsonNode network = json(node.get("/network"));
        assertThat(names(network)).containsExactly("lo", "eth0", "veth1a2b3c4", "eth0.100");
        assertThat(notes(network)).contains("the latest read failed, figures are from the sample before it: " + dev + ": " + why);
        HttpResponse<String> readyz = node.get("/readyz");
        assertThat(readyz.statusCode()).isEqualTo(200);
        assertThat(readyz.body()).isEqualTo("{\"status\":\"ready\",\"samples\":1}\n");
        HttpResponse<String> metrics = node.get("/metrics");
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.body()).contains("netmon_interface_receive_bytes_total{device=\"eth0\"} 2.89878558E8\n")
                .contains("netmon_interfaces 4.0\n");
        HttpResponse<String> history = node.get("/network/history?seconds=1&interface=eth0");
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(json(history).get("interfaces").get(0).get("bytes_received").toString()).isEqualTo("[289878558]");
    }

    private void assertNotReady(String why) throws Exception {
        for (String path : List.of("/readyz", "/network")) {
            HttpResponse<String> response = node.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(json(response).get("error").asText()).as(path).contains(dev + ": " + why);
        }
        // /metrics answers with what it has: the build, and the failed reads counted (docs/METRICS.md)
        HttpResponse<String> metrics = node.get("/metrics");
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.body()).contains("netmon_sample_failures_total 1.0\n").doesNotContain("netmon_interfaces ");
    }

    @Test
    void aDuplicateInterfaceNameIsAFailedReadAndMetricsKeepsAnswering() throws Exception {
        node.sampler.sampleOnce();
        Files.writeString(dev, Fixtures.labNodeDevWith(Fixtures.devRow("eth0", 1)));
        node.sampler.sampleOnce();
        assertLastGoodSampleKept("interface 'eth0' is listed twice, on rows 2 and 5");
    }

    @Test
    void aDuplicateBeforeAnyGoodSampleIsNotReadyWithTheReasonAndNoExceptionClass() throws Exception {
        Files.writeString(dev, Fixtures.DEV_HEADER + Fixtures.devRow("lo", 1) + Fixtures.devRow("lo", 2));
        node.sampler.sampleOnce();
        assertNotReady("interface 'lo' is listed twice, on rows 1 and 2");
        assertThat(node.get("/metrics").body()).doesNotContain("Exception");
    }

    @Test
    void aDuplicateProtocolRowOfTheModuleIsAFailedRead() throws Exception {
        Files.copy(NETMON, node.procRoot.resolve("net/netmon"));
        node.sampler.sampleOnce();
        assertThat(json(node.get("/network")).get("source").asText()).isEqualTo("kmod");
        Files.writeString(node.procRoot.resolve("net/netmon"), Files.readString(NETMON) + "1 lo ipv4 17 1 1 1 1\n");
        node.sampler.sampleOnce();
        HttpResponse<String> metrics = node.get("/metrics");
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(notes(json(node.get("/network")))).anySatisfy(note -> assertThat(note)
                .isEqualTo("the latest read failed, figures are from the sample before it: " + node.procRoot.resolve("net/netmon")
                        + ": the row of interface lo, family ipv4, protocol udp is listed twice"));
    }

    @Test
    void anEmptyDevFileIsAFailedReadNotANodeWithoutInterfaces() throws Exception {
        node.sampler.sampleOnce();
        Files.writeString(dev, "");
        node.sampler.sampleOnce();
        assertLastGoodSampleKept("no interface listed (a kernel always lists lo)");
    }

    @Test
    void aHeaderOnlyDevFileIsAFailedRead() throws Exception {
        node.sampler.sampleOnce();
        Files.writeString(dev, Fixtures.DEV_HEADER);
        node.sampler.sampleOnce();
        assertLastGoodSampleKept("no interface listed (a kernel always lists lo)");
    }

    @Test
    void anEmptyDevFileBeforeAnyGoodSampleIsNotReady() throws Exception {
        Files.writeString(dev, Fixtures.DEV_HEADER);
        node.sampler.sampleOnce();
        assertNotReady("no interface listed (a kernel always lists lo)");
    }
}
