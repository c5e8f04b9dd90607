package io.netmon.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How much history to keep: every sample for {@code full}, then one point per {@code coarseStep}
 * for {@code coarse} (the coarse ring covers the whole {@code coarse} span, recent minutes included).
 *
 * @param interval   the sampler's period: the full resolution
 * @param full       how long full-resolution points are kept (default 5 minutes)
 * @param coarse     how long coarse points are kept (default 1 hour)
 * @param coarseStep the coarse resolution, a whole multiple of {@code interval} (default 10 s)
 */
public record HistoryConfig(Duration interval, Duration full, Duration coarse, Duration coarseStep) {
    /** The defaults in whole units, so that the command line can print them as people write them (5m, 1h, 10s). */
    public static final long DEFAULT_FULL_MINUTES = 5;
    public static final long DEFAULT_COARSE_HOURS = 1;
    public static final long DEFAULT_COARSE_STEP_SECONDS = 10;
    public static final Duration DEFAULT_FULL = Duration.ofMinutes(DEFAULT_FULL_MINUTES);
    public static final Duration DEFAULT_COARSE = Duration.ofHours(DEFAULT_COARSE_HOURS);
    public static final Duration DEFAULT_COARSE_STEP = Duration.ofSeconds(DEFAULT_COARSE_STEP_SECONDS);

    public HistoryConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(full, "full");
        Objects.requireNonNull(coarse, "coarse");
        Objects.requireNonNull(coarseStep, "coarseStep");
        positive("interval", interval);
        positive("history-full", full);
        positive("history-coarse", coarse);
        positive("history-coarse-step", coarseStep);
        if (full.compareTo(interval) < 0) {
            throw new IllegalArgumentException("history-full (" + full + ") is shorter than the interval (" + interval + ")");
        }
        if (coarseStep.toNanos() % interval.toNanos() != 0) {
            throw new IllegalArgumentException("history-coarse-step (" + coarseStep
                    + ") must be a whole multiple of the interval (" + interval + ")");
        }
        if (coarse.compareTo(coarseStep) < 0) {
            throw new IllegalArgumentException("history-coarse (" + coarse + ") is shorter than its step (" + coarseStep + ")");
        }
    }

    /** The defaults for a sampling interval; the coarse step is 10 s rounded up to a multiple of the interval. */
    public static HistoryConfig defaults(Duration interval) {
        long step = interval.toNanos();
        long steps = Math.max(1, (DEFAULT_COARSE_STEP.toNanos() + step - 1) / step);
        return new HistoryConfig(interval, DEFAULT_FULL.compareTo(interval) < 0 ? interval : DEFAULT_FULL,
                DEFAULT_COARSE, interval.multipliedBy(steps));
    }

    private static void positive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Points in the full ring: ceil(full / interval), at least 2 so a rate always has a previous point. */
    public int fullPoints() {
        return Math.max(2, points(full, interval));
    }

    /** Points in the coarse ring: ceil(coarse / coarseStep). */
    public int coarsePoints() {
        return Math.max(2, points(coarse, coarseStep));
    }

    /** Samples per coarse point: coarseStep / interval. */
    public int samplesPerCoarsePoint() {
        return Math.toIntExact(coarseStep.toNanos() / interval.toNanos());
    }

    /** Bytes of ring arrays one series holds: (full + coarse points) x 4 counters x 8 bytes, plus segment bitsets. */
    public long bytesPerSeries() {
        return Series.arrayBytes(fullPoints(), coarsePoints());
    }

    private static int points(Duration span, Duration step) {
        long n = (span.toNanos() + step.toNanos() - 1) / step.toNanos();
        if (n > 10_000_000) {
            throw new IllegalArgumentException("history of " + span + " at " + step + " would keep " + n + " points per series");
        }
        return (int) n;
    }
}
