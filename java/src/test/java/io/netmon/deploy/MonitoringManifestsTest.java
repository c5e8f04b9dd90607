package io.netmon.deploy;

import static io.netmon.deploy.Kustomize.container;
import static io.netmon.deploy.Kustomize.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What `kubectl apply -k monitoring/` would create beside `kubectl apply -k k8s/`: the operator's objects and the dashboard. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class MonitoringManifestsTest {

    private List<JsonNode> docs;
    private JsonNode podMonitor;
    private JsonNode pod;

    @BeforeAll
    void render() {
        docs = Kustomize.render("monitoring");
        podMonitor = only(docs, "PodMonitor");
        pod = only(Kustomize.render("k8s"), "DaemonSet").path("spec").path("template");
    }

    @Test
    void rendersAPodMonitorARuleAndTheDashboardInTheNetmonNamespace() {
        assertThat(docs).extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("PodMonitor", "PrometheusRule", "ConfigMap");
        assertThat(docs).allSatisfy(d -> assertThat(d.path("metadata").path("namespace").asText()).isEqualTo("netmon"));
        assertThat(podMonitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    }

    @Test
    void thePodMonitorScrapesTheDaemonSetsPodsWhereTheirAnnotationsSay() {
        JsonNode spec = podMonitor.path("spec");
        JsonNode podLabels = pod.path("metadata").path("labels");
        spec.path("selector").path("matchLabels").properties().forEach(label ->
                assertThat(podLabels.path(label.getKey()).asText()).as("pods carry %s", label.getKey())
                        .isEqualTo(label.getValue().asText()));
        assertThat(spec.path("jobLabel").asText()).isEqualTo("app.kubernetes.io/name");
        assertThat(podLabels.path("app.kubernetes.io/name").asText()).as("job=\"netmon\", as the rules expect").isEqualTo("netmon");
        assertThat(spec.path("podMetricsEndpoints")).hasSize(1);
        JsonNode endpoint = spec.path("podMetricsEndpoints").get(0);
        JsonNode annotations = pod.path("metadata").path("annotations");
        assertThat(endpoint.path("path").asText()).isEqualTo(annotations.path("prometheus.io/path").asText());
        JsonNode port = container(pod.path("spec").path("containers"), "netmon").path("ports").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo(port.path("name").asText());
        assertThat(port.path("containerPort").asText()).isEqualTo(annotations.path("prometheus.io/port").asText());
    }

    @Test
    void thePodMonitorNamesTheNodeAndDropsTheNetmonPodsOwnLabels() {
        JsonNode relabelings = podMonitor.path("spec").path("podMetricsEndpoints").get(0).path("relabelings");
        assertThat(relabelings).hasSize(2);
        assertThat(relabelings.get(0).path("sourceLabels").toString()).isEqualTo("[\"__meta_kubernetes_pod_node_name\"]");
        assertThat(relabelings.get(0).path("targetLabel").asText()).isEqualTo("node");
        assertThat(relabelings.get(1).path("action").asText()).isEqualTo("labeldrop");
        String dropped = relabelings.get(1).path("regex").asText();
        for (String label : List.of("namespace", "pod", "container", "endpoint")) {
            assertThat(label).matches(dropped);
        }
        for (String kept : List.of("node", "job", "instance", "device")) {
            assertThat(kept).doesNotMatch(dropped);
        }
    }

    @Test
    void thePrometheusRuleHoldsExactlyTheRulesFilesGroups() {
        JsonNode rule = only(docs, "PrometheusRule");
        JsonNode rules = Kustomize.readYaml("monitoring/prometheus/netmon.rules.yml");
        assertThat(rule.path("spec")).as("run monitoring/operator/prometheusrule.sh after changing netmon.rules.yml")
                .isEqualTo(rules);
        List<String> groups = new ArrayList<>();
        rules.path("groups").forEach(g -> groups.add(g.path("name").asText()));
        assertThat(groups).containsExactly("netmon.rates", "netmon.baseline", "netmon.alerts");
    }

    @Test
    void theDashboardIsAConfigMapGrafanasSidecarPicksUp() throws IOException {
        JsonNode map = only(docs, "ConfigMap");
        assertThat(map.path("metadata").path("name").asText()).isEqualTo("netmon-grafana-dashboard");
        assertThat(map.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(map.path("data").path("netmon.json").asText())
                .isEqualTo(Files.readString(Kustomize.repoRoot().resolve("monitoring/grafana/netmon.json")));
    }
}
