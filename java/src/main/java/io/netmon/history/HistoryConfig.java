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
 * @param budget     the most bytes the whole history may hold, whatever the number of series
 *                   (default 24 MB); see {@link History} for how it trims to stay within
 */
public record HistoryConfig(Duration interval, Duration full, Duration coarse, Duration coarseStep, long budget) {
    /** The defaults in whole units, so that the command line can print them as people write them (5m, 1h, 10s). */
    public static final long DEFAULT_FULL_MINUTES = 5;
    public static final long DEFAULT_COARSE_HOURS = 1;
    public static final long DEFAULT_COARSE_STEP_SECONDS = 10;
    public static final Duration DEFAULT_FULL = Duration.ofMinutes(DEFAULT_FULL_MINUTES);
    public static final Duration DEFAULT_COARSE = Duration.ofHours(DEFAULT_COARSE_HOURS);
    public static final Duration DEFAULT_COARSE_STEP = Duration.ofSeconds(DEFAULT_COARSE_STEP_SECONDS);
    /** 24 MB: 1000 interfaces at the default retention (21.7 MB) fit without trimming. */
    public static final long DEFAULT_BUDGET_MB = 24;
    public static final long DEFAULT_BUDGET = DEFAULT_BUDGET_MB * 1000 * 1000;
    /** Halvings of the retention at most: enough to bring any ring down to its 2 points. */
    private static final int MAX_LEVEL = 30;

    /** The retention asked for, within the default budget. */
    public HistoryConfig(Duration interval, Duration full, Duration coarse, Duration coarseStep) {
        this(interval, full, coarse, coarseStep, DEFAULT_BUDGET);
    }

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
        if (budget < MIN_BUDGET) {
            throw new IllegalArgumentException("history-budget (" + budget + " bytes) cannot hold even one series: it needs "
                    + MIN_BUDGET + " bytes at least");
        }
    }

    /** The defaults for a sampling interval; the coarse step is 10 s rounded up to a multiple of the interval. */
    public static HistoryConfig defaults(Duration interval) {
        long step = interval.toNanos();
        long steps = Math.max(1, (DEFAULT_COARSE_STEP.toNanos() + step - 1) / step);
        return new HistoryConfig(interval, DEFAULT_FULL.compareTo(interval) < 0 ? interval : DEFAULT_FULL,
                DEFAULT_COARSE, interval.multipliedBy(steps), DEFAULT_BUDGET);
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

    /**
     * The most bytes of ring arrays one series holds, every ring wide: (full + coarse points) x 4
     * counters x 8 bytes, plus segment bitsets. A narrow ring holds about half ({@link Ring}).
     */
    public long bytesPerSeries() {
        return Series.arrayBytes(fullPoints(), coarsePoints());
    }

    /**
     * The full ring's points after {@code level} halvings of the retention (the store's answer to a
     * node too big for the budget): ceil(points / 2^level), at least 2.
     */
    public int fullPoints(int level) {
        return halved(fullPoints(), level);
    }

    /** The coarse ring's points after {@code level} halvings: as many fewer, each standing for 2^level steps. */
    public int coarsePoints(int level) {
        return halved(coarsePoints(), level);
    }

    /** The first level at which both rings are down to 2 points: no halving shrinks them further. */
    public int maxLevel() {
        int level = 0;
        while (level < MAX_LEVEL && (fullPoints(level) > 2 || coarsePoints(level) > 2)) {
            level++;
        }
        return level;
    }

    /**
     * Everything the store accounts for, at {@code level} with {@code series} series: the four time
     * rings, and per series its ring arrays counted wide, its state arrays and rings' objects, and the
     * object and map entry around them ({@link #SERIES_OBJECT_BYTES}). The store keeps this at or below
     * {@link #budget()}.
     */
    public long bytes(int level, long series) {
        return timeBytes(fullPoints(level), coarsePoints(level)) + series * seriesBytes(level);
    }

    /** One series at {@code level}: rings, state arrays, object. */
    public long seriesBytes(int level) {
        return seriesBytes(fullPoints(level), coarsePoints(level));
    }

    /** The most series the budget holds at {@code level}. */
    public long maxSeries(int level) {
        return Math.max(0, (budget - timeBytes(fullPoints(level), coarsePoints(level))) / seriesBytes(level));
    }

    /** The two timelines: wall-clock and monotonic times of each ring. */
    private static long timeBytes(int fullPoints, int coarsePoints) {
        return 2 * Series.longArrayBytes(fullPoints) + 2 * Series.longArrayBytes(coarsePoints);
    }

    private static long seriesBytes(int fullPoints, int coarsePoints) {
        return Series.arrayBytes(fullPoints, coarsePoints) + Series.STATE_BYTES + SERIES_OBJECT_BYTES;
    }

    /**
     * What a series costs besides its arrays, counted into the budget: the {@code Series} object, its
     * entries in the store's map and list, and its interface name once the snapshot that brought it is
     * gone. HistoryMemoryTest checks it against what the JVM allocates.
     */
    public static final long SERIES_OBJECT_BYTES = 200;
    /** The smallest budget: one series with both rings at their 2 points. */
    public static final long MIN_BUDGET = timeBytes(2, 2) + seriesBytes(2, 2);

    private static int halved(int points, int level) {
        long divisor = 1L << level;
        return (int) Math.max(2, (points + divisor - 1) / divisor);
    }

    private static int points(Duration span, Duration step) {
        long n = (span.toNanos() + step.toNanos() - 1) / step.toNanos();
        if (n > 10_000_000) {
            throw new IllegalArgumentException("history of " + span + " at " + step + " would keep " + n + " points per series");
        }
        return (int) n;
    }
}
