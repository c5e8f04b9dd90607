package io.netmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocol series and the module's versions, from a synthetic module snapshot. */
class SnapshotMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private static String text(Snapshot snapshot) {
        Exposition exposition = new Exposition(plain -> {
            throw new AssertionError("these tests read plain bodies only");
        });
        exposition.accept(new Sampler.State(snapshot, null));
        return new String(exposition.body(Exposition.Format.PROMETHEUS_TEXT, false).orElseThrow().bytes(),
                StandardCharsets.UTF_8);
    }

    private static Snapshot kmod() {
        return Snapshot.of(7, T0, 0, Source.KMOD,
                List.of(InterfaceStats.of("eth0", 1000, 10, 0, 0, 0, 0, 0, 0, 2000, 20, 0, 0, 0, 0, 0, 0)),
                List.of(new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 6, new Counts(150_000, 100, -1L, 90)),
                        new ProtocolStats("eth0", Family.IPV6, 58, new Counts(240, 3, 160, 2)),
                        new ProtocolStats("eth0", Family.IPV4, ProtocolStats.OTHER, new Counts(60, 1, 0, 0))),
                new Snapshot.ModuleInfo(1, "0.1.0"));
    }

    @Test
    void protocolCountersHaveFamilyProtocolDirectionAndInterface() {
        String text = text(kmod());
        assertThat(text).contains(String.join("\n",
                "# HELP netmon_protocol_bytes_total Bytes of one protocol, by family, direction and interface"
                        + " (\"all\": the whole network namespace).",
                "# TYPE netmon_protocol_bytes_total counter",
                "netmon_protocol_bytes_total{direction=\"receive\",family=\"ipv4\",interface=\"all\",protocol=\"tcp\"} 150000.0",
                "netmon_protocol_bytes_total{direction=\"receive\",family=\"ipv4\",interface=\"eth0\",protocol=\"other\"} 60.0",
                "netmon_protocol_bytes_total{direction=\"receive\",family=\"ipv6\",interface=\"eth0\",protocol=\"icmpv6\"} 240.0",
                "netmon_protocol_bytes_total{direction=\"transmit\",family=\"ipv4\",interface=\"all\",protocol=\"tcp\"} 1.8446744073709552E19",
                "netmon_protocol_bytes_total{direction=\"transmit\",family=\"ipv4\",interface=\"eth0\",protocol=\"other\"} 0.0",
                "netmon_protocol_bytes_total{direction=\"transmit\",family=\"ipv6\",interface=\"eth0\",protocol=\"icmpv6\"} 160.0",
                "# HELP netmon_protocol_packets_total Packets of one protocol, by family, direction and interface"
                        + " (\"all\": the whole network namespace).",
                "# TYPE netmon_protocol_packets_total counter",
                "netmon_protocol_packets_total{direction=\"receive\",family=\"ipv4\",interface=\"all\",protocol=\"tcp\"} 100.0",
                "netmon_protocol_packets_total{direction=\"receive\",family=\"ipv4\",interface=\"eth0\",protocol=\"other\"} 1.0",
                "netmon_protocol_packets_total{direction=\"receive\",family=\"ipv6\",interface=\"eth0\",protocol=\"icmpv6\"} 3.0",
                "netmon_protocol_packets_total{direction=\"transmit\",family=\"ipv4\",interface=\"all\",protocol=\"tcp\"} 90.0",
                "netmon_protocol_packets_total{direction=\"transmit\",family=\"ipv4\",interface=\"eth0\",protocol=\"other\"} 0.0",
                "netmon_protocol_packets_total{direction=\"transmit\",family=\"ipv6\",interface=\"eth0\",protocol=\"icmpv6\"} 2.0",
                "# HELP netmon_sample_timestamp_seconds"))
                .endsWith("netmon_source_info{format_version=\"1\",module_version=\"0.1.0\",source=\"kmod\"} 1\n");
    }

    @Test
    void procfsProtocolRowsHavePacketsOnly() {
        String text = text(Snapshot.of(1, T0, 0, Source.PROCFS, List.of(),
                List.of(new ProtocolStats(ProtocolStats.ALL, Family.IP, 6, new Counts(0, 5, 0, 4))), null));
        assertThat(text).contains("netmon_protocol_packets_total{direction=\"receive\",family=\"ip\",interface=\"all\",protocol=\"tcp\"} 5.0\n")
                .doesNotContain("netmon_protocol_bytes_total")
                .endsWith("netmon_source_info{source=\"procfs\"} 1\n");
    }

    @Test
    void promtoolAcceptsProtocolSeriesAndModuleInfo() throws Exception {
        Promtool.Result result = Promtool.checkMetrics(text(kmod()).getBytes(StandardCharsets.UTF_8));
        assertThat(result.output()).isEmpty();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void unsignedCountersBecomeTheNearestDouble() {
        assertThat(io.netmon.source.Unsigned.toDouble(-1L)).isEqualTo(18446744073709551615.0);
        assertThat(io.netmon.source.Unsigned.toDouble(Long.MIN_VALUE)).isEqualTo(9223372036854775808.0);
        assertThat(io.netmon.source.Unsigned.toDouble(Long.MAX_VALUE)).isEqualTo(9223372036854775807.0);
        // 2^64 - 2049 is halfway between two doubles: round to even (2^64 - 4096), as BigDecimal does
        long halfway = -2049L;
        assertThat(io.netmon.source.Unsigned.toDouble(halfway))
                .isEqualTo(new java.math.BigDecimal(Long.toUnsignedString(halfway)).doubleValue());
        assertThat(io.netmon.source.Unsigned.toDouble(-2047L))
                .isEqualTo(new java.math.BigDecimal(Long.toUnsignedString(-2047L)).doubleValue());
        assertThat(io.netmon.source.Unsigned.toDouble(12345)).isEqualTo(12345.0);
    }
}
