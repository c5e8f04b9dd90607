package io.netmon.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.List;

/**
 * The sampler's reads since the start, immutable: how long they took (a histogram of seconds) and
 * how many failed. {@link #plus} makes the next value; only the sampler's thread calls it.
 */
final class ReadStats {
    /** Upper bounds of {@code netmon_sample_duration_seconds}' buckets, +Inf last. */
    static final double[] BOUNDS = {0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 1, Double.POSITIVE_INFINITY};
    static final ReadStats NONE = new ReadStats(new long[BOUNDS.length], 0, 0);

    /** Reads per bucket (not cumulative: the model adds them up). */
    private final long[] buckets;
    private final double seconds;
    private final long failures;

    private ReadStats(long[] buckets, double seconds, long failures) {
        this.buckets = buckets;
        this.seconds = seconds;
        this.failures = failures;
    }

    ReadStats plus(long nanos, boolean failed) {
        double took = nanos / 1e9;
        long[] next = Arrays.copyOf(buckets, buckets.length);
        int bucket = 0;
        while (took > BOUNDS[bucket]) {
            bucket++;
        }
        next[bucket]++;
        return new ReadStats(next, seconds + took, failures + (failed ? 1 : 0));
    }

    List<MetricSnapshot> families() {
        return List.of(
                HistogramSnapshot.builder().name("netmon_sample_duration_seconds").unit(Unit.SECONDS)
                        .help("How long each read of the node took (/proc/net/dev, then netmon.ko's table or the"
                                + " kernel's MIBs), good or failed.")
                        .dataPoint(HistogramDataPointSnapshot.builder()
                                .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, buckets))
                                .sum(seconds).build())
                        .build(),
                CounterSnapshot.builder().name("netmon_sample_failures")
                        .help("Reads of the node that failed (the previous sample stays served; /network says why).")
                        .dataPoint(CounterDataPointSnapshot.builder().value(failures).build())
                        .build());
    }
}
