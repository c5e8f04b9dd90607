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
    void rendersNamespaceServiceAccountServiceAndDaemonSet() {
        assertThat(docs).extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("Namespace", "ServiceAccount", "Service", "DaemonSet");
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
        assertThat(serving.path("volumeMounts")).extracting(m -> m.path("mountPath").asText() + " " + m.path("name").asText()
                + (m.path("readOnly").asBoolean() ? " ro" : " rw")).containsExactly("/tmp tmp rw",
                        "/run/netmon loader-status ro", "/host/sys/fs/cgroup host-cgroup ro",
                        "/host/var/log/pods host-pod-logs ro");
        assertThat(volume("tmp").has("emptyDir")).isTrue();
        assertThat(volume("loader-status").has("emptyDir")).isTrue();
        assertThat(volume("host-cgroup").path("hostPath").path("path").asText()).isEqualTo("/sys/fs/cgroup");
        assertThat(volume("host-pod-logs").path("hostPath").path("path").asText()).isEqualTo("/var/log/pods");
        assertThat(env(serving, "NETMON_CGROUP_ROOT")).isEqualTo("/host/sys/fs/cgroup");
        assertThat(env(serving, "NETMON_POD_LOG_ROOT")).isEqualTo("/host/var/log/pods");
    }

    @Test
    void theServerReadsTheStatusFileTheLoaderWrites() throws IOException {
        String script = Files.readString(Kustomize.repoRoot().resolve("k8s/image/load-module.sh"));
        String written = capture(script, "status_file=\\$\\{NETMON_STATUS:-([^}]+)}");
        assertThat(env(serving, "NETMON_LOADER_STATUS")).isEqualTo(written);
        assertThat(env(loader, "NETMON_STATUS")).as("the script's default is used").isNull();
        assertThat(loader.path("volumeMounts")).anySatisfy(m -> {
            assertThat(m.path("name").asText()).isEqualTo("loader-status");
            assertThat(written).startsWith(m.path("mountPath").asText() + "/");
            assertThat(m.path("readOnly").asBoolean(false)).isFalse();
        });
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
    void loaderSeesTheNodesModulesAndHeadersReadOnlyAndWritesOnlyItsCacheAndStatus() throws IOException {
        assertThat(loader.path("command")).extracting(JsonNode::asText).containsExactly("/usr/local/bin/netmon-loader");
        assertThat(loader.path("volumeMounts")).extracting(m -> m.path("mountPath").asText() + " " + m.path("name").asText()
                + (m.path("readOnly").asBoolean() ? " ro" : " rw")).containsExactlyInAnyOrder(
                "/host/lib/modules host-lib-modules ro",
                "/host/usr/src host-usr-src ro",
                "/host/usr/lib host-usr-lib ro",
                "/host/var/lib/netmon module-cache rw",
                "/run/netmon loader-status rw");
        assertThat(volume("host-lib-modules").path("hostPath").path("path").asText()).isEqualTo("/lib/modules");
        assertThat(volume("host-usr-src").path("hostPath").path("path").asText()).isEqualTo("/usr/src");
        assertThat(volume("host-usr-lib").path("hostPath").path("path").asText()).isEqualTo("/usr/lib");
        assertThat(volume("module-cache").path("hostPath").path("path").asText()).isEqualTo("/var/lib/netmon");
        assertThat(volume("module-cache").path("hostPath").path("type").asText()).isEqualTo("DirectoryOrCreate");

        // The script's defaults are the paths mounted here: the node's root at /host, the cache under it.
        String script = Files.readString(Kustomize.repoRoot().resolve("k8s/image/load-module.sh"));
        assertThat(capture(script, "host=\\$\\{NETMON_HOST_ROOT:-([^}]+)}")).isEqualTo("/host");
        assertThat(capture(script, "cache=\\$\\{NETMON_CACHE:-\\$host([^}]+)}")).isEqualTo("/var/lib/netmon");
    }

    @Test
    void eachContainerUsesItsImageNamedOnceInTheBaseKustomization() {
        JsonNode kustomization = Kustomize.readYaml("k8s/base/kustomization.yaml");
        assertThat(serving.path("image").asText()).isEqualTo(Kustomize.imageFromKustomization(kustomization, "netmon"));
        assertThat(loader.path("image").asText()).isEqualTo(Kustomize.imageFromKustomization(kustomization, "netmon-loader"));
        assertThat(kustomization.path("images")).hasSize(2);
        assertThat(serving.path("image").asText()).isEqualTo("netmon:" + System.getProperty("netmon.version"));
        assertThat(loader.path("image").asText()).isEqualTo("netmon-loader:" + System.getProperty("netmon.version"));
        assertThat(Kustomize.readYaml("k8s/kustomization.yaml").has("images")).isFalse();
        assertThat(Kustomize.readYaml("k8s/overlays/single-node/kustomization.yaml").has("images")).isFalse();
    }

    @Test
    void imagesAreTaggedWithThePomVersionAndNamedAsBothImageBuildsNameThem() throws IOException {
        JsonNode kustomization = Kustomize.readYaml("k8s/base/kustomization.yaml");
        String pom = Files.readString(Kustomize.repoRoot().resolve("pom.xml"));
        String version = capture(pom, "<artifactId>netmon</artifactId>\\s*<version>([^<]+)</version>");
        assertThat(Kustomize.imageFromKustomization(kustomization, "netmon")).isEqualTo("netmon:" + version);
        assertThat(Kustomize.imageFromKustomization(kustomization, "netmon-loader")).isEqualTo("netmon-loader:" + version);

        // Debian's (make image) and Nix's (flake.nix) take the tag from the pom, not from a copy of it.
        String build = Files.readString(Kustomize.repoRoot().resolve("k8s/image/build.sh"));
        assertThat(build).contains("\"$repo/pom.xml\"").contains("image netmon ").contains("image netmon-loader ");
        String flake = Files.readString(Kustomize.repoRoot().resolve("flake.nix"));
        assertThat(flake).contains("builtins.readFile ./pom.xml");
        assertThat(capture(flake, "imageName = \"([^\"]+)\";")).isEqualTo("netmon");
        assertThat(capture(flake, "loaderImageName = \"([^\"]+)\";")).isEqualTo("netmon-loader");
    }

    @Test
    void servingContainerRunsTheLauncherAndAddsNoJvmOptionOfItsOwn() {
        assertThat(serving.path("command")).extracting(JsonNode::asText).containsExactly(Launcher.IMAGE_PATH);
        assertThat(serving.path("args")).extracting(JsonNode::asText).containsExactly("serve");
        // every variable a JVM or the launcher reads options from is left alone
        for (String name : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "NETMON_JAVA_OPTS", "JAVA_OPTS",
                "NETMON_JAR", "NETMON_CDS_ARCHIVE", "JAVA")) {
            assertThat(env(serving, name)).as("env %s", name).isNull();
        }
        assertThat(serving.path("env")).extracting(e -> e.path("value").asText()).noneMatch(v -> v.contains("-XX:") || v.contains("-D"));
    }

    @Test
    void theMemoryLimitHoldsTheLaunchersHeapAndTheJvmAroundItAndJnaUnpacksIntoTheWritableTmp() throws Exception {
        List<String> options = Launcher.options();
        assertThat(options).contains("-XX:+ExitOnOutOfMemoryError", "-Djna.tmpdir=/tmp");
        long heap = Launcher.megabytes(options, "-Xmx");
        JsonNode resources = serving.path("resources");
        // the heap at its most, and the JVM around it: at 8192 interfaces under load RSS was 150 MB with
        // 79 MB of heap committed (java/README.md, "Launcher"), 71 MB besides; 192 MiB is 201 MB
        assertThat(mebibytes(resources.path("limits").path("memory").asText())).isEqualTo(192).isGreaterThanOrEqualTo(heap + 64);
        // what 1000 interfaces take after 10 minutes of scraping and a soak, 89.4 MiB (docs/BENCHMARKS.md), and a margin
        assertThat(mebibytes(resources.path("requests").path("memory").asText())).isEqualTo(96);
        assertThat(resources.path("requests").path("cpu").asText()).isNotEmpty();
        assertThat(resources.path("limits").path("cpu").asText()).isNotEmpty();
        assertThat(volume("tmp").path("emptyDir").has("sizeLimit")).isTrue();
        assertThat(loader.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    }

    private static long mebibytes(String quantity) {
        assertThat(quantity).as("a quantity in Mi").matches("\\d+Mi");
        return Long.parseLong(quantity.substring(0, quantity.length() - 2));
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
