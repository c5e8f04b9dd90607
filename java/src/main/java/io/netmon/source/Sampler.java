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
 * metrics) are handed each new state on the sampler's thread, in registration order; read
 * listeners (the metrics' read statistics) after every read, good or failed, with how long it took.
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

    /**
     * One read of the sources, as a read listener is handed it: the state it left (a new snapshot,
     * or the previous one with the failure) and the time it took, from the read's start to the
     * snapshot's publication (listeners not included), in nanoseconds.
     */
    public record Read(State state, long nanos) {
        public boolean failed() {
            return state.error() != null;
        }
    }

    /** The exit status of a process ended by an error in the sampler (EX_SOFTWARE in sysexits.h). */
    public static final int EXIT_ON_ERROR = 70;

    private final Collector collector;
    private final Duration interval;
    private final UnaryOperator<Snapshot> publish;
    private final Consumer<Error> onError;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Read>> readListeners = new CopyOnWriteArrayList<>();
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
        this(collector, interval, publish, Sampler::exitProcess);
    }

    /**
     * @param onError called on the sampler's thread with an {@link Error} a sample threw (a bug, a missing
     *                class, a stack overflow; {@link OutOfMemoryError} ends the JVM before, with
     *                {@code -XX:+ExitOnOutOfMemoryError}). The sampling stops there: a process whose
     *                sampler is gone must not go on answering from its last sample. The default ends the
     *                process ({@link #EXIT_ON_ERROR}), so that the service is restarted.
     */
    public Sampler(Collector collector, Duration interval, UnaryOperator<Snapshot> publish, Consumer<Error> onError) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.publish = Objects.requireNonNull(publish, "publish");
        this.onError = Objects.requireNonNull(onError, "onError");
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

    /** {@code listener} is called after every read, good or failed, after the state's listeners. */
    public void addReadListener(Consumer<Read> listener) {
        readListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Takes the first sample now, then one per interval at a fixed rate, until an {@link Error} (see the constructor). */
    public void start() {
        executor.scheduleAtFixedRate(this::sampleOrStop, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void sampleOrStop() {
        try {
            sampleOnce();
        } catch (Error e) {
            LOG.error("sampling stopped by an error", e);
            onError.accept(e);
            throw e;
        }
    }

    /** Ends the process from a thread of its own: the exit runs the shutdown hooks, which stop this sampler. */
    private static void exitProcess(Error error) {
        new Thread(() -> System.exit(EXIT_ON_ERROR), "netmon-exit").start();
    }

    /**
     * One sample on the caller's thread; used by {@link #start()} and by tests that step time themselves.
     * A failed read (an {@link IOException}) or a bug of ours (a {@link RuntimeException}) keeps the last
     * sample and becomes the state's error; an {@link Error} goes through.
     */
    public void sampleOnce() {
        long start = System.nanoTime();
        Snapshot snapshot;
        try {
            snapshot = publish.apply(collector.collect());
        } catch (IOException | RuntimeException e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!error.equals(state.error())) {
                LOG.warn("sampling failed: {}", error, e);
                change(new State(state.snapshot(), error));
            }
            notify(readListeners, new Read(state, System.nanoTime() - start), "a failed read");
            return;
        }
        long nanos = System.nanoTime() - start;
        if (state.error() != null) {
            LOG.info("sampling recovered");
        }
        change(new State(snapshot, null));
        notify(readListeners, new Read(state, nanos), "the read of sample " + snapshot.sequence());
    }

    /** Makes {@code next} the state, and hands it to the listeners when it has a snapshot. */
    private void change(State next) {
        state = next;
        if (next.snapshot() != null) {
            notify(listeners, next, "sample " + next.snapshot().sequence());
        }
    }

    private static <T> void notify(List<Consumer<T>> listeners, T value, String what) {
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(value);
            } catch (RuntimeException e) {
                LOG.error("listener {} failed on {}", listener, what, e);
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
