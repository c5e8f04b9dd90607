package io.netmon.metrics;

import io.netmon.source.Counter;
import io.netmon.source.Counts;
import io.netmon.source.PodStats;
import io.netmon.source.Pods;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Protocols;
import io.netmon.source.Snapshot;
import io.netmon.source.Unsigned;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The pods of a {@link Snapshot} as Prometheus families of their own ({@code netmon_pod_*}, docs/METRICS.md),
 * labelled {@code namespace} and {@code pod}: each pod's traffic (its interfaces summed, lo left out), and
 * with {@link Level#PROTOCOLS} its namespace-wide protocol rows, from the module or, without it, from its
 * namespace's MIBs (a metric of their own, as for the node). Only what the sample has: a pod that is gone
 * has no series. Pods on the host's network are the node's and have none of their own.
 *
 * <p>Cardinality is bounded by {@link Options}: the first {@code max} pods in the order Netmon first saw
 * them get series, so a pod's series do not come and go as traffic shifts; the rest are counted in
 * {@code netmon_pods_omitted}. A pod whose namespace and name another pod already has (a StatefulSet's pod
 * re-created while the old one ends) is left out the same way: two series cannot carry the same labels.
 */
public final class PodMetrics {
    /** How much each pod gets. */
    public enum Level {
        /** No series per pod (the gauges stay). */
        NONE,
        /** The four traffic counters. */
        TRAFFIC,
        /** The traffic counters and the protocol rows. */
        PROTOCOLS;

        /** {@code none}, {@code traffic} or {@code protocols}, as {@code --pod-metrics} takes it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code --pod-metrics} and {@code --pod-metrics-max}.
     *
     * @param max the most pods with series, at least 0
     */
    public record Options(Level level, int max) {
        public static final int DEFAULT_MAX = 200;
        public static final Options DEFAULTS = new Options(Level.TRAFFIC, DEFAULT_MAX);

        public Options {
            Objects.requireNonNull(level, "level");
            if (max < 0) {
                throw new IllegalArgumentException("--pod-metrics-max must be >= 0, got " + max);
            }
        }
    }

    private record Traffic(String name, String help, Unit unit, Counter counter) {
    }

    private static final List<Traffic> TRAFFIC = List.of(
            new Traffic("netmon_pod_receive_bytes", "Bytes into the pod: its interfaces' received bytes, lo left out.",
                    Unit.BYTES, Counter.BYTES_RECEIVED),
            new Traffic("netmon_pod_receive_packets", "Packets into the pod, the same way.", null, Counter.PACKETS_RECEIVED),
            new Traffic("netmon_pod_transmit_bytes", "Bytes out of the pod: its interfaces' sent bytes, lo left out.",
                    Unit.BYTES, Counter.BYTES_SENT),
            new Traffic("netmon_pod_transmit_packets", "Packets out of the pod, the same way.", null, Counter.PACKETS_SENT));

    private PodMetrics() {
    }

    /** The pod families of {@code snapshot}; none when pods are not looked for. */
    public static List<MetricSnapshot> of(Snapshot snapshot, Options options) {
        Pods pods = snapshot.pods();
        List<MetricSnapshot> families = new ArrayList<>();
        if (!pods.watched()) {
            return families;
        }
        List<PodStats> own = pods.list().stream().filter(pod -> !pod.hostNetwork())
                .sorted(Comparator.comparingLong(PodStats::firstSeen).thenComparing(PodStats::uid)).toList();
        List<PodStats> shown = new ArrayList<>();
        Set<Labels> labels = new HashSet<>();
        int limit = options.level() == Level.NONE ? 0 : options.max();
        for (PodStats pod : own) {
            if (shown.size() < limit && labels.add(labels(pod))) {
                shown.add(pod);
            }
        }
        families.add(gauge("netmon_pods", "Pods with series of their own in this sample (after --pod-metrics and "
                + "--pod-metrics-max; pods on the host's network have none).", shown.size()));
        families.add(gauge("netmon_pods_omitted", "Pods with a network namespace of their own left without series by "
                + "--pod-metrics, --pod-metrics-max, or a namespace and name another pod already has.",
                own.size() - shown.size()));
        if (shown.isEmpty()) {
            return families;
        }
        for (Traffic traffic : TRAFFIC) {
            CounterSnapshot.Builder family = CounterSnapshot.builder().name(traffic.name()).help(traffic.help());
            if (traffic.unit() != null) {
                family.unit(traffic.unit());
            }
            for (PodStats pod : shown) {
                Counts total = pod.total();
                family.dataPoint(CounterDataPointSnapshot.builder().labels(labels(pod))
                        .value(Unsigned.toDouble(traffic.counter().of(total))).build());
            }
            families.add(family.build());
        }
        if (options.level() == Level.PROTOCOLS) {
            if (snapshot.source().hasBytes()) {
                add(families, protocols(shown, "netmon_pod_protocol_packets", "Packets of one protocol in the pod's "
                        + "network namespace (netmon.ko), by family and direction.", null,
                        Counter.PACKETS_RECEIVED, Counter.PACKETS_SENT));
                add(families, protocols(shown, "netmon_pod_protocol_bytes", "Bytes (L3) of one protocol in the pod's "
                        + "network namespace (netmon.ko), by family and direction.", Unit.BYTES,
                        Counter.BYTES_RECEIVED, Counter.BYTES_SENT));
            } else {
                add(families, protocols(shown, "netmon_pod_snmp_protocol_packets", "Packets of one protocol in the pod's "
                        + "network namespace from its MIBs (/proc/<pid>/net/snmp and snmp6; without netmon.ko), by "
                        + "family and direction.", null, Counter.PACKETS_RECEIVED, Counter.PACKETS_SENT));
            }
        }
        return families;
    }

    /** {@code namespace} and {@code pod}; a pod whose name is not known is {@code namespace=""} and its UID. */
    static Labels labels(PodStats pod) {
        return pod.named() ? Labels.of("namespace", pod.namespace(), "pod", pod.name())
                : Labels.of("namespace", "", "pod", pod.uid());
    }

    private static GaugeSnapshot gauge(String name, String help, int value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static void add(List<MetricSnapshot> families, CounterSnapshot family) {
        if (!family.getDataPoints().isEmpty()) {
            families.add(family);
        }
    }

    private static CounterSnapshot protocols(List<PodStats> pods, String name, String help, Unit unit,
            Counter received, Counter sent) {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) {
            family.unit(unit);
        }
        for (PodStats pod : pods) {
            Labels who = labels(pod);
            for (ProtocolStats row : pod.netns().protocols()) {
                if (!row.namespaceWide()) {
                    continue;
                }
                for (boolean receive : new boolean[] {true, false}) {
                    family.dataPoint(CounterDataPointSnapshot.builder()
                            .labels(who.merge(Labels.of("family", row.family().label(), "protocol",
                                    Protocols.name(row.protocol()), "direction", receive ? "receive" : "transmit")))
                            .value(Unsigned.toDouble((receive ? received : sent).of(row.counts())))
                            .build());
                }
            }
        }
        return family.build();
    }
}
