package io.netmon.deploy;

import static io.netmon.deploy.Kustomize.allContainers;
import static io.netmon.deploy.Kustomize.container;
import static io.netmon.deploy.Kustomize.env;
import static io.netmon.deploy.Kustomize.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What `kubectl apply -k k8s/` would create: the properties issue 5 asks of the DaemonSet form. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class DaemonSetManifestsTest {

    private List<JsonNode> docs;
    private JsonNode daemonSet;
    private JsonNode pod;
    private JsonNode serving;
    private JsonNode loader;

    @BeforeAll
    void render() {
        docs = Kustomize.render("k8s");
        daemonSet = only(docs, "DaemonSet");
        pod = daemonSet.path("spec").path("template").path("spec");
        serving = container(pod.path("containers"), "netmon");
        loader = container(pod.path("initContainers"), "load-module");
    }

    @Test
    void rendersNamespaceServiceAccountLoaderConfigMapServiceAndDaemonSet() {
        assertThat(docs).extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("Namespace", "ServiceAccount", "ConfigMap", "Service", "DaemonSet");
    }

    @Test
    void everyNamespacedObjectLivesInTheNetmonNamespace() {
        assertThat(only(docs, "Namespace").path("metadata").path("name").asText()).isEqualTo("netmon");
        assertThat(docs).filteredOn(d -> !"Namespace".equals(d.path("kind").asText()))
                .allSatisfy(d -> assertThat(d.path("metadata").path("namespace").asText())
                        .as("namespace of %s", d.path("kind").asText()).isEqualTo("netmon"));
    }

    @Test
    void namespaceAdmitsThePrivilegedLoader() {
        assertThat(only(docs, "Namespace").path("metadata").path("labels")
                .path("pod-security.kubernetes.io/enforce").asText()).isEqualTo("privileged");
    }

    @Test
    void daemonSetRunsOnHostNetworkOnPort3000() {
        assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
        assertThat(pod.path("dnsPolicy").asText()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(serving.path("ports")).hasSize(1);
        JsonNode port = serving.path("ports").get(0);
        assertThat(port.path("name").asText()).isEqualTo("http");
        assertThat(port.path("containerPort").asInt()).isEqualTo(3000);
        assertThat(port.path("hostPort").asInt()).isEqualTo(3000);
        assertThat(port.path("protocol").asText()).isEqualTo("TCP");
        assertThat(env(serving, "NETMON_PORT")).isEqualTo("3000");
    }

    @Test
    void servingContainerReadsTheNodesProcNetThroughHostNetworkAndItsPodsThroughHostPid() {
        assertThat(env(serving, "NETMON_PROC_ROOT")).as("default /proc: hostNetwork makes /proc/net the node's, "
                + "hostPID /proc/<pid> the node's processes").isNull();
        assertThat(pod.path("hostPID").asBoolean()).isTrue();
        assertThat(serving.path("volumeMounts")).extracting(m -> m.path("mountPath").asText())
                .containsExactly("/tmp", "/host/sys/fs/cgroup", "/host/var/log/pods");
        assertThat(volume("tmp").has("emptyDir")).isTrue();
        assertThat(serving.path("volumeMounts")).filteredOn(m -> m.path("mountPath").asText().startsWith("/host/"))
                .allSatisfy(m -> assertThat(m.path("readOnly").asBoolean()).as(m.path("mountPath").asText()).isTrue());
        assertThat(volume("host-cgroup").path("hostPath").path("path").asText()).isEqualTo("/sys/fs/cgroup");
        assertThat(volume("host-pod-logs").path("hostPath").path("path").asText()).isEqualTo("/var/log/pods");
        assertThat(env(serving, "NETMON_CGROUP_ROOT")).isEqualTo("/host/sys/fs/cgroup");
        assertThat(env(serving, "NETMON_POD_LOG_ROOT")).isEqualTo("/host/var/log/pods");
    }

    @Test
    void probesCheckHealthzAndReadyzOnTheServingPort() {
        JsonNode liveness = serving.path("livenessProbe").path("httpGet");
        JsonNode readiness = serving.path("readinessProbe").path("httpGet");
        assertThat(liveness.path("path").asText()).isEqualTo("/healthz");
        assertThat(readiness.path("path").asText()).isEqualTo("/readyz");
        assertThat(List.of(liveness.path("port").asText(), readiness.path("port").asText()))
                .allSatisfy(p -> assertThat(p).isIn("http", "3000"));
    }

    @Test
    void servingContainerRunsAsNonRootOnAReadOnlyRootWithNoCapabilities() {
        JsonNode sc = serving.path("securityContext");
        assertThat(sc.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(sc.path("runAsUser").asInt()).isEqualTo(65532);
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(sc.path("privileged").asBoolean(false)).isFalse();
        assertThat(sc.path("capabilities").path("drop")).extracting(JsonNode::asText).containsExactly("ALL");
        assertThat(sc.path("capabilities").has("add")).isFalse();
        assertThat(sc.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    }

    @Test
    void onlyTheLoaderInitContainerIsPrivileged() {
        assertThat(allContainers(pod))
                .filteredOn(c -> c.path("securityContext").path("privileged").asBoolean(false))
                .extracting(c -> c.path("name").asText())
                .containsExactly("load-module");
        assertThat(loader.path("securityContext").path("runAsUser").asInt(-1)).isZero();
    }

    @Test
    void loaderRunsTheScriptFromItsConfigMapAndSeesTheHostModulesReadOnly() throws IOException {
        JsonNode configMap = only(docs, "ConfigMap");
        String script = Files.readString(Kustomize.repoRoot().resolve("k8s/base/load-module.sh"));
        assertThat(configMap.path("data").path("load-module.sh").asText()).isEqualTo(script);
        assertThat(volume("loader").path("configMap").path("name").asText())
                .isEqualTo(configMap.path("metadata").path("name").asText());

        assertThat(loader.path("command")).extracting(JsonNode::asText).containsExactly("/bin/sh", "/loader/load-module.sh");
        assertThat(loader.path("volumeMounts")).allSatisfy(m -> assertThat(m.path("readOnly").asBoolean())
                .as("mount %s read-only", m.path("mountPath").asText()).isTrue());
        assertThat(loader.path("volumeMounts")).extracting(m -> m.path("mountPath").asText())
                .containsExactlyInAnyOrder("/loader", "/host/opt/netmon", "/host/lib/modules");
        assertThat(volume("host-opt-netmon").path("hostPath").path("path").asText()).isEqualTo("/opt/netmon");
        assertThat(volume("host-lib-modules").path("hostPath").path("path").asText()).isEqualTo("/lib/modules");
    }

    @Test
    void everyContainerUsesTheImageNamedOnceInTheBaseKustomization() {
        String image = Kustomize.imageFromKustomization(Kustomize.readYaml("k8s/base/kustomization.yaml"));
        assertThat(image).isEqualTo("netmon:" + System.getProperty("netmon.version"));
        assertThat(allContainers(pod)).extracting(c -> c.path("image").asText()).containsOnly(image);
        assertThat(Kustomize.readYaml("k8s/kustomization.yaml").has("images")).isFalse();
        assertThat(Kustomize.readYaml("k8s/overlays/single-node/kustomization.yaml").has("images")).isFalse();
    }

    @Test
    void imageIsTheNixImageTaggedWithTheProjectVersion() throws IOException {
        String image = Kustomize.imageFromKustomization(Kustomize.readYaml("k8s/base/kustomization.yaml"));
        String flake = Files.readString(Kustomize.repoRoot().resolve("flake.nix"));
        String pom = Files.readString(Kustomize.repoRoot().resolve("pom.xml"));
        String version = capture(pom, "<artifactId>netmon</artifactId>\\s*<version>([^<]+)</version>");
        assertThat(capture(flake, "imageName = \"([^\"]+)\";") + ":" + capture(flake, "version = \"([^\"]+)\";"))
                .isEqualTo(image);
        assertThat(image).endsWith(":" + version);
    }

    @Test
    void jnaUnpacksIntoTheWritableTmpAndTheHeapFitsTheMemoryLimit() {
        String opts = env(serving, "JAVA_TOOL_OPTIONS");
        assertThat(opts).contains("-Djna.tmpdir=/tmp");
        int percent = Integer.parseInt(capture(opts, "-XX:MaxRAMPercentage=(\\d+)"));
        assertThat(percent).isBetween(25, 75);

        JsonNode resources = serving.path("resources");
        assertThat(resources.path("requests").path("cpu").asText()).isNotEmpty();
        assertThat(resources.path("requests").path("memory").asText()).isNotEmpty();
        assertThat(resources.path("limits").path("memory").asText()).isEqualTo("256Mi");
        assertThat(resources.path("limits").path("cpu").asText()).isNotEmpty();
        assertThat(loader.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    }

    @Test
    void toleratesEveryTaintSoControlPlaneNodesAreWatchedToo() {
        assertThat(pod.path("tolerations")).anySatisfy(t -> {
            assertThat(t.path("operator").asText()).isEqualTo("Exists");
            assertThat(t.has("key")).isFalse();
            assertThat(t.has("effect")).isFalse();
        });
    }

    @Test
    void terminationGracePeriodCoversTheFiveSecondShutdown() {
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isBetween(6, 30);
    }

    @Test
    void podHasNoServiceAccountToken() {
        assertThat(pod.path("automountServiceAccountToken").isBoolean()).isTrue();
        assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("netmon");
    }

    @Test
    void serviceSelectsThePodsOnPort3000ForPrometheus() {
        JsonNode service = only(docs, "Service");
        JsonNode labels = daemonSet.path("spec").path("template").path("metadata").path("labels");
        service.path("spec").path("selector").properties().forEach(
                e -> assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
        assertThat(service.path("spec").path("selector").size()).isPositive();
        JsonNode port = service.path("spec").path("ports").get(0);
        assertThat(port.path("port").asInt()).isEqualTo(3000);
        assertThat(port.path("targetPort").asText()).isIn("http", "3000");

        JsonNode annotations = service.path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("3000");
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
    }

    @Test
    void everyMountedVolumeIsDeclaredAndEveryDeclaredVolumeIsMounted() {
        Set<String> declared = new HashSet<>();
        pod.path("volumes").forEach(v -> declared.add(v.path("name").asText()));
        List<String> mounted = new ArrayList<>();
        allContainers(pod).forEach(c -> c.path("volumeMounts").forEach(m -> mounted.add(m.path("name").asText())));
        assertThat(Set.copyOf(mounted)).isEqualTo(declared);
        assertThat(pod.path("volumes")).filteredOn(v -> v.has("hostPath"))
                .extracting(v -> v.path("name").asText())
                .allSatisfy(name -> assertThat(mountersOf(name)).containsOnly(
                        name.equals("host-cgroup") || name.equals("host-pod-logs") ? "netmon" : "load-module"));
    }

    private List<String> mountersOf(String volume) {
        return allContainers(pod).stream()
                .filter(c -> {
                    for (JsonNode m : c.path("volumeMounts")) {
                        if (volume.equals(m.path("name").asText())) {
                            return true;
                        }
                    }
                    return false;
                })
                .map(c -> c.path("name").asText())
                .collect(Collectors.toList());
    }

    private JsonNode volume(String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError("no volume named " + name);
    }

    private static String capture(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("/%s/ found", regex).isTrue();
        return m.group(1);
    }
}
