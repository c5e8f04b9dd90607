package io.netmon.history;

import io.netmon.source.Counter;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.PodStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traffic over time, fed by the sampler ({@code sampler.addListener(history)}): one {@link Series}
 * per interface, per host-wide (family, protocol) and per pod ({@link PodHistory}), in rings of primitive arrays allocated once
 * when the series appears; a sample writes into them without allocating (but for a {@link Ring} that
 * turns wide or narrow, which is rare). An interface missing from
 * a sample is dropped with its arrays at once. After each state the sampler hands it (a new
 * sample, or a failed read after the latest one), listeners get the {@link RateSample} of that
 * state on the sampler's thread (they must not block).
 *
 * <p><b>Memory budget.</b> Everything the store holds stays within {@link HistoryConfig#budget()}
 * bytes, as {@link HistoryConfig#bytes} counts it, whatever the number of series. When a sample
 * brings more series than the rings fit at their size, every ring is halved until they do (the
 * <i>level</i>): the full ring keeps its latest half (every sample, over half the time), the coarse
 * ring every other point (the same span, one point per two steps). Halving never undoes itself
 * while the service runs. Past the last level (2 points per ring) new series are left without
 * history. {@link #query} says in its notes when either happened.
 *
 * <p>Thread-safety: writes (sampler thread) and reads ({@link #query}, {@link #latestRates}, any
 * thread) hold this object's lock; reads copy what they need, so the lock is held for a copy only.
 */
public final class History implements Consumer<Sampler.State> {
    private static final Logger LOG = LoggerFactory.getLogger(History.class);
    /** Protocol slots per family: 0..255 plus UNKNOWN (-1) and OTHER (-2). */
    private static final int PROTOCOL_SLOTS = 258;
    private static final Family[] FAMILIES = Family.values();

    private final HistoryConfig config;
    private Timeline fullTimes;
    private Timeline coarseTimes;
    /** How many times the rings were halved to fit the budget (0: as configured). */
    private int level;
    /** Series of the latest sample left without history: past the last level, the budget held no more. */
    private int refused;
    private final Map<String, Series> interfaces = new HashMap<>();
    private final List<Series> interfaceList = new ArrayList<>();
    private final Series[] protocolSlots = new Series[FAMILIES.length * PROTOCOL_SLOTS];
    private final List<Series> protocolList = new ArrayList<>();
    private final PodHistory pods = new PodHistory();
    private final List<Consumer<RateSample>> listeners = new CopyOnWriteArrayList<>();

    private int generation;
    private int samplesSinceCoarse;
    /** The latest state taken in; its snapshot is the latest sample recorded. */
    private Sampler.State latestState;
    /** The sample recorded before the latest one, for the pods' protocol rates; null before the second. */
    private Snapshot previousSnapshot;
    private RateSample latestRates;

    public History(HistoryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.fullTimes = new Timeline(config.fullPoints());
        this.coarseTimes = new Timeline(config.coarsePoints());
    }

    public HistoryConfig config() {
        return config;
    }

    /** Called with each state's rates after the history has taken it in. */
    public void addListener(Consumer<RateSample> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A sample with nothing failed after it: what a sampler's successful read hands on. */
    public void accept(Snapshot snapshot) {
        accept(new Sampler.State(snapshot, null));
    }

    /**
     * A state of the sampler: its snapshot is recorded unless it is the latest one already (then a
     * read failed after it, and only the state's error is new).
     */
    @Override
    public void accept(Sampler.State state) {
        Snapshot snapshot = Objects.requireNonNull(state.snapshot(), "the history takes states with a snapshot");
        RateSample rates;
        synchronized (this) {
            Snapshot previous = latestState == null ? null : latestState.snapshot();
            if (snapshot != previous) {
                record(snapshot, previous);
                previousSnapshot = previous;
                latestRates = null;
            } else if (latestRates != null) {
                latestRates = latestRates.at(state);
            }
            latestState = state;
            rates = listeners.isEmpty() ? null : latestRates();
        }
        if (rates != null) {
            for (Consumer<RateSample> listener : listeners) {
                try {
                    listener.accept(rates);
                } catch (RuntimeException e) {
                    LOG.error("rate listener {} failed on sample {}", listener, rates.sequence(), e);
                }
            }
        }
    }

    private void record(Snapshot snapshot, Snapshot previous) {
        double seconds = Double.NaN;
        if (previous != null) {
            seconds = (snapshot.monotonicNanos() - previous.monotonicNanos()) / 1e9;
            if (previous.source() != snapshot.source()) {
                LOG.info("source changed from {} to {}: protocol history starts again",
                        previous.source().label(), snapshot.source().label());
                dropAllProtocols();
            }
        }
        generation++;
        List<InterfaceStats> rows = snapshot.interfaces();
        List<ProtocolStats> protocols = snapshot.protocols();
        // first drop what the sample no longer has, then make room for what it has
        int wanted = rows.size();
        for (int r = 0; r < rows.size(); r++) {
            mark(interfaces.get(rows.get(r).name()));
        }
        for (int r = 0; r < protocols.size(); r++) {
            ProtocolStats stats = protocols.get(r);
            if (stats.namespaceWide()) {
                wanted++;
                mark(protocolSlots[protocolSlot(stats.family(), stats.protocol())]);
            }
        }
        wanted += pods.mark(snapshot, generation);
        sweep();
        fit(wanted);
        long room = config.maxSeries(level) - held();
        refused = 0;
        long index = fullTimes.append(snapshot.timestamp().toEpochMilli(), snapshot.monotonicNanos());
        for (int r = 0; r < rows.size(); r++) {
            InterfaceStats stats = rows.get(r);
            Series series = interfaces.get(stats.name());
            if (series == null) {
                if (room <= 0) {
                    refused++;
                    continue;
                }
                room--;
                series = new Series(stats.name(), null, 0, fullTimes, coarseTimes, index);
                interfaces.put(stats.name(), series);
                interfaceList.add(series);
            }
            series.generation = generation;
            series.record(index, fullTimes, stats.counts(), seconds);
        }
        for (int r = 0; r < protocols.size(); r++) {
            ProtocolStats stats = protocols.get(r);
            if (!stats.namespaceWide()) {
                continue;
            }
            int slot = protocolSlot(stats.family(), stats.protocol());
            Series series = protocolSlots[slot];
            if (series == null) {
                if (room <= 0) {
                    refused++;
                    continue;
                }
                room--;
                series = new Series(null, stats.family(), stats.protocol(), fullTimes, coarseTimes, index);
                protocolSlots[slot] = series;
                protocolList.add(series);
            }
            series.generation = generation;
            series.record(index, fullTimes, stats.counts(), seconds);
        }
        refused += pods.record(snapshot, index, fullTimes, coarseTimes, seconds, generation, room);
        if (++samplesSinceCoarse >= samplesPerCoarsePoint()) {
            samplesSinceCoarse = 0;
            long coarseIndex = coarseTimes.append(snapshot.timestamp().toEpochMilli(), snapshot.monotonicNanos());
            for (int i = 0; i < interfaceList.size(); i++) {
                interfaceList.get(i).recordCoarse(index, coarseIndex, coarseTimes);
            }
            for (int i = 0; i < protocolList.size(); i++) {
                protocolList.get(i).recordCoarse(index, coarseIndex, coarseTimes);
            }
            pods.recordCoarse(index, coarseIndex, coarseTimes);
        }
    }

    private void mark(Series series) {
        if (series != null) {
            series.generation = generation;
        }
    }

    /** Samples per coarse point at the current level: 2^level steps of the configured coarse step. */
    private long samplesPerCoarsePoint() {
        return (long) config.samplesPerCoarsePoint() << level;
    }

    /** The coarse ring's step at the current level. */
    private Duration coarseStep() {
        return config.coarseStep().multipliedBy(1L << level);
    }

    /** How long the full ring keeps every sample at the current level. */
    private Duration fullSpan() {
        return level == 0 ? config.full() : config.interval().multipliedBy(fullTimes.capacity);
    }

    /** Halves the rings (never grows them back) until {@code series} fit the budget, or down to the last level. */
    private void fit(int series) {
        int next = level;
        while (next < config.maxLevel() && config.maxSeries(next) < series) {
            next++;
        }
        if (next == level) {
            return;
        }
        int factor = 1 << (next - level);
        Timeline full = fullTimes.latest(config.fullPoints(next));
        int coarsePoints = config.coarsePoints(next);
        long[] kept = new long[(int) Math.min(coarsePoints, (coarseTimes.count() - coarseTimes.oldest() + factor - 1) / factor)];
        for (int m = kept.length - 1; m >= 0; m--) {
            kept[m] = coarseTimes.count() - 1 - (long) (kept.length - 1 - m) * factor;
        }
        Timeline coarse = new Timeline(coarsePoints);
        for (long old : kept) {
            coarse.append(coarseTimes.epochMillis(old), coarseTimes.monotonicNanos(old));
        }
        for (Series s : interfaceList) {
            s.reshape(full, coarseTimes, coarse, kept, factor);
        }
        for (Series s : protocolList) {
            s.reshape(full, coarseTimes, coarse, kept, factor);
        }
        pods.reshape(full, coarseTimes, coarse, kept, factor);
        LOG.warn("{} series do not fit the history's budget of {} bytes at its size: keeping every sample for {} s "
                + "and one point per {} s instead", series, config.budget(), config.interval().multipliedBy(full.capacity).toSeconds(),
                config.coarseStep().multipliedBy(1L << next).toSeconds());
        fullTimes = full;
        coarseTimes = coarse;
        level = next;
    }

    /** Drops the series the latest sample did not mention, freeing their arrays. */
    private void sweep() {
        for (int i = interfaceList.size() - 1; i >= 0; i--) {
            Series series = interfaceList.get(i);
            if (series.generation != generation) {
                interfaces.remove(series.interfaceName);
                removeAt(interfaceList, i);
            }
        }
        for (int i = protocolList.size() - 1; i >= 0; i--) {
            Series series = protocolList.get(i);
            if (series.generation != generation) {
                protocolSlots[protocolSlot(series.family, series.protocol)] = null;
                removeAt(protocolList, i);
            }
        }
        pods.sweep(generation);
    }

    private void dropAllProtocols() {
        Arrays.fill(protocolSlots, null);
        protocolList.clear();
    }

    /** O(1) removal: the last element takes the removed one's place (the lists' order does not matter). */
    private static void removeAt(List<Series> list, int i) {
        int last = list.size() - 1;
        list.set(i, list.get(last));
        list.remove(last);
    }

    private static int protocolSlot(Family family, int protocol) {
        return family.ordinal() * PROTOCOL_SLOTS + protocol - ProtocolStats.OTHER;
    }

    /** Every series' rates at the latest state, in the snapshot's order; null before the first sample. */
    public synchronized RateSample latestRates() {
        if (latestRates == null && latestState != null) {
            Snapshot snapshot = latestState.snapshot();
            List<InterfaceRates> ifaces = new ArrayList<>(snapshot.interfaces().size());
            for (InterfaceStats stats : snapshot.interfaces()) {
                Series s = interfaces.get(stats.name());
                if (s != null) { // null: left without history by the budget
                    ifaces.add(new InterfaceRates(s.interfaceName, s.latestSegment(), s.latestRates(), stats.counts()));
                }
            }
            boolean bytes = snapshot.source().hasBytes();
            List<ProtocolRates> protos = new ArrayList<>();
            for (ProtocolStats stats : snapshot.protocols()) {
                if (stats.namespaceWide()) {
                    Series s = protocolSlots[protocolSlot(stats.family(), stats.protocol())];
                    if (s != null) {
                        Rates rates = s.latestRates();
                        protos.add(new ProtocolRates(s.family, s.protocol, s.latestSegment(), bytes ? rates : rates.packetsOnly()));
                    }
                }
            }
            latestRates = new RateSample(latestState, ifaces, protos, pods.latestRates(snapshot, previousSnapshot));
        }
        return latestRates;
    }

    /**
     * The points of the last {@code window}: those less than {@code window} minus half a step older than the
     * latest point, so {@code window / step} points when sampling is regular. Every sample if the window
     * fits in the full ring's span, else the coarse points.
     *
     * @param interfaceNames the interfaces wanted, in the order wanted; names history does not hold are skipped
     * @param protocols      which host-wide protocol series are wanted
     */
    public HistoryView query(Duration window, List<String> interfaceNames, ProtocolFilter protocols) {
        return query(window, interfaceNames, protocols, List.of());
    }

    /**
     * The same, with the series of {@code podsWanted} (those that have one: pods on the host's network
     * have none), in their order.
     */
    public HistoryView query(Duration window, List<String> interfaceNames, ProtocolFilter protocols,
            List<PodStats> podsWanted) {
        synchronized (this) {
            boolean coarse = window.compareTo(fullSpan()) > 0;
            Timeline times = coarse ? coarseTimes : fullTimes;
            long end = times.count();
            long oldest = times.oldest();
            long start = end;
            if (end > 0) {
                long latest = times.monotonicNanos(end - 1);
                // half a step of slack, so that jitter in the sampling times never adds a point
                long span = window.toNanos() - (coarse ? coarseStep() : config.interval()).toNanos() / 2;
                while (start > oldest && latest - times.monotonicNanos(start - 1) < span) {
                    start--;
                }
            }
            int n = (int) (end - start);
            long[] timestamps = new long[n];
            double[] seconds = new double[n];
            for (int i = 0; i < n; i++) {
                long index = start + i;
                timestamps[i] = times.epochMillis(index);
                seconds[i] = index - 1 >= oldest
                        ? (times.monotonicNanos(index) - times.monotonicNanos(index - 1)) / 1e9 : Double.NaN;
            }
            List<SeriesView> ifaceViews = new ArrayList<>();
            for (String name : interfaceNames) {
                Series series = interfaces.get(name);
                if (series != null) {
                    ifaceViews.add(view(series, coarse, times, start, n, seconds));
                }
            }
            List<Series> wanted = new ArrayList<>();
            for (Series series : protocolList) {
                if (protocols.matches(series.family, series.protocol)) {
                    wanted.add(series);
                }
            }
            wanted.sort(Comparator.comparing((Series s) -> s.family).thenComparingInt(s -> s.protocol));
            List<SeriesView> protoViews = new ArrayList<>(wanted.size());
            for (Series series : wanted) {
                protoViews.add(view(series, coarse, times, start, n, seconds));
            }
            long first = start;
            List<PodSeries> podViews = pods.query(podsWanted, series -> view(series, coarse, times, first, n, seconds));
            Snapshot latest = latestState == null ? null : latestState.snapshot();
            return new HistoryView(coarse, coarse ? coarseStep() : config.interval(),
                    latest == null ? 0 : latest.sequence(), latest == null ? null : latest.source(),
                    timestamps, ifaceViews, protoViews, podViews, notes());
        }
    }

    /** What the answers must say about the budget: that the rings were trimmed, that series were left out. */
    private List<String> notes() {
        List<String> notes = new ArrayList<>(2);
        long series = held();
        if (level > 0) {
            notes.add("history trimmed to its memory budget of " + config.budget() + " bytes (" + series + " series): every sample for "
                    + fullSpan().toSeconds() + " s instead of " + config.full().toSeconds() + " s, and one point per "
                    + coarseStep().toSeconds() + " s instead of " + config.coarseStep().toSeconds() + " s for "
                    + coarseStep().multipliedBy(coarseTimes.capacity).toSeconds() + " s");
        }
        if (refused > 0) {
            notes.add(refused + " interfaces, protocols or pods of the latest sample have no history: the memory budget of "
                    + config.budget() + " bytes holds " + config.maxSeries(level) + " series at most");
        }
        return notes;
    }

    private static SeriesView view(Series series, boolean coarse, Timeline times, long start, int n, double[] seconds) {
        long born = series.born(coarse);
        int first = (int) Math.min(n, Math.max(0, born - start));
        long[] copy = new long[n * Counter.COUNT];
        boolean[] segment = new boolean[n];
        for (int i = first; i < n; i++) {
            long index = start + i;
            for (Counter counter : Counter.ALL) {
                copy[i * Counter.COUNT + counter.ordinal()] = series.value(coarse, index, counter);
            }
            segment[i] = series.segmentStart(coarse, index);
        }
        long[] before = null;
        if (first == 0 && start - 1 >= Math.max(born, times.oldest())) {
            before = new long[Counter.COUNT];
            for (Counter counter : Counter.ALL) {
                before[counter.ordinal()] = series.value(coarse, start - 1, counter);
            }
        }
        return new SeriesView(series.interfaceName, series.family, series.protocol, first, copy, before, segment, seconds);
    }

    /** How many series are held (interfaces + protocols + pods). */
    public synchronized int seriesCount() {
        return held();
    }

    private int held() {
        return interfaceList.size() + protocolList.size() + pods.size();
    }

    /** How many times the rings were halved to fit the budget. */
    public synchronized int level() {
        return level;
    }

    /** The bytes the budget counts for what is held now ({@link HistoryConfig#bytes}). */
    public synchronized long accountedBytes() {
        return config.bytes(level, held());
    }

    /** Bytes of every ring array held (series and time rings), from the arrays' lengths; see docs/ARCHITECTURE.md. */
    public synchronized long arrayBytes() {
        long total = fullTimes.arrayBytes() + coarseTimes.arrayBytes();
        for (Series series : interfaceList) {
            total += series.arrayBytes();
        }
        for (Series series : protocolList) {
            total += series.arrayBytes();
        }
        return total + pods.arrayBytes();
    }
}
