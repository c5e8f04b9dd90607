package io.netmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.metrics.BuildInfo;
import io.netmon.metrics.Exposition;
import io.netmon.metrics.PodMetrics;
import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.PodStats;
import io.netmon.source.Pods;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/METRICS.md names exactly what /metrics serves, and the bundle reads nothing else. */
class MetricsDocTest {
    static final Path DOC = Path.of("docs/METRICS.md");

    /** A metric in the first column of one of METRICS.md's tables: {@code | `netmon_x_total` | ...}. */
    private static final Pattern ROW = Pattern.compile("^\\| `(netmon_[a-z0-9_]+)`", Pattern.MULTILINE);
    /** A metric's name in PromQL, not part of a recorded name ({@code level:metric:operations}). */
    private static final Pattern METRIC = Pattern.compile("(?<![:\\w])netmon_[a-z0-9_]+(?![:\\w])");
    private static final Pattern RECORDED = Pattern.compile("[a-z_]+:netmon_[a-z_]+:[a-z0-9_]+");

    static String doc() {
        try {
            return Files.readString(DOC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> documentedMetrics() {
        Set<String> names = new TreeSet<>();
        Matcher m = ROW.matcher(doc());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static Set<String> metricsIn(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The documented name a series belongs to: a histogram's {@code _bucket}, {@code _sum} and {@code _count} are its own. */
    static String family(String series) {
        return series.replaceFirst("^(netmon_sample_duration_seconds)_(bucket|sum|count)$", "$1");
    }

    /** Every series name of a body the exposition renders from {@code reads}. */
    private static Set<String> served(Sampler.Read... reads) {
        Exposition exposition = new Exposition(plain -> plain, new BuildInfo("0.1.0", "17"),
                new PodMetrics.Options(PodMetrics.Level.PROTOCOLS, PodMetrics.Options.DEFAULT_MAX));
        for (Sampler.Read read : reads) {
            exposition.accept(read);
        }
        String body = new String(exposition.body(Exposition.Format.PROMETHEUS_TEXT, false).orElseThrow().bytes(),
                StandardCharsets.UTF_8);
        return body.lines().filter(l -> !l.startsWith("#")).map(l -> family(l.split("[{ ]", 2)[0]))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Sampler.Read good(Snapshot snapshot) {
        return new Sampler.Read(new Sampler.State(snapshot, null), 1000);
    }

    /** {@code node} with one pod of its own network namespace, read from the same source with {@code rows}. */
    private static Snapshot withPod(Snapshot node, List<ProtocolStats> rows) {
        Snapshot netns = Snapshot.of(node.sequence(), node.timestamp(), 0, node.source(), node.interfaces(), rows,
                node.module());
        return node.withPods(new Pods(true, List.of(new PodStats("0b5e1f2a", "shop", "web-0", false, 1, netns)), List.of()));
    }

    @Test
    void theDocumentNamesEveryMetricServedWithAndWithoutTheModuleAndThePods() {
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        List<InterfaceStats> eth0 = List.of(InterfaceStats.of("eth0", new long[16]));
        List<ProtocolStats> kmodRows = List.of(new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 6, new Counts(1, 1, 1, 1)),
                new ProtocolStats("eth0", Family.IPV4, 6, new Counts(1, 1, 1, 1)));
        List<ProtocolStats> mibRows = List.of(new ProtocolStats(ProtocolStats.ALL, Family.IP, 6, new Counts(0, 1, 0, 1)));
        Snapshot kmod = Snapshot.of(1, t0, 0, Source.KMOD, eth0, kmodRows, new Snapshot.ModuleInfo(1, "0.1.0"));
        Snapshot procfs = Snapshot.of(2, t0, 0, Source.PROCFS, eth0, mibRows, null);
        Set<String> served = new TreeSet<>(served(good(kmod)));
        served.addAll(served(good(procfs)));
        assertThat(served).hasSize(29);
        Set<String> withPods = new TreeSet<>(served(good(withPod(kmod, kmodRows))));
        withPods.addAll(served(good(withPod(procfs, mibRows))));
        assertThat(withPods).containsAll(served);
        assertThat(withPods).hasSize(29 + 9).contains("netmon_pod_receive_bytes_total", "netmon_pod_protocol_packets_total",
                "netmon_pod_protocol_bytes_total", "netmon_pod_snmp_protocol_packets_total", "netmon_pods",
                "netmon_pods_omitted");
        assertThat(documentedMetrics()).as("documented, served with and without the module and pods")
                .containsExactlyInAnyOrderElementsOf(withPods);
    }

    @Test
    void theDashboardReadsDocumentedMetricsAndRecordedSeriesTheRulesRecord() {
        Set<String> documented = documentedMetrics();
        Set<String> records = Bundle.records().keySet();
        String doc = doc();
        for (Bundle.Query query : Bundle.dashboardQueries()) {
            for (String metric : metricsIn(query.expr())) {
                assertThat(documented).as("%s reads %s", query.where(), metric).contains(family(metric));
            }
            Matcher recorded = RECORDED.matcher(query.expr());
            while (recorded.find()) {
                assertThat(records).as("%s reads %s", query.where(), recorded.group()).contains(recorded.group());
            }
        }
        for (String record : records) {
            assertThat(doc).as("METRICS.md names the recorded %s", record).contains("`" + record + "`");
        }
    }
}
