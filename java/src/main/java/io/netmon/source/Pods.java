package io.netmon.source;

import java.util.Comparator;
import java.util.List;

/**
 * The pods of one sample: whether pods are looked for at all ({@code --pods}), the pods found, sorted
 * by namespace, name and UID (pods without a name last), and sentences for people about what could
 * not be read (no kubepods cgroup, no log directory, a pod left out).
 */
public record Pods(boolean watched, List<PodStats> list, List<String> notes) {
    /** The order of {@link #list()}. */
    static final Comparator<PodStats> ORDER = Comparator
            .comparing(PodStats::namespace, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PodStats::name, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PodStats::uid);
    /** Pods are not looked for (declared after {@link #ORDER}, which the constructor uses). */
    public static final Pods OFF = new Pods(false, List.of(), List.of());

    public Pods {
        list = list.stream().sorted(ORDER).toList();
        notes = List.copyOf(notes);
    }
}
