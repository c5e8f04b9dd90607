package io.netmon.http;

import static io.netmon.PodTree.dev;
import static io.netmon.PodTree.netmon;
import static io.netmon.PodTree.snmp;
import static io.netmon.PodTree.snmp6;
import static io.netmon.PodTree.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmon.PodTree;
import io.netmon.PodTree.Driver;
import io.netmon.PodTree.Qos;
import io.netmon.history.HistoryConfig;
import io.netmon.metrics.PodMetrics;
import io.netmon.view.Selection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /network/pods, one pod, the pods of /metrics, the stream and the history, on a node made of files. */
class PodsApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String WEB = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    static final String DB = "11111111-2222-3333-4444-555555555555";
    static final String CACHE = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    static final String AGENT = "99999999-8888-7777-6666-555544443333";
    private static final long NODE_INODE = 4026531840L;
    private static final String PODS_PROCFS_NOTE = "netmon.ko is not loaded: each pod's protocol figures are packet "
            + "counts of its own network namespace from /proc/<pid>/net/snmp and snmp6 (tcp is ipv4 and ipv6 together, "
            + "family \"ip\"); bytes are null; interfaces count bytes";

    private FixtureNode node;
    private PodTree tree;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /**
     * web-0 (default) in a namespace of its own, node-agent (kube-system) on the host's network, and a pod the
     * kubelet's log directories do not name, with the module when {@code kmod}.
     */
    private void start(Path dir, boolean kmod, PodMetrics.Options metrics) throws Exception {
        tree = new PodTree(dir);
        if (kmod) {
            tree.nodeNetmon(netmon(NODE_INODE, "0 all ipv4 6 10 1000 10 1000"));
        }
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        web(0);
        tree.pod(Driver.CGROUPFS, Qos.BESTEFFORT, null, null, CACHE, 103);
        tree.netns(103, dev(640, 8, 320, 4), snmp(values()), snmp6(values()),
                kmod ? netmon(4026532290L, "0 all ipv6 58 8 512 4 256") : null);
        tree.pod(Driver.SYSTEMD, Qos.GUARANTEED, "kube-system", "node-agent", AGENT, 105);
        tree.hostNetwork(105);
        node = new FixtureNode(tree, new LiveOptions(HistoryConfig.defaults(Duration.ofSeconds(1)), 4, metrics));
    }

    private void start(Path dir, boolean kmod) throws Exception {
        start(dir, kmod, new PodMetrics.Options(PodMetrics.Level.PROTOCOLS, 200));
    }

    /**
     * web-0 at round {@code r}: eth0 has moved 98 B and 1 packet each way per round since 98,000 and 1000 in,
     * 49,000 and 500 out (one ping of 84 B, 98 with its Ethernet header); the module counts the pings.
     */
    private void web(int r) throws IOException {
        tree.netns(101, dev(98_000 + 98L * r, 1000 + r, 49_000 + 98L * r, 500 + r),
                snmp(values("Icmp.InMsgs", 37 + r, "Icmp.OutMsgs", 38 + r, "Udp.InDatagrams", 7, "Udp.NoPorts", 2,
                        "Udp.InErrors", 1, "Udp.OutDatagrams", 9, "Tcp.InSegs", 300, "Tcp.OutSegs", 200)),
                snmp6(values()),
                Files.exists(tree.proc.resolve("net/netmon")) ? netmon(4026532281L,
                        "0 all ipv4 1 " + (37 + r) + " " + 84 * (37 + r) + " " + (37 + r) + " " + 84 * (37 + r),
                        "0 all ipv4 17 10 1280 0 0",
                        "2 eth0 ipv4 1 " + (37 + r) + " " + 84 * (37 + r) + " " + (37 + r) + " " + 84 * (37 + r),
                        "2 eth0 ipv4 17 10 1280 0 0") : null);
    }

    private HttpResponse<String> get(String target) throws Exception {
        return node.get(target);
    }

    private JsonNode json(String target) throws Exception {
        HttpResponse<String> response = get(target);
        assertThat(response.statusCode()).as(target + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private String error(String target, int status) throws Exception {
        HttpResponse<String> response = get(target);
        assertThat(response.statusCode()).as(target).isEqualTo(status);
        return MAPPER.readTree(response.body()).get("error").asText();
    }

    private static List<String> pods(JsonNode body) {
        return StreamSupport.stream(body.get("pods").spliterator(), false)
                .map(p -> p.get("namespace").asText() + "/" + p.get("pod").asText()).toList();
    }

    /** An interface's JSON with its four main counters given and the twelve others 0. */
    private static String iface(String name, long rxBytes, long rxPackets, long txBytes, long txPackets) {
        return "{\"interface\":\"" + name + "\",\"bytes_received\":" + rxBytes + ",\"packets_received\":" + rxPackets
                + ",\"errors_received\":0,\"drops_received\":0,\"fifo_received\":0,\"frame_received\":0,"
                + "\"compressed_received\":0,\"multicast_received\":0,\"bytes_sent\":" + txBytes + ",\"packets_sent\":"
                + txPackets + ",\"errors_sent\":0,\"drops_sent\":0,\"fifo_sent\":0,\"collisions_sent\":0,"
                + "\"carrier_sent\":0,\"compressed_sent\":0}";
    }

    private static String row(String family, String protocol, String number, long rxp, Long rxb, long txp, Long txb) {
        return "{\"family\":\"" + family + "\",\"protocol\":\"" + protocol + "\",\"number\":" + number
                + ",\"packets_received\":" + rxp + ",\"bytes_received\":" + rxb + ",\"packets_sent\":" + txp
                + ",\"bytes_sent\":" + txb + "}";
    }

    @Test
    void withoutTheModuleEveryPodHasItsInterfacesAndItsNamespacesPackets(@TempDir Path dir) throws Exception {
        start(dir, false);
        node.sampler.sampleOnce();
        HttpResponse<String> response = get("/network/pods");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        String web = "{\"namespace\":\"default\",\"pod\":\"web-0\",\"uid\":\"" + WEB + "\",\"host_network\":false,"
                + "\"interfaces\":[" + iface("lo", 0, 0, 0, 0) + "," + iface("eth0", 98_000, 1000, 49_000, 500) + "],"
                + "\"protocols\":[" + String.join(",",
                        row("ipv4", "icmp", "1", 37, null, 38, null),
                        row("ipv4", "udp", "17", 10, null, 9, null),
                        row("ipv4", "udplite", "136", 0, null, 0, null),
                        row("ipv6", "udp", "17", 0, null, 0, null),
                        row("ipv6", "icmpv6", "58", 0, null, 0, null),
                        row("ipv6", "udplite", "136", 0, null, 0, null),
                        row("ip", "tcp", "6", 300, null, 200, null)) + "]}";
        String agent = "{\"namespace\":\"kube-system\",\"pod\":\"node-agent\",\"uid\":\"" + AGENT + "\","
                + "\"host_network\":true,\"interfaces\":[],\"protocols\":[]}";
        String cache = "{\"namespace\":null,\"pod\":null,\"uid\":\"" + CACHE + "\",\"host_network\":false,"
                + "\"interfaces\":[" + iface("lo", 0, 0, 0, 0) + "," + iface("eth0", 640, 8, 320, 4) + "],\"protocols\":[";
        assertThat(response.body()).startsWith("{\"source\":\"procfs\",\"timestamp\":\"2026-11-27T10:00:00Z\","
                + "\"module\":null,\"pods\":[" + web + "," + agent + "," + cache);
        assertThat(MAPPER.readTree(response.body()).get("notes").toString()).isEqualTo(MAPPER.writeValueAsString(List.of(
                PODS_PROCFS_NOTE, "1 pod has no directory in " + tree.logs + ": listed by UID alone")));
    }

    @Test
    void withTheModuleAPodHasItsNamespacesPacketsAndBytesAndTheHostNetworkIsTheHeadersInode(@TempDir Path dir)
            throws Exception {
        start(dir, true);
        node.sampler.sampleOnce();
        assertThat(get("/network/pods?namespace=default&protocol=icmp,udp").body()).isEqualTo("{\"source\":\"kmod\","
                + "\"timestamp\":\"2026-11-27T10:00:00Z\",\"module\":{\"version\":\"0.2.0\",\"format_version\":2},"
                + "\"pods\":[{\"namespace\":\"default\",\"pod\":\"web-0\",\"uid\":\"" + WEB + "\",\"host_network\":false,"
                + "\"interfaces\":[" + iface("lo", 0, 0, 0, 0) + "," + iface("eth0", 98_000, 1000, 49_000, 500) + "],"
                + "\"protocols\":[" + row("ipv4", "icmp", "1", 37, 3108L, 37, 3108L) + ","
                + row("ipv4", "udp", "17", 10, 1280L, 0, 0L) + "]}],\"notes\":[\"1 pod has no directory in " + tree.logs
                + ": listed by UID alone\"]}\n");
        assertThat(json("/network/pods?pod=web-0&protocol=tcp").get("pods").get(0).get("protocols").toString())
                .as("a protocol the pod never saw: zero rows, one per family, as /network answers")
                .isEqualTo("[" + row("ipv4", "tcp", "6", 0, 0L, 0, 0L) + "," + row("ipv6", "tcp", "6", 0, 0L, 0, 0L) + "]");
        JsonNode all = json("/network/pods");
        assertThat(all.get("pods").get(1).get("host_network").asBoolean()).isTrue();
        assertThat(all.get("pods").get(2).get("protocols").toString())
                .isEqualTo("[" + row("ipv6", "icmpv6", "58", 8, 512L, 4, 256L) + "]");
    }

    @Test
    void filtersNarrowThePodsAndTheirRowsAndAreRefusedAsNetworkRefusesItsOwn(@TempDir Path dir) throws Exception {
        start(dir, false);
        assertThat(error("/network/pods", 503)).isEqualTo("no sample yet; the first is on its way");
        node.sampler.sampleOnce();
        assertThat(pods(json("/network/pods?namespace=kube-system"))).containsExactly("kube-system/node-agent");
        assertThat(pods(json("/network/pods?pod=web-0,node-agent"))).containsExactly("default/web-0", "kube-system/node-agent");
        assertThat(pods(json("/network/pods?namespace=default&namespace=kube-system&pod=web-0"))).containsExactly("default/web-0");
        JsonNode icmp = json("/network/pods?pod=web-0&protocol=icmp&family=ipv4");
        assertThat(icmp.get("pods").get(0).get("protocols").toString()).isEqualTo("[" + row("ipv4", "icmp", "1", 37, null, 38, null) + "]");
        assertThat(json("/network/pods?protocol=gre").get("notes").toString()).contains("'gre' has no count without netmon.ko");

        assertThat(error("/network/pods?namespace=prod", 404)).isEqualTo("no pod in namespace 'prod'");
        assertThat(error("/network/pods?pod=web-1", 404)).isEqualTo("no pod named 'web-1'");
        assertThat(error("/network/pods?namespace=kube-system&pod=web-0", 404))
                .isEqualTo("no pod named 'web-0' in namespace 'kube-system'");
        assertThat(error("/network/pods?namespace=prod&protocol=tcpp", 404)).as("pods before protocols, as /network")
                .isEqualTo("no pod in namespace 'prod'");
        assertThat(error("/network/pods?protocol=tcpp", 400)).startsWith("unknown protocol 'tcpp': give a number 0..255");
        assertThat(error("/network/pods?family=ipv5", 400)).isEqualTo("unknown family 'ipv5': give ipv4, ipv6 or ip");
        assertThat(error("/network/pods?interface=eth0", 400))
                .isEqualTo("unknown query parameter 'interface'; accepted: namespace, pod, protocol, family");
        assertThat(error("/network/pods?namespace=", 400)).isEqualTo("query parameter 'namespace' needs a value");
    }

    @Test
    void onePodIsItsObjectWithTheHeaderAndItsNotes(@TempDir Path dir) throws Exception {
        start(dir, false);
        node.sampler.sampleOnce();
        JsonNode web = json("/network/pods/default/web-0?protocol=icmp");
        assertThat(web.get("source").asText()).isEqualTo("procfs");
        assertThat(web.get("pod").asText()).isEqualTo("web-0");
        assertThat(web.get("uid").asText()).isEqualTo(WEB);
        assertThat(web.get("interfaces").get(1).get("bytes_received").asLong()).isEqualTo(98_000);
        assertThat(web.get("protocols").toString()).isEqualTo("[" + row("ipv4", "icmp", "1", 37, null, 38, null) + "]");
        assertThat(web.get("notes").toString()).isEqualTo(MAPPER.writeValueAsString(List.of(PODS_PROCFS_NOTE,
                "1 pod has no directory in " + tree.logs + ": listed by UID alone")));
        assertThat(json("/network/pods/kube-system/node-agent").get("host_network").asBoolean()).isTrue();
        assertThat(error("/network/pods/default/web-1", 404)).isEqualTo("no pod named 'web-1' in namespace 'default'");
        assertThat(error("/network/pods/default", 404)).startsWith("no such path: /network/pods/default");
        assertThat(error("/network/pods/default/web-0/eth0", 404)).startsWith("no such path");
        assertThat(error("/network/pods/default/web-0?namespace=x", 400))
                .isEqualTo("unknown query parameter 'namespace'; accepted: protocol, family");
    }

    @Test
    void withPodsOffThereAreNoneAndANoteSaysWhy(@TempDir Path root) throws Exception {
        node = new FixtureNode(root);
        node.sampler.sampleOnce();
        JsonNode body = json("/network/pods");
        assertThat(body.get("pods")).isEmpty();
        assertThat(body.get("notes").toString()).contains("pods are not looked for (netmon serve --pods off)");
        assertThat(metrics()).doesNotContain("netmon_pod");
    }

    private String metrics() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void metricsHaveEachPodsSeriesAndAPodThatIsGoneHasNoneAtTheNextSample(@TempDir Path dir) throws Exception {
        start(dir, true);
        node.sampler.sampleOnce();
        String text = metrics();
        assertThat(text).contains(
                "netmon_pod_receive_bytes_total{namespace=\"default\",pod=\"web-0\"} 98000.0\n",
                "netmon_pod_transmit_packets_total{namespace=\"default\",pod=\"web-0\"} 500.0\n",
                "netmon_pod_receive_bytes_total{namespace=\"\",pod=\"" + CACHE + "\"} 640.0\n",
                "netmon_pod_protocol_bytes_total{direction=\"receive\",family=\"ipv4\",namespace=\"default\",pod=\"web-0\","
                        + "protocol=\"icmp\"} 3108.0\n",
                "netmon_pod_protocol_packets_total{direction=\"transmit\",family=\"ipv6\",namespace=\"\",pod=\"" + CACHE
                        + "\",protocol=\"icmpv6\"} 4.0\n",
                "netmon_pods 2.0\n", "netmon_pods_omitted 0.0\n");
        assertThat(text).as("a pod on the host's network is the node's").doesNotContain("node-agent");
        deleteTree(tree.cgroup.resolve("kubepods.slice/kubepods-burstable.slice"));
        node.sampler.sampleOnce();
        text = metrics();
        assertThat(text).doesNotContain("web-0").contains("netmon_pods 1.0\n");
        assertThat(pods(json("/network/pods"))).containsExactly("kube-system/node-agent", "null/null");
    }

    @Test
    void streamEventsCarryEachPodsRatesAndTheProtocolsThatMoved(@TempDir Path dir) throws Exception {
        start(dir, true);
        node.sampler.sampleOnce();
        web(5);
        node.sampler.sampleOnce();
        String event = new String(EventStreams.render(node.live.history().latestRates(), Selection.ALL), StandardCharsets.UTF_8);
        JsonNode data = MAPPER.readTree(event.substring(event.indexOf("data: ") + 6));
        assertThat(data.get("pods").toString()).isEqualTo("[{\"namespace\":\"default\",\"pod\":\"web-0\",\"uid\":\"" + WEB
                + "\",\"segment_start\":false,\"bytes_received\":98490,\"bytes_sent\":49490,"
                + "\"bytes_received_per_second\":490.0,\"packets_received_per_second\":5.0,"
                + "\"bytes_sent_per_second\":490.0,\"packets_sent_per_second\":5.0,"
                + "\"protocols\":[{\"family\":\"ipv4\",\"protocol\":\"icmp\",\"number\":1,"
                + "\"bytes_received_per_second\":420.0,\"packets_received_per_second\":5.0,"
                + "\"bytes_sent_per_second\":420.0,\"packets_sent_per_second\":5.0}]},"
                + "{\"namespace\":null,\"pod\":null,\"uid\":\"" + CACHE + "\",\"segment_start\":false,\"bytes_received\":640,"
                + "\"bytes_sent\":320,\"bytes_received_per_second\":0.0,\"packets_received_per_second\":0.0,"
                + "\"bytes_sent_per_second\":0.0,\"packets_sent_per_second\":0.0,\"protocols\":[]}]");
        String kubeSystem = new String(EventStreams.render(node.live.history().latestRates(),
                new Selection(Set.of(), io.netmon.source.ProtocolFilter.ALL, Set.of("default"), Set.of())),
                StandardCharsets.UTF_8);
        assertThat(MAPPER.readTree(kubeSystem.substring(kubeSystem.indexOf("data: ") + 6)).get("pods"))
                .extracting(p -> p.get("pod").asText()).containsExactly("web-0");
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(node.url("/network/stream?namespace=prod"))).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(get("/network/stream?pod=web-9").body()).isEqualTo("{\"error\":\"no pod named 'web-9'\"}\n");
    }

    @Test
    void historyHasEachPodsTrafficColumns(@TempDir Path dir) throws Exception {
        start(dir, false);
        for (int r = 0; r < 3; r++) {
            web(r * r);
            node.sampler.sampleOnce();
        }
        JsonNode history = json("/network/history?seconds=3&pod=web-0");
        assertThat(history.get("pods").toString()).isEqualTo("[{\"namespace\":\"default\",\"pod\":\"web-0\",\"uid\":\""
                + WEB + "\",\"segment_starts\":[0],\"bytes_received\":[98000,98098,98392],"
                + "\"packets_received\":[1000,1001,1004],\"bytes_sent\":[49000,49098,49392],\"packets_sent\":[500,501,504],"
                + "\"bytes_received_per_second\":[null,98.0,294.0],\"packets_received_per_second\":[null,1.0,3.0],"
                + "\"bytes_sent_per_second\":[null,98.0,294.0],\"packets_sent_per_second\":[null,1.0,3.0]}]");
        assertThat(json("/network/history?seconds=3").get("pods")).extracting(p -> p.get("uid").asText())
                .as("every pod with a namespace of its own").containsExactly(WEB, CACHE);
        assertThat(error("/network/history?namespace=prod", 404)).isEqualTo("no pod in namespace 'prod'");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
