package io.netmon.http;

import io.netmon.history.HistoryConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the live endpoints (history, stream, metrics).
 *
 * @param history    how much history to keep
 * @param maxStreams how many {@code /network/stream} clients may be connected at once
 */
public record LiveOptions(HistoryConfig history, int maxStreams) {
    public static final int DEFAULT_MAX_STREAMS = 64;

    public LiveOptions {
        Objects.requireNonNull(history, "history");
        if (maxStreams < 0) {
            throw new IllegalArgumentException("max-streams must be >= 0, got " + maxStreams);
        }
    }

    public static LiveOptions defaults(Duration interval) {
        return new LiveOptions(HistoryConfig.defaults(interval), DEFAULT_MAX_STREAMS);
    }
}
