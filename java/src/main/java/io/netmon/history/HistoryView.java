package io.netmon.history;

import io.netmon.source.Source;
import java.time.Duration;
import java.util.List;

/**
 * A window of history at one resolution, copied out of the store: the points' times and the
 * selected series, each aligned with {@link #timestamps()}.
 *
 * @param coarse     whether the points are the coarse ring's (else every sample)
 * @param resolution the nominal time between points
 * @param sequence   the latest sample's sequence number (0 before any)
 * @param source     the latest sample's source (null before any)
 * @param pods       the pods' traffic series asked for
 * @param notes      what qualifies the answer: that the history was trimmed to its memory budget
 */
public record HistoryView(boolean coarse, Duration resolution, long sequence, Source source, long[] timestamps,
        List<SeriesView> interfaces, List<SeriesView> protocols, List<PodSeries> pods, List<String> notes) {
}
