package io.netmon.http;

import static io.netmon.PodTree.dev;
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
import io.netmon.source.ProtocolFilter;
import io.netmon.view.Selection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream's {@code host_network_pods}: the pods on the node's network, which have no rates of their own and
 * so are not among the event's {@code pods}, named in every event, filtered as the pods are, and gone with the
 * sample they are gone from. The dashboard lists them live from it.
 */
class HostNetworkPodsStreamTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String WEB = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final String AGENT = "99999999-8888-7777-6666-555544443333";
    private static final String PROXY = "12345678-9abc-def0-1234-56789abcdef0";

    private FixtureNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private JsonNode event(Selection selection) throws Exception {
        String text = new String(EventStreams.render(node.live.history().latestRates(), selection), StandardCharsets.UTF_8);
        return MAPPER.readTree(text.substring(text.indexOf("data: ") + 6));
    }

    @Test
    void eventsNameThePodsOnTheHostNetworkBesideThePodsWithRates(@TempDir Path dir) throws Exception {
        PodTree tree = new PodTree(dir);
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, dev(98_000, 1000, 49_000, 500), snmp(values()), snmp6(values()), null);
        Path agent = tree.pod(Driver.SYSTEMD, Qos.GUARANTEED, "kube-system", "node-agent", AGENT, 105);
        tree.hostNetwork(105);
        tree.pod(Driver.CGROUPFS, Qos.BESTEFFORT, null, null, PROXY, 107);
        tree.hostNetwork(107);
        node = new FixtureNode(tree, new LiveOptions(HistoryConfig.defaults(Duration.ofSeconds(1)), 4,
                new PodMetrics.Options(PodMetrics.Level.PROTOCOLS, 200)));
        node.sampler.sampleOnce();

        JsonNode all = event(Selection.ALL);
        assertThat(all.get("pods")).extracting(p -> p.get("uid").asText()).as("the pods with rates").containsExactly(WEB);
        assertThat(all.get("host_network_pods").toString()).isEqualTo("[{\"namespace\":\"kube-system\",\"pod\":\"node-agent\","
                + "\"uid\":\"" + AGENT + "\"},{\"namespace\":null,\"pod\":null,\"uid\":\"" + PROXY + "\"}]");
        JsonNode kubeSystem = event(new Selection(Set.of(), ProtocolFilter.ALL, Set.of("kube-system"), Set.of()));
        assertThat(kubeSystem.get("pods")).isEmpty();
        assertThat(kubeSystem.get("host_network_pods")).extracting(p -> p.get("pod").asText()).containsExactly("node-agent");
        JsonNode web = event(new Selection(Set.of(), ProtocolFilter.ALL, Set.of(), Set.of("web-0")));
        assertThat(web.get("host_network_pods")).as("a pod not named web-0, and pods without a name").isEmpty();

        deleteTree(agent);
        node.sampler.sampleOnce();
        assertThat(event(Selection.ALL).get("host_network_pods")).extracting(p -> p.get("uid").asText())
                .as("node-agent is gone with the sample it is gone from").containsExactly(PROXY);
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
