package io.netmon.source;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the sources once per interval on its own thread and publishes the result through a
 * single volatile reference. Handlers only read {@link #state()}; listeners (history, streams,
 * metrics) are handed each new state on the sampler's thread, in registration order.
 */
public final class Sampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    /** What handlers see: the latest good snapshot (if any) and the latest failure (if the last read failed). */
    public record State(Snapshot snapshot, String error) {
        public static final State EMPTY = new State(null, null);

        public Optional<Snapshot> latest() {
            return Optional.ofNullable(snapshot);
        }

        public Optional<String> failure() {
            return Optional.ofNullable(error);
        }
    }

    /** The sampling period of the commands that sample, unless told otherwise. */
    public static final long DEFAULT_INTERVAL_SECONDS = 1;

    private final Collector collector;
    private final Duration interval;
    private final UnaryOperator<Snapshot> publish;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor;
    private volatile State state = State.EMPTY;

    public Sampler(Collector collector, Duration interval) {
        this(collector, interval, UnaryOperator.identity());
    }

    /**
     * @param publish applied to every sample before anyone sees it ({@link InterfaceFilter}), so that
     *                handlers and listeners all agree on what the node has
     */
    public Sampler(Collector collector, Duration interval, UnaryOperator<Snapshot> publish) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.publish = Objects.requireNonNull(publish, "publish");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        this.interval = interval;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netmon-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    public Duration interval() {
        return interval;
    }

    public Collector collector() {
        return collector;
    }

    public State state() {
        return state;
    }

    /**
     * Called on the sampler's thread with every new state that has a snapshot: after each successful
     * read (a new snapshot, no error), and after a failed read whose error differs from the state's
     * before it (the same snapshot, with the error). A read that fails as the one before did changes
     * nothing and calls no one; nor does a failure before the first snapshot.
     */
    public void addListener(Consumer<State> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Takes the first sample now, then one per interval at a fixed rate. */
    public void start() {
        executor.scheduleAtFixedRate(this::sampleOnce, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One sample on the caller's thread; used by {@link #start()} and by tests that step time themselves. */
    public void sampleOnce() {
        Snapshot snapshot;
        try {
            snapshot = publish.apply(collector.collect());
        } catch (IOException | RuntimeException e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!error.equals(state.error())) {
                LOG.warn("sampling failed: {}", error, e);
                change(new State(state.snapshot(), error));
            }
            return;
        }
        if (state.error() != null) {
            LOG.info("sampling recovered");
        }
        change(new State(snapshot, null));
    }

    /** Makes {@code next} the state, and hands it to the listeners when it has a snapshot. */
    private void change(State next) {
        state = next;
        if (next.snapshot() == null) {
            return;
        }
        for (Consumer<State> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.error("listener {} failed on sample {}", listener, next.snapshot().sequence(), e);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("sampler thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
