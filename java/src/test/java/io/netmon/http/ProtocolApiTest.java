package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmon.Fixtures;
import io.netmon.view.ProtocolRows;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-protocol answers from the module's file and from the snmp fallback, and the switch between them. */
class ProtocolApiTest {
    private static final Path NETMON = Fixtures.DIR.resolve("proc-net-netmon-lab-node.txt");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FixtureNode node;

    @BeforeEach
    void start(@TempDir Path root) throws Exception {
        node = new FixtureNode(root);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void loadModule() throws IOException {
        Files.copy(NETMON, node.procRoot.resolve("net/netmon"));
    }

    private HttpResponse<String> get(String target) throws Exception {
        return node.get(target);
    }

    private JsonNode json(String target) throws Exception {
        HttpResponse<String> response = get(target);
        assertThat(response.statusCode()).as(target + " -> " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    /** Each protocol row as "interface family protocol number rxp rxb txp txb". */
    private static List<String> rows(JsonNode document) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : document.get("protocols")) {
            out.add(String.join(" ", p.get("interface").asText(), p.get("family").asText(), p.get("protocol").asText(),
                    p.get("number").asText(), p.get("packets_received").asText(), p.get("bytes_received").asText(),
                    p.get("packets_sent").asText(), p.get("bytes_sent").asText()));
        }
        return out;
    }

    @Test
    void moduleRowsAreServedExactlyWithTheModuleVersions() throws Exception {
        loadModule();
        node.sampler.sampleOnce();
        JsonNode body = json("/network");
        assertThat(body.get("source").asText()).isEqualTo("kmod");
        assertThat(body.get("module").toString()).isEqualTo("{\"version\":\"0.1.0\",\"format_version\":1}");
        assertThat(rows(body)).containsExactly(
                "all ipv4 icmp 1 74 6216 74 6216",
                "all ipv4 tcp 6 1200 9000000 1100 88000",
                "all ipv4 udp 17 10 1280 10 1280",
                "all ipv6 icmpv6 58 4 416 4 416",
                "all ipv6 unknown null 1 40 0 0");
        assertThat(body.get("notes")).isEmpty();
    }

    @Test
    void interfaceAndProtocolFiltersUseThePerInterfaceRows() throws Exception {
        loadModule();
        node.sampler.sampleOnce();
        assertThat(rows(json("/network?interface=eth0&protocol=tcp"))).containsExactly("eth0 ipv4 tcp 6 1200 9000000 1100 88000");
        assertThat(rows(json("/network?interface=lo,eth0&protocol=1,icmpv6"))).containsExactly(
                "lo ipv4 icmp 1 74 6216 74 6216",
                "lo ipv6 icmpv6 58 4 416 4 416",
                "eth0 ipv4 icmp 1 0 0 0 0",
                "eth0 ipv4 icmpv6 58 0 0 0 0",
                "eth0 ipv6 icmp 1 0 0 0 0",
                "eth0 ipv6 icmpv6 58 0 0 0 0");
        assertThat(rows(json("/network?interface=eth0&family=ipv6"))).containsExactly("eth0 ipv6 unknown null 1 40 0 0");
        assertThat(rows(json("/network/protocols?interface=eth0&protocol=other"))).containsExactly("eth0 ipv4 other null 2 120 0 0");
    }

    @Test
    void aValidProtocolWithNoTrafficIsZeroNotAnError() throws Exception {
        loadModule();
        node.sampler.sampleOnce();
        assertThat(rows(json("/network/protocols?protocol=sctp"))).containsExactly(
                "all ipv4 sctp 132 0 0 0 0", "all ipv6 sctp 132 0 0 0 0");
        assertThat(rows(json("/network/protocols?protocol=sctp&family=ipv6"))).containsExactly("all ipv6 sctp 132 0 0 0 0");
    }

    @Test
    void oneProtocolIsSummedOverFamiliesThenGivenPerFamily() throws Exception {
        loadModule();
        node.sampler.sampleOnce();
        JsonNode udp = json("/network/protocols/udp");
        assertThat(udp.get("protocol").asText()).isEqualTo("udp");
        assertThat(udp.get("number").asInt()).isEqualTo(17);
        assertThat(udp.get("packets_received").asLong()).isEqualTo(10);
        assertThat(udp.get("bytes_sent").asLong()).isEqualTo(1280);
        assertThat(udp.get("families")).hasSize(1);
        assertThat(udp.get("families").get(0).get("family").asText()).isEqualTo("ipv4");
        assertThat(udp.get("families").get(0).get("packets_sent").asLong()).isEqualTo(10);
        JsonNode tcp = json("/network/protocols/tcp");
        assertThat(tcp.get("packets_received").asLong()).isEqualTo(1200);
        assertThat(tcp.get("families")).hasSize(1);
        JsonNode icmp = json("/network/protocols/1?interface=lo");
        assertThat(icmp.get("interface").asText()).isEqualTo("lo");
        assertThat(icmp.get("bytes_received").asLong()).isEqualTo(6216);
    }

    @Test
    void withoutTheModuleProtocolsAreHostPacketsFromSnmpAndSaySo() throws Exception {
        node.sampler.sampleOnce();
        JsonNode body = json("/network?interface=eth0");
        assertThat(body.get("source").asText()).isEqualTo("procfs");
        assertThat(body.get("module").isNull()).isTrue();
        assertThat(rows(body)).containsExactly(
                "all ipv4 icmp 1 1 null 0 null",
                "all ipv4 udp 17 2258 null 2259 null",
                "all ipv4 udplite 136 0 null 0 null",
                "all ipv6 udp 17 10 null 10 null",
                "all ipv6 icmpv6 58 1 null 9 null",
                "all ipv6 udplite 136 0 null 0 null",
                "all ip tcp 6 11773 null 7657 null");
        assertThat(body.get("notes").get(0).asText()).isEqualTo(ProtocolRows.PROCFS_NOTE);
        assertThat(body.get("notes").get(1).asText()).isEqualTo(ProtocolRows.HOST_LEVEL_NOTE);
        JsonNode sctp = json("/network/protocols?protocol=sctp");
        assertThat(sctp.get("protocols")).isEmpty();
        assertThat(sctp.get("notes").get(1).asText()).startsWith("'sctp' has no count without netmon.ko");
    }

    @Test
    void theSourceFollowsTheModuleBeingLoadedAndUnloadedWithoutARestart() throws Exception {
        node.sampler.sampleOnce();
        assertThat(json("/network").get("source").asText()).isEqualTo("procfs");
        loadModule();
        node.sampler.sampleOnce();
        assertThat(json("/network").get("source").asText()).isEqualTo("kmod");
        Files.delete(node.procRoot.resolve("net/netmon"));
        node.sampler.sampleOnce();
        assertThat(json("/network").get("source").asText()).isEqualTo("procfs");
    }

    @Test
    void anUnknownModuleFormatIsAClearErrorNotAGuess() throws Exception {
        Files.writeString(node.procRoot.resolve("net/netmon"),
                "netmon 3 0.3.0\nifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n");
        node.sampler.sampleOnce();
        HttpResponse<String> response = get("/network");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(MAPPER.readTree(response.body()).get("error").asText())
                .contains("format version 3 is not supported (this build reads versions 1 to 2): upgrade netmon");
    }

    @Test
    void badProtocolQueriesAre400() throws Exception {
        loadModule();
        node.sampler.sampleOnce();
        HttpResponse<String> protocol = get("/network?protocol=tcpp");
        assertThat(protocol.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(protocol.body()).get("error").asText()).startsWith("unknown protocol 'tcpp'");
        assertThat(get("/network?protocol=256").statusCode()).isEqualTo(400);
        assertThat(get("/network?family=ipv5").statusCode()).isEqualTo(400);
        assertThat(get("/network/protocols/bogus").statusCode()).isEqualTo(400);
        assertThat(get("/network/protocols/tcp?protocol=udp").statusCode()).isEqualTo(400);
        assertThat(get("/network/protocols?interface=wlan9").statusCode()).isEqualTo(404);
    }

    @Test
    void moduleRowsReachMetricsAndHistory() throws Exception {
        loadModule();
        node.sampler.sampleOnce();
        String metrics = get("/metrics").body();
        assertThat(metrics)
                .contains("netmon_interface_protocol_bytes_total{device=\"lo\",direction=\"receive\",family=\"ipv4\",protocol=\"icmp\"} 6216.0")
                .contains("netmon_interface_protocol_packets_total{device=\"eth0\",direction=\"transmit\",family=\"ipv4\",protocol=\"tcp\"} 1100.0")
                .contains("netmon_protocol_bytes_total{direction=\"receive\",family=\"ipv4\",protocol=\"tcp\"} 9000000.0")
                .contains("netmon_module_info{format_version=\"1\",module_version=\"0.1.0\"} 1")
                .contains("netmon_source_info{source=\"kmod\"} 1");
        JsonNode history = json("/network/history?protocol=icmp&family=ipv4");
        assertThat(history.get("protocols")).hasSize(1);
        JsonNode icmp = history.get("protocols").get(0);
        assertThat(icmp.get("protocol").asText()).isEqualTo("icmp");
        assertThat(icmp.get("bytes_received").toString()).isEqualTo("[6216]");
        assertThat(icmp.get("packets_sent").toString()).isEqualTo("[74]");
    }
}
