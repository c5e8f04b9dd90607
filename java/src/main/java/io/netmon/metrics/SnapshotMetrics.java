package io.netmon.metrics;

import io.netmon.source.Counter;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Protocols;
import io.netmon.source.Snapshot;
import io.netmon.source.Unsigned;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A {@link Snapshot} as Prometheus metric families (client_java's model), built from the snapshot
 * alone: what the node has now, so an interface that disappears leaves with the next sample.
 * Counter names are given without {@code _total}, which the exposition writers add.
 */
public final class SnapshotMetrics {
    private SnapshotMetrics() {
    }

    private record InterfaceCounter(String name, String help, Unit unit, ToLongFunction<InterfaceStats> value) {
    }

    private static final List<InterfaceCounter> INTERFACE_COUNTERS = List.of(
            new InterfaceCounter("netmon_interface_receive_bytes", "Bytes received by the interface (/proc/net/dev).",
                    Unit.BYTES, InterfaceStats::rxBytes),
            new InterfaceCounter("netmon_interface_receive_packets", "Packets received by the interface.",
                    null, InterfaceStats::rxPackets),
            new InterfaceCounter("netmon_interface_receive_errors", "Receive errors of the interface.",
                    null, InterfaceStats::rxErrors),
            new InterfaceCounter("netmon_interface_receive_drops", "Received packets the interface dropped.",
                    null, InterfaceStats::rxDrops),
            new InterfaceCounter("netmon_interface_transmit_bytes", "Bytes sent by the interface (/proc/net/dev).",
                    Unit.BYTES, InterfaceStats::txBytes),
            new InterfaceCounter("netmon_interface_transmit_packets", "Packets sent by the interface.",
                    null, InterfaceStats::txPackets),
            new InterfaceCounter("netmon_interface_transmit_errors", "Transmit errors of the interface.",
                    null, InterfaceStats::txErrors),
            new InterfaceCounter("netmon_interface_transmit_drops", "Packets the interface dropped on transmit.",
                    null, InterfaceStats::txDrops));

    public static MetricSnapshots of(Snapshot snapshot) {
        return of(snapshot, PodMetrics.Options.DEFAULTS);
    }

    /** The node's families, then its pods' as {@code pods} bounds them ({@link PodMetrics}). */
    public static MetricSnapshots of(Snapshot snapshot, PodMetrics.Options pods) {
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> families = new ArrayList<>();
        InfoSnapshot.Builder info = InfoSnapshot.builder().name("netmon_source")
                .help("Where the figures come from: procfs, or kmod (netmon.ko) with its versions.");
        Labels labels = snapshot.module() == null
                ? Labels.of("source", snapshot.source().label())
                : Labels.of("source", snapshot.source().label(),
                        "module_version", snapshot.module().moduleVersion(),
                        "format_version", Integer.toString(snapshot.module().formatVersion()));
        families.add(info.dataPoint(InfoDataPointSnapshot.builder().labels(labels).build()).build());
        families.add(GaugeSnapshot.builder().name("netmon_sample_timestamp_seconds").unit(Unit.SECONDS)
                .help("When the sample these figures come from was read, in seconds since the epoch.")
                .dataPoint(GaugeDataPointSnapshot.builder()
                        .value(snapshot.timestamp().toEpochMilli() / 1000.0).build())
                .build());
        families.add(GaugeSnapshot.builder().name("netmon_interfaces")
                .help("Interfaces in the sample (after --interface-include and --interface-exclude).")
                .dataPoint(GaugeDataPointSnapshot.builder().value(snapshot.interfaces().size()).build())
                .build());
        for (InterfaceCounter counter : INTERFACE_COUNTERS) {
            CounterSnapshot.Builder family = CounterSnapshot.builder().name(counter.name()).help(counter.help());
            if (counter.unit() != null) {
                family.unit(counter.unit());
            }
            for (InterfaceStats stats : snapshot.interfaces()) {
                family.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("interface", stats.name()))
                        .value(Unsigned.toDouble(counter.value().applyAsLong(stats)))
                        .build());
            }
            families.add(family.build());
        }
        if (!snapshot.protocols().isEmpty()) {
            families.add(protocols(snapshot, "netmon_protocol_packets", "Packets of one protocol, by family, "
                    + "direction and interface (\"all\": the whole network namespace).", null,
                    Counter.PACKETS_RECEIVED, Counter.PACKETS_SENT));
            if (snapshot.source().hasBytes()) {
                families.add(protocols(snapshot, "netmon_protocol_bytes", "Bytes of one protocol, by family, "
                        + "direction and interface (\"all\": the whole network namespace).", Unit.BYTES,
                        Counter.BYTES_RECEIVED, Counter.BYTES_SENT));
            }
        }
        families.addAll(PodMetrics.of(snapshot, pods));
        return new MetricSnapshots(families);
    }

    private static CounterSnapshot protocols(Snapshot snapshot, String name, String help, Unit unit,
            Counter received, Counter sent) {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) {
            family.unit(unit);
        }
        for (ProtocolStats row : snapshot.protocols()) {
            for (boolean receive : new boolean[] {true, false}) {
                family.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("family", row.family().label(), "protocol", Protocols.name(row.protocol()),
                                "direction", receive ? "receive" : "transmit", "interface", row.ifname()))
                        .value(Unsigned.toDouble((receive ? received : sent).of(row.counts())))
                        .build());
            }
        }
        return family.build();
    }
}
