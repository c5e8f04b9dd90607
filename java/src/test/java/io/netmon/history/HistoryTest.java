package io.netmon.history;

import static io.netmon.history.Samples.T0_MS;
import static io.netmon.history.Samples.all;
import static io.netmon.history.Samples.at;
import static io.netmon.history.Samples.iface;
import static io.netmon.history.Samples.kmod;
import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.source.Counter;
import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private static final long TWO_32 = 4294967296L;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** One series at the defaults with every value narrow: int[1200] and int[1440] of values, bitsets of 5 and 6 words. */
    static final long NARROW_SERIES_BYTES = (16 + 1200 * 4) + (16 + 5 * 8) + (16 + 1440 * 4) + (16 + 6 * 8);
    /** The same, its full ring wide: long[1200] instead of int[1200]. */
    static final long FULL_WIDE_SERIES_BYTES = NARROW_SERIES_BYTES + 1200 * 4;

    private final History history = new History(HistoryConfig.defaults(Duration.ofSeconds(1)));

    /** Every point's value of one counter, null where absent. */
    private static List<Long> counters(SeriesView view, Counter counter) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < view.size(); i++) {
            out.add(view.present(i) ? view.counter(counter, i) : null);
        }
        return out;
    }

    /** Every point's rate of one counter, null where there is none. */
    private static List<Double> rates(SeriesView view, Counter counter) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < view.size(); i++) {
            double rate = view.rate(counter, i);
            out.add(Double.isNaN(rate) ? null : rate);
        }
        return out;
    }

    private static List<Integer> segments(SeriesView view) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < view.size(); i++) {
            if (view.segmentStart(i)) {
                out.add(i);
            }
        }
        return out;
    }

    private SeriesView eth0(Duration window) {
        HistoryView view = history.query(window, List.of("eth0"), ProtocolFilter.ALL);
        assertThat(view.interfaces()).hasSize(1);
        return view.interfaces().get(0);
    }

    @Test
    void steadyTrafficGivesExactCountersAndRates() {
        for (int s = 0; s < 4; s++) {
            history.accept(at(s, iface("eth0", 5000 + 1000L * s, 50 + 10L * s, 700 + 500L * s, 7 + 5L * s)));
        }
        HistoryView view = history.query(MINUTE, List.of("eth0"), ProtocolFilter.ALL);
        assertThat(view.coarse()).isFalse();
        assertThat(view.resolution()).isEqualTo(Duration.ofSeconds(1));
        assertThat(view.sequence()).isEqualTo(3);
        assertThat(view.timestamps()).containsExactly(T0_MS, T0_MS + 1000, T0_MS + 2000, T0_MS + 3000);
        SeriesView eth0 = view.interfaces().get(0);
        assertThat(counters(eth0, Counter.BYTES_RECEIVED)).containsExactly(5000L, 6000L, 7000L, 8000L);
        assertThat(counters(eth0, Counter.PACKETS_SENT)).containsExactly(7L, 12L, 17L, 22L);
        assertThat(rates(eth0, Counter.BYTES_RECEIVED)).containsExactly(null, 1000.0, 1000.0, 1000.0);
        assertThat(rates(eth0, Counter.PACKETS_RECEIVED)).containsExactly(null, 10.0, 10.0, 10.0);
        assertThat(rates(eth0, Counter.BYTES_SENT)).containsExactly(null, 500.0, 500.0, 500.0);
        assertThat(rates(eth0, Counter.PACKETS_SENT)).containsExactly(null, 5.0, 5.0, 5.0);
        assertThat(segments(eth0)).containsExactly(0);

        RateSample latest = history.latestRates();
        assertThat(latest.sequence()).isEqualTo(3);
        assertThat(latest.interfaces()).containsExactly(
                new InterfaceRates("eth0", false, new Rates(1000.0, 10.0, 500.0, 5.0), new Counts(8000, 80, 2200, 22)));
        assertThat(latest.failure()).isEmpty();
    }

    @Test
    void aLinkThatMovesMoreThan4GiBInTheRingIsKeptExactAndTheRingNarrowsAgainOnceThatLeftIt() {
        long tenGbit = 1_250_000_000L; // bytes a second: 4 GiB in under 4 s
        long start = 7_000_000_000_000L;
        // 12 s at 10 Gbit/s, then 1 byte a second
        LongUnaryOperator rx = s -> s <= 11 ? start + tenGbit * s : start + 11 * tenGbit + (s - 11);
        for (int s = 0; s < 12; s++) {
            history.accept(at(s, iface("eth0", rx.applyAsLong(s), 3 + s, 42, 1)));
        }
        SeriesView eth0 = eth0(MINUTE);
        List<Long> expected = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            expected.add(rx.applyAsLong(s));
        }
        assertThat(counters(eth0, Counter.BYTES_RECEIVED)).isEqualTo(expected);
        assertThat(rates(eth0, Counter.BYTES_RECEIVED).subList(1, 12)).containsOnly(1.25e9);
        assertThat(counters(eth0, Counter.PACKETS_RECEIVED).get(11)).isEqualTo(14L);
        long times = 2 * (16 + 300 * 8) + 2 * (16 + 360 * 8);
        assertThat(history.arrayBytes()).as("the full ring turned wide; the coarse one (one point, at 9 s) is narrow")
                .isEqualTo(times + FULL_WIDE_SERIES_BYTES);

        // it tries to narrow 300 samples after it turned (at 4 s, 5 GB spanned): at 304 s the points of
        // 5-11 s are still in, at 604 s they are gone
        for (int s = 12; s < 604; s++) {
            history.accept(at(s, iface("eth0", rx.applyAsLong(s), 3 + s, 42, 1)));
        }
        assertThat(history.arrayBytes()).isEqualTo(times + FULL_WIDE_SERIES_BYTES);
        history.accept(at(604, iface("eth0", rx.applyAsLong(604), 3 + 604, 42, 1)));
        assertThat(history.arrayBytes()).isEqualTo(times + NARROW_SERIES_BYTES);
        assertThat(counters(eth0(Duration.ofSeconds(3)), Counter.BYTES_RECEIVED))
                .containsExactly(rx.applyAsLong(602), rx.applyAsLong(603), rx.applyAsLong(604));
        assertThat(rates(eth0(Duration.ofSeconds(3)), Counter.BYTES_RECEIVED)).containsExactly(1.0, 1.0, 1.0);
        // the coarse ring: one point each 10 s since 9 s, the fast one among them, exact
        HistoryView coarse = history.query(Duration.ofMinutes(20), List.of("eth0"), ProtocolFilter.ALL);
        assertThat(coarse.coarse()).isTrue();
        assertThat(counters(coarse.interfaces().get(0), Counter.BYTES_RECEIVED).subList(0, 3))
                .containsExactly(rx.applyAsLong(9), rx.applyAsLong(19), rx.applyAsLong(29));
    }

    @Test
    void aShortWindowKeepsTheRateOfItsFirstPointFromThePointBefore() {
        for (int s = 0; s < 10; s++) {
            history.accept(at(s, iface("eth0", 1000L * s, s, 0, 0)));
        }
        SeriesView eth0 = eth0(Duration.ofSeconds(3));
        assertThat(counters(eth0, Counter.BYTES_RECEIVED)).containsExactly(7000L, 8000L, 9000L);
        assertThat(rates(eth0, Counter.BYTES_RECEIVED)).containsExactly(1000.0, 1000.0, 1000.0);
        assertThat(segments(eth0)).isEmpty();
    }

    @Test
    void anInterfaceRecreatedWithTheSameNameStartsANewSegmentNotASpike() {
        history.accept(at(0, iface("eth0", 900_000, 900, 800_000, 800)));
        history.accept(at(1, iface("eth0", 901_000, 910, 800_500, 805)));
        history.accept(at(2, iface("eth0", 300, 3, 100, 1)));
        history.accept(at(3, iface("eth0", 1300, 13, 600, 6)));
        SeriesView eth0 = eth0(MINUTE);
        assertThat(segments(eth0)).containsExactly(0, 2);
        assertThat(counters(eth0, Counter.BYTES_RECEIVED)).containsExactly(900_000L, 901_000L, 300L, 1300L);
        assertThat(rates(eth0, Counter.BYTES_RECEIVED)).containsExactly(null, 1000.0, null, 1000.0);
        assertThat(rates(eth0, Counter.PACKETS_SENT)).containsExactly(null, 5.0, null, 5.0);
        assertThat(history.latestRates().interfaces().get(0).segmentStart()).isFalse();
    }

    @Test
    void resetWrittenOrModuleReloadedZeroesEverythingAndStartsASegment() {
        history.accept(at(0, iface("eth0", 3_000_000_000L, 2_000_000, 5000, 50)));
        history.accept(at(1, iface("eth0", 3_000_001_000L, 2_000_010, 5500, 55)));
        history.accept(at(2, iface("eth0", 0, 0, 0, 0)));
        RateSample afterReset = history.latestRates();
        assertThat(afterReset.interfaces().get(0).segmentStart()).isTrue();
        assertThat(afterReset.interfaces().get(0).rates().rxBytes()).isNaN();
        history.accept(at(3, iface("eth0", 2000, 20, 0, 0)));
        SeriesView eth0 = eth0(MINUTE);
        assertThat(segments(eth0)).containsExactly(0, 2);
        assertThat(rates(eth0, Counter.BYTES_RECEIVED)).containsExactly(null, 1000.0, null, 2000.0);
        assertThat(rates(eth0, Counter.PACKETS_RECEIVED)).containsExactly(null, 10.0, null, 20.0);
    }

    @Test
    void a32BitWrapCountsTheTrafficAcrossIt() {
        history.accept(at(0, iface("eth0", TWO_32 - 3000, 100, 10, 1)));
        history.accept(at(1, iface("eth0", TWO_32 - 1000, 110, 20, 2)));
        history.accept(at(2, iface("eth0", 704, 120, 30, 3)));
        history.accept(at(3, iface("eth0", 2704, 130, 40, 4)));
        SeriesView eth0 = eth0(MINUTE);
        assertThat(segments(eth0)).containsExactly(0);
        assertThat(counters(eth0, Counter.BYTES_RECEIVED))
                .containsExactly(TWO_32 - 3000, TWO_32 - 1000, TWO_32 + 704, TWO_32 + 2704);
        assertThat(rates(eth0, Counter.BYTES_RECEIVED)).containsExactly(null, 2000.0, 1704.0, 2000.0);
        assertThat(history.latestRates().interfaces().get(0).rates().rxBytes()).isEqualTo(2000.0);
    }

    @Test
    void aWrapOfThePacketCounterAloneIsAWrapToo() {
        history.accept(at(0, iface("eth0", 10_000_000_000L, TWO_32 - 5, 0, 0)));
        history.accept(at(1, iface("eth0", 10_000_001_000L, 5, 0, 0)));
        SeriesView eth0 = eth0(MINUTE);
        assertThat(segments(eth0)).containsExactly(0);
        assertThat(rates(eth0, Counter.PACKETS_RECEIVED)).containsExactly(null, 10.0);
        assertThat(rates(eth0, Counter.BYTES_RECEIVED)).containsExactly(null, 1000.0);
    }

    @Test
    void aFallFromBelowHalfOf32BitsIsAResetNotAWrap() {
        history.accept(at(0, iface("eth0", 1_000_000_000L, 10, 0, 0)));
        history.accept(at(1, iface("eth0", 5, 11, 0, 0)));
        SeriesView eth0 = eth0(MINUTE);
        assertThat(segments(eth0)).containsExactly(0, 1);
        assertThat(rates(eth0, Counter.BYTES_RECEIVED)).containsExactly(null, null);
        assertThat(counters(eth0, Counter.BYTES_RECEIVED)).containsExactly(1_000_000_000L, 5L);
    }

    @Test
    void aFallFrom64BitValuesIsAReset() {
        history.accept(at(0, iface("eth0", TWO_32 + 100, 10, 0, 0)));
        history.accept(at(1, iface("eth0", 50, 11, 0, 0)));
        assertThat(segments(eth0(MINUTE))).containsExactly(0, 1);
    }

    @Test
    void aWrapOfOneCounterWhileAnotherResetsIsAReset() {
        history.accept(at(0, iface("eth0", TWO_32 - 100, 1000, 0, 0)));
        history.accept(at(1, iface("eth0", 100, 2, 0, 0)));
        assertThat(segments(eth0(MINUTE))).containsExactly(0, 1);
        assertThat(counters(eth0(MINUTE), Counter.BYTES_RECEIVED)).containsExactly(TWO_32 - 100, 100L);
    }

    @Test
    void countersAcrossTheTopBitOf64AreUnsigned() {
        history.accept(at(0, iface("eth0", -1001L, 0, 0, 0)));
        history.accept(at(1, iface("eth0", -1L, 0, 0, 0)));
        SeriesView eth0 = eth0(MINUTE);
        assertThat(rates(eth0, Counter.BYTES_RECEIVED)).containsExactly(null, 1000.0);
        assertThat(Long.toUnsignedString(eth0.counter(Counter.BYTES_RECEIVED, 1))).isEqualTo("18446744073709551615");
    }

    @Test
    void timeThatDoesNotMoveForwardStartsASegmentInsteadOfDividingByZero() {
        history.accept(at(0, iface("eth0", 0, 0, 0, 0)));
        history.accept(Snapshot.of(1, Instant.parse("2026-11-27T10:00:00Z"), 0, Source.PROCFS,
                List.of(iface("eth0", 1000, 1, 0, 0))));
        assertThat(segments(eth0(MINUTE))).containsExactly(0, 1);
        assertThat(history.latestRates().interfaces().get(0).rates().rxBytes()).isNaN();
    }

    @Test
    void interfacesThatDisappearAreDroppedAtOnceAndComeBackAsNewSeries() {
        history.accept(at(0, iface("eth0", 0, 0, 0, 0)));
        history.accept(at(1, iface("eth0", 1000, 1, 0, 0), iface("veth1", 5000, 5, 0, 0)));
        history.accept(at(2, iface("eth0", 2000, 2, 0, 0), iface("veth1", 6000, 6, 0, 0)));
        assertThat(history.seriesCount()).isEqualTo(2);
        long withVeth = history.arrayBytes();
        history.accept(at(3, iface("eth0", 3000, 3, 0, 0)));
        assertThat(history.seriesCount()).isEqualTo(1);
        assertThat(withVeth - history.arrayBytes()).as("veth1's rings, narrow: 32 bits a value, and their bitsets")
                .isEqualTo(NARROW_SERIES_BYTES);
        assertThat(history.query(MINUTE, List.of("eth0", "veth1"), ProtocolFilter.ALL).interfaces())
                .extracting(SeriesView::interfaceName).containsExactly("eth0");
        assertThat(history.latestRates().interfaces()).extracting(InterfaceRates::name).containsExactly("eth0");

        history.accept(at(4, iface("eth0", 4000, 4, 0, 0), iface("veth1", 100, 1, 0, 0)));
        history.accept(at(5, iface("eth0", 5000, 5, 0, 0), iface("veth1", 300, 3, 0, 0)));
        SeriesView veth = history.query(MINUTE, List.of("veth1"), ProtocolFilter.ALL).interfaces().get(0);
        assertThat(counters(veth, Counter.BYTES_RECEIVED)).containsExactly(null, null, null, null, 100L, 300L);
        assertThat(rates(veth, Counter.BYTES_RECEIVED)).containsExactly(null, null, null, null, null, 200.0);
        assertThat(segments(veth)).containsExactly(4);
    }

    @Test
    void longWindowsReadTheCoarseRingWhosePointsAreTheLastSampleOfEachStep() {
        History small = new History(new HistoryConfig(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(40), Duration.ofSeconds(10)));
        assertThat(small.config().fullPoints()).isEqualTo(5);
        assertThat(small.config().coarsePoints()).isEqualTo(4);
        for (int s = 0; s < 60; s++) {
            long rx = s < 35 ? 1000L * s : 100L * (s - 35);
            small.accept(at(s, iface("eth0", rx, s, 0, 0)));
        }
        HistoryView full = small.query(Duration.ofSeconds(5), List.of("eth0"), ProtocolFilter.ALL);
        assertThat(full.coarse()).isFalse();
        assertThat(full.timestamps()).hasSize(5).startsWith(T0_MS + 55_000);

        HistoryView coarse = small.query(Duration.ofSeconds(40), List.of("eth0"), ProtocolFilter.ALL);
        assertThat(coarse.coarse()).isTrue();
        assertThat(coarse.resolution()).isEqualTo(Duration.ofSeconds(10));
        // coarse points at samples 9, 19, ..., 59; the ring holds the last 4
        assertThat(coarse.timestamps()).containsExactly(T0_MS + 29_000, T0_MS + 39_000, T0_MS + 49_000, T0_MS + 59_000);
        SeriesView eth0 = coarse.interfaces().get(0);
        assertThat(counters(eth0, Counter.BYTES_RECEIVED)).containsExactly(29_000L, 400L, 1400L, 2400L);
        // the reset at sample 35 marks the coarse point that covers it
        assertThat(segments(eth0)).containsExactly(1);
        // the first point's predecessor (sample 19) has left the ring: no rate there
        assertThat(rates(eth0, Counter.BYTES_RECEIVED)).containsExactly(null, null, 100.0, 100.0);
        assertThat(rates(eth0, Counter.PACKETS_RECEIVED)).containsExactly(null, null, 1.0, 1.0);
    }

    @Test
    void hostWideProtocolsHaveTheirOwnSeriesAndPerInterfaceRowsAreNotKept() {
        List<InterfaceStats> ifaces = List.of(iface("eth0", 0, 0, 0, 0));
        for (int s = 0; s < 3; s++) {
            history.accept(kmod(s, ifaces, List.of(
                    all(Family.IPV4, 6, 10_000L * s, 100L * s, 5000L * s, 50L * s),
                    all(Family.IPV6, 17, 1000L * s, 10L * s, 0, 0),
                    all(Family.IPV4, ProtocolStats.UNKNOWN, 60L * s, s, 0, 0),
                    new ProtocolStats("eth0", Family.IPV4, 6, new Counts(10_000L * s, 100L * s, 5000L * s, 50L * s)))));
        }
        assertThat(history.seriesCount()).isEqualTo(4);
        HistoryView view = history.query(MINUTE, List.of(), ProtocolFilter.ALL);
        assertThat(view.interfaces()).isEmpty();
        assertThat(view.protocols()).extracting(SeriesView::family, SeriesView::protocol).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Family.IPV4, ProtocolStats.UNKNOWN),
                org.assertj.core.groups.Tuple.tuple(Family.IPV4, 6),
                org.assertj.core.groups.Tuple.tuple(Family.IPV6, 17));
        SeriesView tcp = view.protocols().get(1);
        assertThat(rates(tcp, Counter.PACKETS_RECEIVED)).containsExactly(null, 100.0, 100.0);
        assertThat(rates(tcp, Counter.BYTES_SENT)).containsExactly(null, 5000.0, 5000.0);
        assertThat(history.query(MINUTE, List.of(), ProtocolFilter.parse(List.of("udp"), List.of())).protocols())
                .extracting(SeriesView::protocol).containsExactly(17);
        assertThat(history.query(MINUTE, List.of(), ProtocolFilter.parse(List.of(), List.of("ipv4"))).protocols())
                .extracting(SeriesView::protocol).containsExactly(ProtocolStats.UNKNOWN, 6);
        assertThat(history.latestRates().protocols()).containsExactly(
                new ProtocolRates(Family.IPV4, 6, false, new Rates(10_000.0, 100.0, 5000.0, 50.0)),
                new ProtocolRates(Family.IPV6, 17, false, new Rates(1000.0, 10.0, 0.0, 0.0)),
                new ProtocolRates(Family.IPV4, ProtocolStats.UNKNOWN, false, new Rates(60.0, 1.0, 0.0, 0.0)));
    }

    @Test
    void procfsProtocolRowsHaveNoByteRatesAndASourceChangeRestartsProtocols() {
        List<InterfaceStats> ifaces = List.of(iface("eth0", 0, 0, 0, 0));
        for (int s = 0; s < 2; s++) {
            history.accept(Snapshot.of(s, Samples.T0.plusSeconds(s), s * 1_000_000_000L, Source.PROCFS, ifaces,
                    List.of(all(Family.IP, 6, 0, 1_000_000L + 7L * s, 0, 500L + 3L * s)), null));
        }
        assertThat(history.latestRates().protocols())
                .containsExactly(new ProtocolRates(Family.IP, 6, false, new Rates(Double.NaN, 7.0, Double.NaN, 3.0)));
        history.accept(kmod(2, ifaces, List.of(all(Family.IPV4, 6, 100, 2_000_000L, 1, 1))));
        HistoryView view = history.query(MINUTE, List.of(), ProtocolFilter.ALL);
        assertThat(view.protocols()).hasSize(1);
        assertThat(view.protocols().get(0).family()).isEqualTo(Family.IPV4);
        assertThat(segments(view.protocols().get(0))).containsExactly(2);
        assertThat(history.latestRates().protocols().get(0).segmentStart()).isTrue();
    }

    @Test
    void listenersGetEachSampleOnceAfterTheHistoryHasIt() {
        List<Long> seen = new ArrayList<>();
        history.addListener(rates -> {
            seen.add(rates.sequence());
            assertThat(history.query(MINUTE, List.of("eth0"), ProtocolFilter.ALL).sequence()).isEqualTo(rates.sequence());
        });
        for (int s = 1; s <= 3; s++) {
            history.accept(at(s, iface("eth0", s, s, s, s)));
        }
        assertThat(seen).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aFailedReadAfterASampleIsHandedOnWithTheSameRatesAndRecordsNothing() {
        List<RateSample> seen = new ArrayList<>();
        history.addListener(seen::add);
        Snapshot second = at(1, iface("eth0", 3000, 30, 200, 2));
        history.accept(at(0, iface("eth0", 1000, 10, 100, 1)));
        history.accept(second);
        Sampler.State failed = new Sampler.State(second, "/proc/net/dev: line 3: 2 fields, expected 17");
        history.accept(failed);
        assertThat(seen).hasSize(3);
        RateSample after = seen.get(2);
        assertThat(after.state()).isSameAs(failed);
        assertThat(after.sequence()).isEqualTo(1);
        assertThat(after.failure()).hasValue("/proc/net/dev: line 3: 2 fields, expected 17");
        assertThat(after.interfaces()).isEqualTo(seen.get(1).interfaces()).containsExactly(
                new InterfaceRates("eth0", false, new Rates(2000.0, 20.0, 100.0, 1.0), new Counts(3000, 30, 200, 2)));
        assertThat(history.latestRates()).isSameAs(after);
        assertThat(history.query(MINUTE, List.of("eth0"), ProtocolFilter.ALL).timestamps())
                .as("the failed read adds no point").containsExactly(T0_MS, T0_MS + 1000);
        // the next good sample is recorded after the one before the failure
        history.accept(at(2, iface("eth0", 6000, 60, 300, 3)));
        assertThat(seen.get(3).failure()).isEmpty();
        assertThat(seen.get(3).interfaces().get(0).rates()).isEqualTo(new Rates(3000.0, 30.0, 100.0, 1.0));
    }

    @Test
    void defaultsKeepFiveMinutesOfSecondsAndAnHourOfTenSeconds() {
        HistoryConfig config = HistoryConfig.defaults(Duration.ofSeconds(1));
        assertThat(config.fullPoints()).isEqualTo(300);
        assertThat(config.coarsePoints()).isEqualTo(360);
        assertThat(config.samplesPerCoarsePoint()).isEqualTo(10);
        // the budget counts rings wide: (300 + 360) x 4 x 8 bytes of counters, two bitsets of 5 and 6
        // words, four 16-byte array headers
        assertThat(config.bytesPerSeries()).isEqualTo(660 * 32 + (5 + 6) * 8 + 4 * 16);
        assertThat(HistoryConfig.defaults(Duration.ofSeconds(3)).coarseStep()).isEqualTo(Duration.ofSeconds(12));
    }
}
