package io.netmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import io.netmon.source.Unsigned;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The families of synthetic snapshots and reads: names, labels, values, and Prometheus' own parser. */
class SnapshotMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final BuildInfo BUILD = new BuildInfo("0.1.0", "17.0.99");
    private static final long MILLISECOND = 1_000_000;

    /** The Prometheus text of an exposition fed {@code reads} in order. */
    static String text(Sampler.Read... reads) {
        Exposition exposition = new Exposition(plain -> {
            throw new AssertionError("these tests read plain bodies only");
        }, BUILD);
        for (Sampler.Read read : reads) {
            exposition.accept(read);
        }
        return new String(exposition.body(Exposition.Format.PROMETHEUS_TEXT, false).orElseThrow().bytes(),
                StandardCharsets.UTF_8);
    }

    static Sampler.Read good(Snapshot snapshot, long nanos) {
        return new Sampler.Read(new Sampler.State(snapshot, null), nanos);
    }

    private static String text(Snapshot snapshot) {
        return text(good(snapshot, MILLISECOND));
    }

    static Snapshot kmod() {
        return Snapshot.of(7, T0, 0, Source.KMOD,
                List.of(InterfaceStats.of("eth0", 1000, 10, 0, 0, 0, 0, 0, 0, 2000, 20, 0, 0, 0, 0, 0, 0)),
                List.of(new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 6, new Counts(150_000, 100, -1L, 90)),
                        new ProtocolStats("eth0", Family.IPV6, 58, new Counts(240, 3, 160, 2)),
                        new ProtocolStats("eth0", Family.IPV4, ProtocolStats.OTHER, new Counts(60, 1, 0, 0))),
                new Snapshot.ModuleInfo(1, "0.1.0"));
    }

    @Test
    void theModulesRowsAreNamespaceWideOrPerDeviceInMetricsOfTheirOwn() {
        String text = text(kmod());
        assertThat(text).contains(String.join("\n",
                "# HELP netmon_interface_protocol_bytes_total L3 bytes of one protocol on one interface (netmon.ko;"
                        + " protocols without a slot of their own are \"other\").",
                "# TYPE netmon_interface_protocol_bytes_total counter",
                "netmon_interface_protocol_bytes_total{device=\"eth0\",direction=\"receive\",family=\"ipv4\",protocol=\"other\"} 60.0",
                "netmon_interface_protocol_bytes_total{device=\"eth0\",direction=\"receive\",family=\"ipv6\",protocol=\"icmpv6\"} 240.0",
                "netmon_interface_protocol_bytes_total{device=\"eth0\",direction=\"transmit\",family=\"ipv4\",protocol=\"other\"} 0.0",
                "netmon_interface_protocol_bytes_total{device=\"eth0\",direction=\"transmit\",family=\"ipv6\",protocol=\"icmpv6\"} 160.0",
                "# HELP netmon_interface_protocol_packets_total Packets of one protocol on one interface (netmon.ko;"
                        + " protocols without a slot of their own are \"other\").",
                "# TYPE netmon_interface_protocol_packets_total counter",
                "netmon_interface_protocol_packets_total{device=\"eth0\",direction=\"receive\",family=\"ipv4\",protocol=\"other\"} 1.0",
                "netmon_interface_protocol_packets_total{device=\"eth0\",direction=\"receive\",family=\"ipv6\",protocol=\"icmpv6\"} 3.0",
                "netmon_interface_protocol_packets_total{device=\"eth0\",direction=\"transmit\",family=\"ipv4\",protocol=\"other\"} 0.0",
                "netmon_interface_protocol_packets_total{device=\"eth0\",direction=\"transmit\",family=\"ipv6\",protocol=\"icmpv6\"} 2.0",
                ""))
                .contains(String.join("\n",
                "# HELP netmon_module_info The loaded netmon.ko: its version and the version of /proc/net/netmon's format.",
                "# TYPE netmon_module_info gauge",
                "netmon_module_info{format_version=\"1\",module_version=\"0.1.0\"} 1",
                "# HELP netmon_module_loaded 1 while netmon.ko is loaded (/proc/net/netmon exists), else 0.",
                "# TYPE netmon_module_loaded gauge",
                "netmon_module_loaded 1.0",
                "# HELP netmon_protocol_bytes_total L3 bytes of one protocol in the whole network namespace (netmon.ko).",
                "# TYPE netmon_protocol_bytes_total counter",
                "netmon_protocol_bytes_total{direction=\"receive\",family=\"ipv4\",protocol=\"tcp\"} 150000.0",
                "netmon_protocol_bytes_total{direction=\"transmit\",family=\"ipv4\",protocol=\"tcp\"} 1.8446744073709552E19",
                "# HELP netmon_protocol_packets_total Packets of one protocol in the whole network namespace (netmon.ko).",
                "# TYPE netmon_protocol_packets_total counter",
                "netmon_protocol_packets_total{direction=\"receive\",family=\"ipv4\",protocol=\"tcp\"} 100.0",
                "netmon_protocol_packets_total{direction=\"transmit\",family=\"ipv4\",protocol=\"tcp\"} 90.0",
                "# HELP netmon_sample_duration_seconds"))
                .contains("netmon_source_info{source=\"kmod\"} 1\n")
                .doesNotContain("netmon_snmp_protocol_packets_total");
    }

    @Test
    void theKernelsMibsOfTheFallbackHaveAMetricOfTheirOwnWithTcpOfBothFamilies() {
        String text = text(Snapshot.of(1, T0, 0, Source.PROCFS, List.of(),
                List.of(new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 17, new Counts(0, 8, 0, 7)),
                        new ProtocolStats(ProtocolStats.ALL, Family.IP, 6, new Counts(0, 5, 0, 4))), null));
        assertThat(text).contains(String.join("\n",
                        "netmon_module_loaded 0.0",
                        "# HELP netmon_sample_duration_seconds"))
                .contains(String.join("\n",
                        "# TYPE netmon_snmp_protocol_packets_total counter",
                        "netmon_snmp_protocol_packets_total{direction=\"receive\",family=\"ip\",protocol=\"tcp\"} 5.0",
                        "netmon_snmp_protocol_packets_total{direction=\"receive\",family=\"ipv4\",protocol=\"udp\"} 8.0",
                        "netmon_snmp_protocol_packets_total{direction=\"transmit\",family=\"ip\",protocol=\"tcp\"} 4.0",
                        "netmon_snmp_protocol_packets_total{direction=\"transmit\",family=\"ipv4\",protocol=\"udp\"} 7.0",
                        ""))
                .contains("netmon_source_info{source=\"procfs\"} 1\n")
                .doesNotContain("netmon_protocol_").doesNotContain("netmon_module_info");
    }

    @Test
    void buildInfoSaysTheVersionAndTheRuntime() {
        assertThat(text(kmod())).startsWith(String.join("\n",
                "# HELP netmon_build_info The running Netmon: its version (the pom's) and the Java runtime's.",
                "# TYPE netmon_build_info gauge",
                "netmon_build_info{java_version=\"17.0.99\",version=\"0.1.0\"} 1",
                ""));
        assertThat(BuildInfo.current().version()).as("no manifest when run from classes").isEqualTo("dev");
        assertThat(BuildInfo.current().javaVersion()).isEqualTo(Runtime.version().toString());
    }

    @Test
    void readsThatFailFromTheStartGiveTheBuildTheirDurationsAndTheirCountAlone() {
        Sampler.Read failed = new Sampler.Read(new Sampler.State(null, "cannot read net/dev"), 3 * MILLISECOND);
        assertThat(text(failed, failed)).isEqualTo(String.join("\n",
                "# HELP netmon_build_info The running Netmon: its version (the pom's) and the Java runtime's.",
                "# TYPE netmon_build_info gauge",
                "netmon_build_info{java_version=\"17.0.99\",version=\"0.1.0\"} 1",
                "# HELP netmon_sample_duration_seconds How long each read of the node took (/proc/net/dev, then"
                        + " netmon.ko's table or the kernel's MIBs), good or failed.",
                "# TYPE netmon_sample_duration_seconds histogram",
                "netmon_sample_duration_seconds_bucket{le=\"5.0E-4\"} 0",
                "netmon_sample_duration_seconds_bucket{le=\"0.001\"} 0",
                "netmon_sample_duration_seconds_bucket{le=\"0.005\"} 2",
                "netmon_sample_duration_seconds_bucket{le=\"0.01\"} 2",
                "netmon_sample_duration_seconds_bucket{le=\"0.05\"} 2",
                "netmon_sample_duration_seconds_bucket{le=\"0.1\"} 2",
                "netmon_sample_duration_seconds_bucket{le=\"1.0\"} 2",
                "netmon_sample_duration_seconds_bucket{le=\"+Inf\"} 2",
                "netmon_sample_duration_seconds_count 2",
                "netmon_sample_duration_seconds_sum 0.006",
                "# HELP netmon_sample_failures_total Reads of the node that failed (the previous sample stays served;"
                        + " /network says why).",
                "# TYPE netmon_sample_failures_total counter",
                "netmon_sample_failures_total 2.0",
                ""));
    }

    @Test
    void aFailedReadAfterAGoodOneKeepsTheSampleAndCountsTheFailure() {
        Snapshot sample = kmod();
        String text = text(good(sample, MILLISECOND),
                new Sampler.Read(new Sampler.State(sample, "bad line 3"), 2 * MILLISECOND + 1),
                good(sample, 2 * 1_000_000_000L));
        assertThat(text).contains(String.join("\n",
                        "netmon_sample_duration_seconds_bucket{le=\"5.0E-4\"} 0",
                        "netmon_sample_duration_seconds_bucket{le=\"0.001\"} 1",
                        "netmon_sample_duration_seconds_bucket{le=\"0.005\"} 2",
                        "netmon_sample_duration_seconds_bucket{le=\"0.01\"} 2",
                        "netmon_sample_duration_seconds_bucket{le=\"0.05\"} 2",
                        "netmon_sample_duration_seconds_bucket{le=\"0.1\"} 2",
                        "netmon_sample_duration_seconds_bucket{le=\"1.0\"} 2",
                        "netmon_sample_duration_seconds_bucket{le=\"+Inf\"} 3",
                        "netmon_sample_duration_seconds_count 3",
                        "netmon_sample_duration_seconds_sum 2.003000001",
                        ""))
                .contains("netmon_sample_failures_total 1.0\n")
                .contains("netmon_protocol_packets_total{direction=\"receive\",family=\"ipv4\",protocol=\"tcp\"} 100.0\n");
    }

    @Test
    void noMetricMixesTheNamespaceWithItsInterfaces() {
        // Three interfaces share each protocol the way the kernel counts it: the namespace-wide row is their sum.
        String[] devices = {"lo", "eth0", "eth1"};
        long[][] perDevice = {{10, 1_000, 9, 900}, {200, 300_000, 150, 12_000}, {40, 52_000, 33, 4_100}};
        List<ProtocolStats> rows = new java.util.ArrayList<>();
        Counts all = Counts.ZERO;
        for (int i = 0; i < devices.length; i++) {
            long[] c = perDevice[i];
            Counts counts = new Counts(c[1], c[0], c[3], c[2]);
            rows.add(new ProtocolStats(devices[i], Family.IPV4, 17, counts));
            all = all.plus(counts);
        }
        rows.add(0, new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 17, all));
        String text = text(Snapshot.of(1, T0, 0, Source.KMOD, List.of(), rows, new Snapshot.ModuleInfo(1, "0.1.0")));
        for (String unit : List.of("packets", "bytes")) {
            for (String direction : List.of("receive", "transmit")) {
                String labels = "direction=\"" + direction + "\",family=\"ipv4\",protocol=\"udp\"";
                double perInterface = 0;
                for (String device : devices) {
                    perInterface += value(text, "netmon_interface_protocol_" + unit + "_total{device=\"" + device + "\"," + labels + "}");
                }
                assertThat(perInterface).as("%s %s", unit, direction)
                        .isEqualTo(value(text, "netmon_protocol_" + unit + "_total{" + labels + "}"))
                        .isEqualTo(unit.equals("packets") ? (direction.equals("receive") ? 250 : 192)
                                : (direction.equals("receive") ? 353_000 : 17_000));
            }
        }
        assertThat(text.lines().filter(l -> l.startsWith("netmon_protocol_"))).hasSize(4)
                .noneMatch(l -> l.contains("device="));
    }

    /** The value of the one sample line that starts with {@code series}. */
    static double value(String text, String series) {
        List<String> lines = text.lines().filter(l -> l.startsWith(series + " ")).toList();
        assertThat(lines).as(series).hasSize(1);
        return Double.parseDouble(lines.get(0).substring(series.length() + 1));
    }

    @Test
    void promtoolAcceptsEveryKindOfBody() throws Exception {
        Snapshot procfs = Snapshot.of(1, T0, 0, Source.PROCFS, List.of(),
                List.of(new ProtocolStats(ProtocolStats.ALL, Family.IP, 6, new Counts(0, 5, 0, 4))), null);
        for (String body : List.of(text(kmod()), text(procfs),
                text(new Sampler.Read(new Sampler.State(null, "no net/dev"), 1)))) {
            Promtool.Result result = Promtool.checkMetrics(body.getBytes(StandardCharsets.UTF_8));
            assertThat(result.output()).as(body).isEmpty();
            assertThat(result.exitCode()).isZero();
        }
    }

    @Test
    void unsignedCountersBecomeTheNearestDouble() {
        assertThat(Unsigned.toDouble(-1L)).isEqualTo(18446744073709551615.0);
        assertThat(Unsigned.toDouble(Long.MIN_VALUE)).isEqualTo(9223372036854775808.0);
        assertThat(Unsigned.toDouble(Long.MAX_VALUE)).isEqualTo(9223372036854775807.0);
        // 2^64 - 2049 is halfway between two doubles: round to even (2^64 - 4096), as BigDecimal does
        long halfway = -2049L;
        assertThat(Unsigned.toDouble(halfway)).isEqualTo(new BigDecimal(Long.toUnsignedString(halfway)).doubleValue());
        assertThat(Unsigned.toDouble(-2047L)).isEqualTo(new BigDecimal(Long.toUnsignedString(-2047L)).doubleValue());
        assertThat(Unsigned.toDouble(12345)).isEqualTo(12345.0);
    }
}
