package io.netmon.metrics;

import io.netmon.source.Counter;
import io.netmon.source.DevField;
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
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link Snapshot} as Prometheus metric families (client_java's model), built from the snapshot
 * alone: what the node has now, so an interface that disappears leaves with the next sample. The
 * names, labels and the rules behind them are docs/METRICS.md's. Counter names are given without
 * {@code _total}, which the exposition writers add.
 *
 * <p>Each aggregation level and each source has metrics of its own, so that no {@code sum()}
 * counts a packet twice and no series changes meaning when netmon.ko is loaded: the module's
 * namespace-wide rows are {@code netmon_protocol_*}, its per-interface rows
 * {@code netmon_interface_protocol_*} (label {@code device}), and the kernel's MIB counters of the
 * fallback {@code netmon_snmp_protocol_packets}.
 */
public final class SnapshotMetrics {
    private SnapshotMetrics() {
    }

    /** The interface label, as node_exporter names it. */
    static final String DEVICE = "device";

    /** One /proc/net/dev counter as a metric. */
    private record InterfaceCounter(DevField field, String name, String help, Unit unit) {
    }

    private static final List<InterfaceCounter> INTERFACE_COUNTERS =
            Arrays.stream(DevField.values()).map(SnapshotMetrics::counter).toList();

    private static InterfaceCounter counter(DevField field) {
        return switch (field) {
            case BYTES_RECEIVED -> new InterfaceCounter(field, "receive_bytes", "Bytes the interface received", Unit.BYTES);
            case PACKETS_RECEIVED -> count(field, "receive_packets", "Packets the interface received");
            case ERRORS_RECEIVED -> count(field, "receive_errors", "Receive errors of the interface");
            case DROPS_RECEIVED -> count(field, "receive_drops", "Received packets the interface dropped");
            case FIFO_RECEIVED -> count(field, "receive_fifo_errors", "Receive FIFO (buffer overrun) errors of the interface");
            case FRAME_RECEIVED -> count(field, "receive_frame_errors", "Receive framing errors of the interface");
            case COMPRESSED_RECEIVED -> count(field, "receive_compressed_packets", "Compressed packets the interface received");
            case MULTICAST_RECEIVED -> count(field, "receive_multicast_packets", "Multicast packets the interface received");
            case BYTES_SENT -> new InterfaceCounter(field, "transmit_bytes", "Bytes the interface sent", Unit.BYTES);
            case PACKETS_SENT -> count(field, "transmit_packets", "Packets the interface sent");
            case ERRORS_SENT -> count(field, "transmit_errors", "Transmit errors of the interface");
            case DROPS_SENT -> count(field, "transmit_drops", "Packets the interface dropped on transmit");
            case FIFO_SENT -> count(field, "transmit_fifo_errors", "Transmit FIFO errors of the interface");
            case COLLISIONS_SENT -> count(field, "transmit_collisions", "Collisions of the interface on transmit");
            case CARRIER_SENT -> count(field, "transmit_carrier_errors", "Carrier errors of the interface on transmit");
            case COMPRESSED_SENT -> count(field, "transmit_compressed_packets", "Compressed packets the interface sent");
        };
    }

    /** A counter of events (packets, errors, collisions): no unit. */
    private static InterfaceCounter count(DevField field, String name, String help) {
        return new InterfaceCounter(field, name, help, null);
    }

    /** The snapshot's families: the source and module, the sample's time, the interfaces, the protocols. */
    public static List<MetricSnapshot> of(Snapshot snapshot) {
        List<MetricSnapshot> families = new ArrayList<>();
        families.add(InfoSnapshot.builder().name("netmon_source")
                .help("Where the figures come from: kmod (netmon.ko is loaded) or procfs (/proc/net/dev and the"
                        + " kernel's MIBs).")
                .dataPoint(InfoDataPointSnapshot.builder()
                        .labels(Labels.of("source", snapshot.source().label())).build())
                .build());
        families.add(gauge("netmon_module_loaded", null, "1 while netmon.ko is loaded (/proc/net/netmon exists), else 0.",
                snapshot.module() == null ? 0 : 1));
        if (snapshot.module() != null) {
            families.add(InfoSnapshot.builder().name("netmon_module")
                    .help("The loaded netmon.ko: its version and the version of /proc/net/netmon's format.")
                    .dataPoint(InfoDataPointSnapshot.builder()
                            .labels(Labels.of("module_version", snapshot.module().moduleVersion(),
                                    "format_version", Integer.toString(snapshot.module().formatVersion())))
                            .build())
                    .build());
        }
        families.add(gauge("netmon_sample_timestamp_seconds", Unit.SECONDS,
                "When the sample these figures come from was read, in seconds since the epoch.",
                snapshot.timestamp().toEpochMilli() / 1000.0));
        families.add(gauge("netmon_interfaces", null,
                "Interfaces in the sample (after --interface-include and --interface-exclude).",
                snapshot.interfaces().size()));
        // One label set per interface, shared by its 16 counters: at 4000 interfaces, 60,000 fewer to make and check.
        List<InterfaceStats> interfaces = snapshot.interfaces();
        Labels[] devices = new Labels[interfaces.size()];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = Labels.of(DEVICE, interfaces.get(i).name());
        }
        for (InterfaceCounter counter : INTERFACE_COUNTERS) {
            CounterSnapshot.Builder family = CounterSnapshot.builder().name("netmon_interface_" + counter.name())
                    .help(counter.help() + " (/proc/net/dev " + counter.field().cName() + ").");
            if (counter.unit() != null) {
                family.unit(counter.unit());
            }
            for (int i = 0; i < devices.length; i++) {
                family.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(devices[i])
                        .value(Unsigned.toDouble(counter.field().get(interfaces.get(i))))
                        .build());
            }
            families.add(family.build());
        }
        switch (snapshot.source()) {
            case KMOD -> {
                Predicate<ProtocolStats> namespaceWide = ProtocolStats::namespaceWide;
                addProtocols(families, snapshot, namespaceWide, "netmon_protocol_packets", null,
                        "Packets of one protocol in the whole network namespace (netmon.ko).");
                addProtocols(families, snapshot, namespaceWide, "netmon_protocol_bytes", Unit.BYTES,
                        "L3 bytes of one protocol in the whole network namespace (netmon.ko).");
                addProtocols(families, snapshot, namespaceWide.negate(), "netmon_interface_protocol_packets", null,
                        "Packets of one protocol on one interface (netmon.ko; protocols without a slot of"
                                + " their own are \"other\").");
                addProtocols(families, snapshot, namespaceWide.negate(), "netmon_interface_protocol_bytes", Unit.BYTES,
                        "L3 bytes of one protocol on one interface (netmon.ko; protocols without a slot of"
                                + " their own are \"other\").");
            }
            case PROCFS -> addProtocols(families, snapshot, row -> true, "netmon_snmp_protocol_packets", null,
                    "Packets of one protocol counted by the kernel's MIBs (/proc/net/snmp, snmp6), host-wide,"
                            + " without netmon.ko; tcp is family \"ip\" (one MIB for IPv4 and IPv6).");
        }
        return families;
    }

    private static MetricSnapshot gauge(String name, Unit unit, String help, double value) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            family.unit(unit);
        }
        return family.dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    /**
     * A protocol family of the rows {@code which} keeps, packets or bytes by {@code unit}, one point per
     * row and direction; per-interface rows get {@code device}. Nothing when no row is kept.
     */
    private static void addProtocols(List<MetricSnapshot> families, Snapshot snapshot, Predicate<ProtocolStats> which,
            String name, Unit unit, String help) {
        boolean bytes = unit != null;
        Counter received = bytes ? Counter.BYTES_RECEIVED : Counter.PACKETS_RECEIVED;
        Counter sent = bytes ? Counter.BYTES_SENT : Counter.PACKETS_SENT;
        CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) {
            family.unit(unit);
        }
        boolean any = false;
        for (ProtocolStats row : snapshot.protocols()) {
            if (!which.test(row)) {
                continue;
            }
            any = true;
            Labels labels = Labels.of("family", row.family().label(), "protocol", Protocols.name(row.protocol()));
            if (!row.namespaceWide()) {
                labels = labels.add(DEVICE, row.ifname());
            }
            family.dataPoint(point(labels.add("direction", "receive"), received.of(row.counts())));
            family.dataPoint(point(labels.add("direction", "transmit"), sent.of(row.counts())));
        }
        if (any) {
            families.add(family.build());
        }
    }

    private static CounterDataPointSnapshot point(Labels labels, long value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(Unsigned.toDouble(value)).build();
    }
}
