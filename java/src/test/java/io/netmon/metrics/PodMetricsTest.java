package io.netmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.PodStats;
import io.netmon.source.Pods;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pods' families: names, labels, values, and the bound on how many pods get series. */
class PodMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private static PodStats pod(String uid, String namespace, String name, long firstSeen, Source source,
            ProtocolStats... rows) {
        Snapshot netns = Snapshot.of(9, T0, 0, source, List.of(
                InterfaceStats.of("lo", 5000, 50, 0, 0, 0, 0, 0, 0, 5000, 50, 0, 0, 0, 0, 0, 0),
                InterfaceStats.of("eth0", 1000, 10, 0, 0, 0, 0, 0, 0, 2000, 20, 0, 0, 0, 0, 0, 0),
                InterfaceStats.of("net1", 1, 1, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0)), List.of(rows), null);
        return new PodStats(uid, namespace, name, false, firstSeen, netns);
    }

    private static String text(Source source, PodMetrics.Options options, PodStats... pods) {
        Snapshot snapshot = Snapshot.of(9, T0, 0, source, List.of(InterfaceStats.of("eth0", new long[16])), List.of(),
                source == Source.KMOD ? new Snapshot.ModuleInfo(2, "0.2.0", 1) : null)
                .withPods(new Pods(true, List.of(pods), List.of()));
        Exposition exposition = new Exposition(plain -> plain, BuildInfo.current(), options);
        exposition.accept(new Sampler.Read(new Sampler.State(snapshot, null), 0));
        return new String(exposition.body(Exposition.Format.PROMETHEUS_TEXT, false).orElseThrow().bytes(),
                StandardCharsets.UTF_8);
    }

    private static String podLines(String text) {
        return text.lines().filter(line -> line.startsWith("netmon_pod")).collect(Collectors.joining("\n"));
    }

    @Test
    void eachPodHasItsTrafficWithoutLoAndItsNamespacesProtocols() throws Exception {
        String text = text(Source.KMOD, new PodMetrics.Options(PodMetrics.Level.PROTOCOLS, 200),
                pod("u-1", "default", "web-0", 1, Source.KMOD,
                        new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 6, new Counts(900, 9, 1800, 18)),
                        new ProtocolStats("eth0", Family.IPV4, 6, new Counts(900, 9, 1800, 18))),
                new PodStats("u-host", "kube-system", "agent", true, 1,
                        Snapshot.of(9, T0, 0, Source.KMOD, List.of())));
        assertThat(podLines(text)).isEqualTo(String.join("\n",
                "netmon_pod_protocol_bytes_total{direction=\"receive\",family=\"ipv4\",namespace=\"default\",pod=\"web-0\",protocol=\"tcp\"} 900.0",
                "netmon_pod_protocol_bytes_total{direction=\"transmit\",family=\"ipv4\",namespace=\"default\",pod=\"web-0\",protocol=\"tcp\"} 1800.0",
                "netmon_pod_protocol_packets_total{direction=\"receive\",family=\"ipv4\",namespace=\"default\",pod=\"web-0\",protocol=\"tcp\"} 9.0",
                "netmon_pod_protocol_packets_total{direction=\"transmit\",family=\"ipv4\",namespace=\"default\",pod=\"web-0\",protocol=\"tcp\"} 18.0",
                "netmon_pod_receive_bytes_total{namespace=\"default\",pod=\"web-0\"} 1001.0",
                "netmon_pod_receive_packets_total{namespace=\"default\",pod=\"web-0\"} 11.0",
                "netmon_pod_transmit_bytes_total{namespace=\"default\",pod=\"web-0\"} 2002.0",
                "netmon_pod_transmit_packets_total{namespace=\"default\",pod=\"web-0\"} 21.0",
                "netmon_pods 1.0",
                "netmon_pods_omitted 0.0"));
        assertThat(text).contains("# TYPE netmon_pod_receive_bytes_total counter\n")
                .contains("# HELP netmon_pods Pods with series of their own in this sample")
                .doesNotContain("agent");
        Promtool.Result check = Promtool.checkMetrics(text.getBytes(StandardCharsets.UTF_8));
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void withoutTheModuleAPodsProtocolsAreItsMibsPacketsInAMetricOfTheirOwn() {
        String text = text(Source.PROCFS, new PodMetrics.Options(PodMetrics.Level.PROTOCOLS, 200),
                pod("u-1", "default", "web-0", 1, Source.PROCFS,
                        new ProtocolStats(ProtocolStats.ALL, Family.IP, 6, new Counts(0, 300, 0, 200))));
        assertThat(text).contains(
                "netmon_pod_snmp_protocol_packets_total{direction=\"receive\",family=\"ip\",namespace=\"default\",pod=\"web-0\",protocol=\"tcp\"} 300.0\n",
                "netmon_pod_snmp_protocol_packets_total{direction=\"transmit\",family=\"ip\",namespace=\"default\",pod=\"web-0\",protocol=\"tcp\"} 200.0\n")
                .doesNotContain("netmon_pod_protocol_");
    }

    @Test
    void theFirstSeenPodsUpToTheBoundGetSeriesAndTheOthersAreCounted() {
        PodStats late = pod("u-c", "default", "late", 7, Source.KMOD);
        PodStats first = pod("u-b", "default", "first", 1, Source.KMOD);
        PodStats second = pod("u-a", "default", "second", 3, Source.KMOD);
        String text = text(Source.KMOD, new PodMetrics.Options(PodMetrics.Level.TRAFFIC, 2), late, first, second);
        assertThat(text).contains("pod=\"first\"", "pod=\"second\"", "netmon_pods 2.0\n", "netmon_pods_omitted 1.0\n")
                .doesNotContain("pod=\"late\"").doesNotContain("netmon_pod_protocol");
        String none = text(Source.KMOD, new PodMetrics.Options(PodMetrics.Level.NONE, 200), late, first, second);
        assertThat(podLines(none)).isEqualTo("netmon_pods 0.0\nnetmon_pods_omitted 3.0");
    }

    @Test
    void aPodReCreatedUnderTheSameNameKeepsTheSeriesOfTheOneSeenFirstAndAnUnnamedPodIsItsUid() {
        PodStats ending = pod("u-old", "db", "db-0", 2, Source.KMOD);
        PodStats starting = pod("u-new", "db", "db-0", 5, Source.KMOD);
        PodStats unnamed = pod("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", null, null, 6, Source.KMOD);
        String text = text(Source.KMOD, PodMetrics.Options.DEFAULTS, starting, unnamed, ending);
        assertThat(podLines(text)).contains(
                "netmon_pod_receive_bytes_total{namespace=\"db\",pod=\"db-0\"} 1001.0",
                "netmon_pod_receive_bytes_total{namespace=\"\",pod=\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\"} 1001.0",
                "netmon_pods 2.0", "netmon_pods_omitted 1.0");
        assertThat(text.lines().filter(line -> line.contains("pod=\"db-0\"")).count()).isEqualTo(4);
    }
}
