package io.netmon.http;

import io.netmon.history.HistoryConfig;
import io.netmon.metrics.PodMetrics;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the live endpoints (history, stream, metrics).
 *
 * @param history    how much history to keep
 * @param maxStreams how many {@code /network/stream} clients may be connected at once
 * @param podMetrics which pods get series in {@code /metrics}, and how many
 */
public record LiveOptions(HistoryConfig history, int maxStreams, PodMetrics.Options podMetrics) {
    public static final int DEFAULT_MAX_STREAMS = 64;

    public LiveOptions {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(podMetrics, "podMetrics");
        if (maxStreams < 0) {
            throw new IllegalArgumentException("max-streams must be >= 0, got " + maxStreams);
        }
    }

    /** The pods' metrics at their defaults. */
    public LiveOptions(HistoryConfig history, int maxStreams) {
        this(history, maxStreams, PodMetrics.Options.DEFAULTS);
    }

    public static LiveOptions defaults(Duration interval) {
        return new LiveOptions(HistoryConfig.defaults(interval), DEFAULT_MAX_STREAMS);
    }
}
