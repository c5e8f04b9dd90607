package io.netmon.history;

import io.netmon.source.Counter;
import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.PodStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Snapshot;
import io.netmon.source.Unsigned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The pods' part of the {@link History}: one {@link Series} per pod with a network namespace of its own
 * (pods on the host's network are the node's), keyed by UID, holding the pod's traffic
 * ({@link PodStats#total()}); a pod missing from a sample is dropped with its arrays, as an interface is, and
 * the pods' series count in the history's memory budget as the others do.
 * The rates of a pod's protocol rows are kept for the latest sample only, from the sample before: no ring.
 * Only the store's lock holder touches it.
 */
final class PodHistory {
    private final Map<String, Series> series = new HashMap<>();
    private final List<Series> list = new ArrayList<>();

    /** Marks the series of the pods {@code snapshot} has as current; returns how many of its pods want one. */
    int mark(Snapshot snapshot, int generation) {
        int wanted = 0;
        List<PodStats> pods = snapshot.pods().list();
        for (int p = 0; p < pods.size(); p++) { // no iterator: a sample allocates nothing here
            PodStats pod = pods.get(p);
            if (!pod.hostNetwork()) {
                wanted++;
                Series s = series.get(pod.uid());
                if (s != null) {
                    s.generation = generation;
                }
            }
        }
        return wanted;
    }

    /** Drops the series of the pods the latest sample did not have, freeing their arrays. */
    void sweep(int generation) {
        for (int i = list.size() - 1; i >= 0; i--) {
            Series s = list.get(i);
            if (s.generation != generation) {
                series.remove(s.interfaceName);
                int last = list.size() - 1;
                list.set(i, list.get(last));
                list.remove(last);
            }
        }
    }

    /**
     * Records the pods of {@code snapshot} at full-ring index {@code index}; {@code seconds} as in
     * {@link Series#record}. A pod without a series gets one while {@code room} lasts (the history's budget).
     *
     * @return how many pods were left without a series for want of room
     */
    int record(Snapshot snapshot, long index, Timeline fullTimes, Timeline coarseTimes, double seconds, int generation,
            long room) {
        int refused = 0;
        List<PodStats> pods = snapshot.pods().list();
        for (int p = 0; p < pods.size(); p++) {
            PodStats pod = pods.get(p);
            if (pod.hostNetwork()) {
                continue;
            }
            Series s = series.get(pod.uid());
            if (s == null) {
                if (room <= 0) {
                    refused++;
                    continue;
                }
                room--;
                s = new Series(pod.uid(), null, 0, fullTimes, coarseTimes, index);
                series.put(pod.uid(), s);
                list.add(s);
            }
            s.generation = generation;
            s.record(index, fullTimes, pod.total(), seconds);
        }
        return refused;
    }

    /** Every pod's series to the history's halved rings ({@link Series#reshape}). */
    void reshape(Timeline newFull, Timeline oldCoarse, Timeline newCoarse, long[] kept, int factor) {
        for (Series s : list) {
            s.reshape(newFull, oldCoarse, newCoarse, kept, factor);
        }
    }

    void recordCoarse(long index, long coarseIndex, Timeline coarseTimes) {
        for (int i = 0; i < list.size(); i++) {
            list.get(i).recordCoarse(index, coarseIndex, coarseTimes);
        }
    }

    /**
     * The rates of every pod of {@code snapshot} with a series, in its order; {@code previous} (null for the
     * first sample) gives the protocol rows' rates.
     */
    List<PodRates> latestRates(Snapshot snapshot, Snapshot previous) {
        Map<String, PodStats> before = new HashMap<>();
        double seconds = Double.NaN;
        if (previous != null && previous.source() == snapshot.source()) {
            previous.pods().list().forEach(pod -> before.put(pod.uid(), pod));
            seconds = (snapshot.monotonicNanos() - previous.monotonicNanos()) / 1e9;
        }
        boolean bytes = snapshot.source().hasBytes();
        List<PodRates> rates = new ArrayList<>();
        for (PodStats pod : snapshot.pods().list()) {
            Series s = series.get(pod.uid());
            if (s == null) {
                continue;
            }
            List<ProtocolRates> protocols = s.latestSegment() ? List.of()
                    : protocolRates(pod, before.get(pod.uid()), seconds, bytes);
            rates.add(new PodRates(pod.uid(), pod.namespace(), pod.name(), s.latestSegment(), s.latestRates(),
                    pod.total(), protocols));
        }
        return rates;
    }

    /** The pod's namespace-wide rows that moved since {@code before}, as rates; none without a sample before. */
    private static List<ProtocolRates> protocolRates(PodStats pod, PodStats before, double seconds, boolean bytes) {
        if (before == null || !(seconds > 0)) {
            return List.of();
        }
        Map<Long, Counts> previous = new HashMap<>();
        for (ProtocolStats row : before.netns().protocols()) {
            if (row.namespaceWide()) {
                previous.put(key(row.family(), row.protocol()), row.counts());
            }
        }
        List<ProtocolRates> rates = new ArrayList<>();
        for (ProtocolStats row : pod.netns().protocols()) {
            Counts then = row.namespaceWide() ? previous.get(key(row.family(), row.protocol())) : null;
            if (then == null || row.counts().equals(then) || wentBack(then, row.counts())) {
                continue;
            }
            Rates r = Rates.of(counter -> Unsigned.toDouble(counter.of(row.counts()) - counter.of(then)) / seconds);
            rates.add(new ProtocolRates(row.family(), row.protocol(), false, bytes ? r : r.packetsOnly()));
        }
        return rates;
    }

    private static boolean wentBack(Counts then, Counts now) {
        for (Counter counter : Counter.ALL) {
            if (Long.compareUnsigned(counter.of(now), counter.of(then)) < 0) {
                return true;
            }
        }
        return false;
    }

    private static long key(Family family, int protocol) {
        return family.ordinal() * 1024L + protocol;
    }

    /** The series of {@code pods} (those that have one), in their order, over a window: {@code view} copies one. */
    List<PodSeries> query(List<PodStats> pods, Function<Series, SeriesView> view) {
        List<PodSeries> out = new ArrayList<>();
        for (PodStats pod : pods) {
            Series s = series.get(pod.uid());
            if (s != null) {
                out.add(new PodSeries(pod.uid(), pod.namespace(), pod.name(), view.apply(s)));
            }
        }
        return out;
    }

    int size() {
        return list.size();
    }

    long arrayBytes() {
        long total = 0;
        for (Series s : list) {
            total += s.arrayBytes();
        }
        return total;
    }
}
