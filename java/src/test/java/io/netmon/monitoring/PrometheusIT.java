package io.netmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netmon.metrics.Promtool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Debian's Prometheus on 127.0.0.1 scraping three real {@code netmon serve} processes (the
 * packaged jar) over fixture nodes, with the shipped relabeling, the shipped rules (their groups'
 * own intervals set to the test's 1 s) and every query of the shipped dashboard:
 * <ul>
 * <li>lab-a: netmon.ko loaded, eth1 counting errors and drops, one pod with its protocols' series
 *     ({@code --pod-metrics protocols});
 * <li>lab-b: no module (the fallback), no pod;
 * <li>lab-c: the module loaded, then unloaded, then every read failing; no pod;
 * <li>lab-d: a node whose Netmon does not answer.
 * </ul>
 * Waits for the scrapes each step needs (a deadline, not a timing), then asks Prometheus every
 * expression. Writes what each returned to {@code target/prometheus-it/queries.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusIT {
    private static final Path JAR = Path.of(System.getProperty("netmon.jar", "target/netmon.jar"));
    private static final Path OUT = Path.of("target/prometheus-it");
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Pattern SERVING = Pattern.compile("Netmon serving on http://127\\.0\\.0\\.1:(\\d+)/");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, ProcNode> nodes = new LinkedHashMap<>();
    private final List<String> report = new ArrayList<>();
    private ScheduledExecutorService writer;
    private int prometheusPort;
    private Path dir;

    @BeforeAll
    void startTheCluster() throws Exception {
        assertThat(JAR).as("the packaged jar (mvn verify builds it before this test)").isRegularFile();
        Files.createDirectories(OUT);
        dir = Files.createTempDirectory("netmon-prometheus-it");
        nodes.put("lab-a", new ProcNode("lab-a", dir.resolve("lab-a"), true, true, true));
        nodes.put("lab-b", new ProcNode("lab-b", dir.resolve("lab-b"), false, false, false));
        nodes.put("lab-c", new ProcNode("lab-c", dir.resolve("lab-c"), true, false, false));
        long start = System.nanoTime();
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fixture-nodes");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleAtFixedRate(() -> {
            for (ProcNode node : nodes.values()) {
                try {
                    node.write((System.nanoTime() - start) / 1e9);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, 0, 200, TimeUnit.MILLISECONDS);

        List<CompletableFuture<Integer>> serving = new ArrayList<>();
        for (ProcNode node : nodes.values()) {
            serving.add(netmon(node, dir));
        }
        for (int i = 0; i < serving.size(); i++) {
            ports.put(List.copyOf(nodes.keySet()).get(i), serving.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        }
        ports.put("lab-d", freePort());

        Path targets = dir.resolve("targets.json");
        Bundle.JSON.writeValue(targets.toFile(), discoveredPods());
        prometheusPort = freePort();
        Path config = prometheusConfig(dir, targets);
        assertThat(Bundle.run(Bundle.PROMTOOL, "check", "config", config.toString()).exitCode()).isZero();
        processes.add(new ProcessBuilder(Promtool.executable(Bundle.PROMETHEUS), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(OUT.resolve("prometheus.log").toFile()).start());

        // lab-c: three scrapes with the module, two after its unload, then its reads fail.
        await("lab-c scraped 3 times with netmon.ko",
                "count_over_time(netmon_module_info{node=\"lab-c\"}[1m]) >= 3");
        nodes.get("lab-c").unloadModule();
        await("lab-c scraped twice without netmon.ko",
                "count_over_time(netmon_snmp_protocol_packets_total{node=\"lab-c\",protocol=\"tcp\",direction=\"receive\"}[1m]) >= 2");
        nodes.get("lab-c").breakDev();
        await("lab-c's failing reads seen", Bundle.alerts().get("NetmonSamplingFailing"));
        await("lab-a's errors rising for two scrapes", "rate(netmon_interface_receive_errors_total{node=\"lab-a\",device=\"eth1\"}[1m]) > 0");
        await("the day's baseline recorded", "instance:netmon_protocol_packets:rate5m_avg1d");
    }

    /** {@code java -jar netmon.jar serve} over {@code node}; completes with its port once it says it serves. */
    private CompletableFuture<Integer> netmon(ProcNode node, Path dir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir, "-jar", JAR.toString(), "serve", "--bind", "127.0.0.1", "--port", "0",
                "--proc-root", node.root.toString(), "--interval", "500ms", "--cgroup-root", node.cgroupRoot.toString(),
                "--pod-log-root", node.podLogRoot.toString(), "--pod-metrics", "protocols")
                .redirectError(OUT.resolve(node.name + ".log").toFile()).start();
        processes.add(process);
        return CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new AssertionError("netmon serve for " + node.name + " exited without serving; see " + OUT.resolve(node.name + ".log"));
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * What Kubernetes' pod discovery would find in the netmon namespace, and one pod elsewhere: per
     * node the server container (port 3000, the annotations of k8s/base/daemonset.yaml, the server's
     * real port in prometheus.io/port) and the loader init container (no port), and another
     * application's pod that asks to be scraped too.
     */
    private ArrayNode discoveredPods() {
        ArrayNode groups = Bundle.JSON.createArrayNode();
        for (Map.Entry<String, Integer> node : ports.entrySet()) {
            for (boolean init : new boolean[] {false, true}) {
                ObjectNode group = groups.addObject();
                group.putArray("targets").add(init ? "127.0.0.1" : "127.0.0.1:3000");
                ObjectNode labels = pod(group, "netmon", "netmon-" + node.getKey(), node.getKey(), node.getValue());
                labels.put("__meta_kubernetes_pod_container_name", init ? "load-module" : "netmon");
                labels.put("__meta_kubernetes_pod_container_init", Boolean.toString(init));
            }
        }
        ObjectNode other = groups.addObject();
        other.putArray("targets").add("127.0.0.1:8080");
        pod(other, "other", "other-0", "lab-a", 8080).put("__meta_kubernetes_pod_container_init", "false");
        return groups;
    }

    private static ObjectNode pod(ObjectNode group, String app, String name, String node, int port) {
        ObjectNode labels = group.putObject("labels");
        labels.put("__meta_kubernetes_namespace", "netmon");
        labels.put("__meta_kubernetes_pod_name", name);
        labels.put("__meta_kubernetes_pod_node_name", node);
        labels.put("__meta_kubernetes_pod_label_app_kubernetes_io_name", app);
        labels.put("__meta_kubernetes_pod_annotation_prometheus_io_scrape", "true");
        labels.put("__meta_kubernetes_pod_annotation_prometheus_io_port", Integer.toString(port));
        labels.put("__meta_kubernetes_pod_annotation_prometheus_io_path", "/metrics");
        return labels;
    }

    private Path prometheusConfig(Path dir, Path targets) throws IOException {
        String rules = Files.readString(Bundle.RULES);
        String ownInterval = "  interval: 5m\n";
        assertThat(rules.split(ownInterval, -1)).as("the baseline group's interval, which the test sets to 1 s").hasSize(2);
        Path testRules = Files.writeString(dir.resolve("netmon.rules.yml"), rules.replace(ownInterval, ""));
        ObjectNode config = Bundle.YAML.createObjectNode();
        config.putObject("global").put("scrape_interval", "1s").put("evaluation_interval", "1s");
        config.putArray("rule_files").add(testRules.toString());
        config.putArray("scrape_configs").add(Bundle.scrapeJob(targets, "1s"));
        Path file = dir.resolve("prometheus.yml");
        Bundle.YAML.writeValue(file.toFile(), config);
        return file;
    }

    @AfterAll
    void stop() throws Exception {
        if (writer != null) {
            writer.shutdownNow();
        }
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        Files.write(OUT.resolve("queries.txt"), report);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** The result of an instant query: its series (a scalar counts as one). */
    private JsonNode query(String expr) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Bundle.JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            fail("Prometheus refused %s: %s", expr, response.body());
        }
        JsonNode data = body.path("data");
        return "scalar".equals(data.path("resultType").asText()) ? Bundle.JSON.createArrayNode().add(data.path("result"))
                : data.path("result");
    }

    private int count(String where, String expr) throws IOException, InterruptedException {
        int series = query(expr).size();
        report.add(series + "\t" + where + "\t" + expr.replaceAll("\\s+", " "));
        return series;
    }

    /** Waits until {@code expr} has a series: Prometheus up, the scrapes that step needs taken. */
    private void await(String what, String expr) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                if (!query(expr).isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                // Prometheus is still starting: its port is not open yet.
            }
            if (System.nanoTime() > deadline) {
                fail("waited %d s for %s (%s); see %s", DEADLINE.toSeconds(), what, expr, OUT);
            }
            Thread.sleep(250);
        }
    }

    @Test
    void everyDashboardQueryHasSeries() throws Exception {
        List<String> empty = new ArrayList<>();
        for (Bundle.Query q : Bundle.dashboardQueries()) {
            if (count(q.where(), q.expr()) == 0) {
                empty.add(q.where() + ": " + q.expr());
            }
        }
        assertThat(empty).as("dashboard queries without a series (the pods' from lab-a's pod)").isEmpty();
    }

    @Test
    void everyRuleHasSeriesAndEveryAlertsOperandsMatch() throws Exception {
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, String> record : Bundle.records().entrySet()) {
            if (count("record " + record.getKey() + " (expression)", record.getValue()) == 0) {
                empty.add(record.getKey());
            }
            if (count("record " + record.getKey() + " (recorded)", record.getKey()) == 0) {
                empty.add(record.getKey() + " recorded");
            }
        }
        for (Map.Entry<String, String> alert : Bundle.alerts().entrySet()) {
            String operands = Bundle.withBool(alert.getValue());
            if (count("alert " + alert.getKey() + " (operands, with bool)", operands) == 0) {
                empty.add(alert.getKey() + ": " + operands);
            }
        }
        assertThat(empty).as("rule expressions without a series").isEmpty();
    }

    @Test
    void theAlertsHoldForTheNodesMadeToFireThemAndNoOthers() throws Exception {
        Map<String, Set<String>> firing = new TreeMap<>();
        for (Map.Entry<String, String> alert : Bundle.alerts().entrySet()) {
            Set<String> where = new TreeSet<>();
            for (JsonNode series : query(alert.getValue())) {
                JsonNode labels = series.path("metric");
                where.add(labels.path("node").asText() + (labels.has("device") ? " " + labels.path("device").asText() : ""));
            }
            report.add(where.size() + "\talert " + alert.getKey() + " (as written)\t" + alert.getValue().replaceAll("\\s+", " "));
            firing.put(alert.getKey(), where);
        }
        assertThat(firing).isEqualTo(new TreeMap<>(Map.of(
                "NetmonDown", Set.of("lab-d"),
                "NetmonSamplingFailing", Set.of("lab-c"),
                "NetmonSamplesStale", Set.of(),
                "NetmonModuleNotLoaded", Set.of("lab-b", "lab-c"),
                "NetmonModuleUnloaded", Set.of("lab-c"),
                "NetmonInterfaceErrors", Set.of("lab-a eth1"),
                "NetmonInterfaceDrops", Set.of("lab-a eth1"),
                "NetmonProtocolRateUnusual", Set.of())));
    }

    @Test
    void perInterfaceProtocolSeriesSumToTheNamespaceWideOnes() throws Exception {
        for (String unit : List.of("packets", "bytes")) {
            String by = "(node, family, protocol, direction)";
            JsonNode differences = query("sum by " + by + " (netmon_interface_protocol_" + unit + "_total{node=\"lab-a\"})"
                    + " - on " + by + " netmon_protocol_" + unit + "_total{node=\"lab-a\"}");
            assertThat(differences).as(unit).hasSize(ProcNode.PROTOCOLS.size() * 2);
            for (JsonNode difference : differences) {
                assertThat(difference.path("value").get(1).asText()).as("%s %s", unit, difference.path("metric")).isEqualTo("0");
            }
        }
    }

    @Test
    void theShippedRelabelingKeepsOneTargetPerNodeNamedByItsNode() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/targets")).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode data = Bundle.JSON.readTree(response.body()).path("data");
        Map<String, String> active = new TreeMap<>();
        for (JsonNode target : data.path("activeTargets")) {
            JsonNode labels = target.path("labels");
            List<String> names = new ArrayList<>();
            labels.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyInAnyOrder("instance", "job", "node");
            assertThat(labels.path("job").asText()).isEqualTo("netmon");
            active.put(labels.path("node").asText(), labels.path("instance").asText());
        }
        Map<String, String> expected = new TreeMap<>();
        ports.forEach((node, port) -> expected.put(node, "127.0.0.1:" + port));
        assertThat(active).isEqualTo(expected);
        Set<String> dropped = new TreeSet<>();
        for (JsonNode target : data.path("droppedTargets")) {
            JsonNode discovered = target.path("discoveredLabels");
            dropped.add(discovered.path("__meta_kubernetes_pod_name").asText() + " "
                    + discovered.path("__meta_kubernetes_pod_container_name").asText());
        }
        assertThat(dropped).containsExactlyInAnyOrder("netmon-lab-a load-module", "netmon-lab-b load-module",
                "netmon-lab-c load-module", "netmon-lab-d load-module", "other-0 ");
    }

    @Test
    void promtoolAcceptsWhatIsServedWithAndWithoutTheModule() throws Exception {
        for (String node : List.of("lab-a", "lab-b")) {
            HttpResponse<byte[]> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ports.get(node) + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            String body = new String(metrics.body(), StandardCharsets.UTF_8);
            assertThat(body).contains(node.equals("lab-a") ? "netmon_module_loaded 1.0" : "netmon_module_loaded 0.0");
            Promtool.Result result = Promtool.checkMetrics(metrics.body());
            assertThat(result.output()).as(node).isEmpty();
            assertThat(result.exitCode()).isZero();
        }
    }

    @Test
    void buildInfoSaysThePomsVersionOnEveryNode() throws Exception {
        String version = System.getProperty("netmon.version");
        assertThat(version).as("the pom's version, from failsafe").isNotBlank();
        Set<String> nodes = new TreeSet<>();
        for (JsonNode series : query("netmon_build_info{version=\"" + version + "\"}")) {
            nodes.add(series.path("metric").path("node").asText());
        }
        assertThat(nodes).containsExactly("lab-a", "lab-b", "lab-c");
    }

    @Test
    void seriesPerNodeAreWhatMetricsMdCounts() throws Exception {
        Map<String, Integer> perNode = new TreeMap<>();
        for (JsonNode series : query("count by (node) ({__name__=~\"netmon_.+\"})")) {
            perNode.put(series.path("metric").path("node").asText(), series.path("value").get(1).asInt());
        }
        report.add("series per node: " + perNode);
        // 17 of the service, sample and module, 16 per interface, and with the module 4 per protocol row
        // (packets and bytes, received and sent), namespace-wide and per interface; without it 2 per MIB row.
        // Pods looked for: 2 gauges (netmon_pods, netmon_pods_omitted); lab-a's one pod 4 traffic counters and,
        // with --pod-metrics protocols, 4 per protocol row of its own namespace.
        int interfaces = ProcNode.DEVICES.size();
        int kmod = 17 + 16 * interfaces + 4 * ProcNode.PROTOCOLS.size() * (1 + interfaces);
        int procfs = 16 + 16 * interfaces + 2 * 7;
        int pods = 2;
        int onePod = 4 + 4 * ProcNode.POD_PROTOCOLS;
        assertThat(perNode).isEqualTo(Map.of("lab-a", kmod + pods + onePod, "lab-b", procfs + pods, "lab-c", procfs + pods));
        assertThat(kmod).isEqualTo(145);
        assertThat(kmod + pods + onePod).isEqualTo(159);
    }
}
