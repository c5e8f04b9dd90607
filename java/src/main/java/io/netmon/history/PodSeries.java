package io.netmon.history;

/**
 * A pod's traffic over the points of a {@link HistoryView}: its name as the latest sample has it and its
 * series (the four counters summed over its interfaces, lo left out).
 *
 * @param namespace null when the pod's name is not known, as {@code name}
 */
public record PodSeries(String uid, String namespace, String name, SeriesView series) {
}
