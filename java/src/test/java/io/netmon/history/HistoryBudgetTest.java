package io.netmon.history;

import static io.netmon.history.Samples.T0_MS;
import static io.netmon.history.Samples.at;
import static io.netmon.history.Samples.iface;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmon.source.Counter;
import io.netmon.source.InterfaceStats;
import io.netmon.source.PodStats;
import io.netmon.source.Pods;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The history's memory budget: what it counts (from the arrays' lengths, as HistoryMemoryTest does),
 * when it halves the rings, what the halved rings hold, and what it says.
 *
 * <p>The small store: every sample for 8 s (8 points), one point per 2 s for 32 s (16 points), and a
 * budget of 6680 bytes. At that size: 2 x (16 + 8 x 8) + 2 x (16 + 16 x 8) = 448 bytes of times, and
 * per series (16 + 32 x 8) + (16 + 8) + (16 + 64 x 8) + (16 + 8) = 848 bytes of rings counted wide,
 * 144 of state arrays, 2 x 88 for the two rings' objects and bases, 200 for the series object: 1368;
 * 448 + 4 x 1368 = 5920, room for 4 series and not 5. At the last level (2 and 2 points) a series
 * counts 728 bytes and the times 128: 128 + 9 x 728 = 6680, exactly 9 series.
 */
class HistoryBudgetTest {
    private static final long BUDGET = 6680;
    private static final HistoryConfig SMALL = new HistoryConfig(Duration.ofSeconds(1), Duration.ofSeconds(8),
            Duration.ofSeconds(32), Duration.ofSeconds(2), BUDGET);

    /** Interfaces if0.. at sample {@code s}: if0 received 100 bytes a second; if1 reset at sample 20; the rest 1 a second. */
    private static InterfaceStats[] node(int count, long s) {
        InterfaceStats[] out = new InterfaceStats[count];
        for (int i = 0; i < count; i++) {
            long rx = switch (i) {
                case 0 -> 100 * s;
                case 1 -> s < 20 ? 1000 * s : 10 * (s - 20);
                default -> s;
            };
            out[i] = iface("if" + i, rx, s, 0, 0);
        }
        return out;
    }

    private static List<Long> counters(SeriesView view) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < view.size(); i++) {
            out.add(view.present(i) ? view.counter(Counter.BYTES_RECEIVED, i) : null);
        }
        return out;
    }

    private static List<Double> rates(SeriesView view) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < view.size(); i++) {
            double rate = view.rate(Counter.BYTES_RECEIVED, i);
            out.add(Double.isNaN(rate) ? null : rate);
        }
        return out;
    }

    private static List<Long> seconds(HistoryView view) {
        List<Long> out = new ArrayList<>();
        for (long t : view.timestamps()) {
            out.add((t - T0_MS) / 1000);
        }
        return out;
    }

    @Test
    void theBudgetCountsTimesRingsStateAndObjectOfEverySeries() {
        assertThat(SMALL.fullPoints()).isEqualTo(8);
        assertThat(SMALL.coarsePoints()).isEqualTo(16);
        assertThat(SMALL.seriesBytes(0)).isEqualTo(1368);
        assertThat(SMALL.bytes(0, 4)).isEqualTo(5920);
        assertThat(SMALL.maxSeries(0)).isEqualTo(4);
        // level 1: 4 full and 8 coarse points; level 2: 2 and 4; level 3: 2 and 2, the last
        assertThat(SMALL.seriesBytes(1)).isEqualTo((16 + 16 * 8) + 24 + (16 + 32 * 8) + 24 + 144 + 2 * 88 + 200);
        assertThat(SMALL.maxSeries(1)).isEqualTo(6);
        assertThat(SMALL.maxSeries(2)).isEqualTo(8);
        assertThat(SMALL.maxLevel()).isEqualTo(3);
        assertThat(SMALL.maxSeries(3)).isEqualTo(9);
        assertThat(SMALL.bytes(3, 9)).isEqualTo(BUDGET);
        assertThat(HistoryConfig.MIN_BUDGET).isEqualTo(2 * (16 + 16) * 2 + (16 + 64) + 24 + (16 + 64) + 24 + 144 + 2 * 88 + 200);
        assertThatThrownBy(() -> new HistoryConfig(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(32),
                Duration.ofSeconds(2), HistoryConfig.MIN_BUDGET - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("history-budget (855 bytes) cannot hold even one series: it needs 856 bytes at least");
    }

    @Test
    void aNodeThatOutgrowsTheBudgetHalvesEveryRingAndSaysSo() {
        History history = new History(SMALL);
        for (int s = 0; s < 40; s++) {
            history.accept(at(s, node(4, s)));
        }
        assertThat(history.level()).isZero();
        assertThat(history.accountedBytes()).isEqualTo(5920);
        assertThat(history.query(Duration.ofSeconds(32), List.of("if0"), ProtocolFilter.ALL).notes()).isEmpty();

        // a fifth interface: 4 full points (samples 37..40), 8 coarse points 4 s apart (11, 15, ..., 39)
        history.accept(at(40, node(5, 40)));
        assertThat(history.level()).isEqualTo(1);
        assertThat(history.accountedBytes()).isEqualTo(256 + 5 * 984).isLessThanOrEqualTo(BUDGET);
        // what the rings hold: every value narrow (32 bits), 4 x 4 and 8 x 4 of them, and the bitsets
        assertThat(history.arrayBytes()).isEqualTo(256 + 5 * ((16 + 16 * 4) + 24 + (16 + 32 * 4) + 24));

        HistoryView full = history.query(Duration.ofSeconds(4), List.of("if0", "if4"), ProtocolFilter.ALL);
        assertThat(full.coarse()).isFalse();
        assertThat(seconds(full)).containsExactly(37L, 38L, 39L, 40L);
        assertThat(counters(full.interfaces().get(0))).containsExactly(3700L, 3800L, 3900L, 4000L);
        // the oldest point held has no point before it to take a rate from
        assertThat(rates(full.interfaces().get(0))).containsExactly(null, 100.0, 100.0, 100.0);
        assertThat(counters(full.interfaces().get(1))).containsExactly(null, null, null, 40L);

        HistoryView coarse = history.query(Duration.ofSeconds(32), List.of("if0", "if1"), ProtocolFilter.ALL);
        assertThat(coarse.coarse()).isTrue();
        assertThat(coarse.resolution()).isEqualTo(Duration.ofSeconds(4));
        assertThat(seconds(coarse)).containsExactly(11L, 15L, 19L, 23L, 27L, 31L, 35L, 39L);
        assertThat(counters(coarse.interfaces().get(0))).containsExactly(1100L, 1500L, 1900L, 2300L, 2700L, 3100L, 3500L, 3900L);
        assertThat(rates(coarse.interfaces().get(0))).containsExactly(null, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0);
        // if1 reset at sample 20, whose coarse point (21) was merged into 23's: 23 starts a segment, no rate crosses it
        SeriesView reset = coarse.interfaces().get(1);
        assertThat(counters(reset)).containsExactly(11_000L, 15_000L, 19_000L, 30L, 70L, 110L, 150L, 190L);
        assertThat(rates(reset)).containsExactly(null, 1000.0, 1000.0, null, 10.0, 10.0, 10.0, 10.0);
        assertThat(coarse.notes()).containsExactly("history trimmed to its memory budget of 6680 bytes (5 series): every sample "
                + "for 4 s instead of 8 s, and one point per 4 s instead of 2 s for 32 s");

        // the next coarse point comes 4 s after the last one (at 43), from the full ring as always
        for (int s = 41; s < 44; s++) {
            history.accept(at(s, node(5, s)));
        }
        assertThat(seconds(history.query(Duration.ofSeconds(32), List.of("if0"), ProtocolFilter.ALL)))
                .containsExactly(15L, 19L, 23L, 27L, 31L, 35L, 39L, 43L);
    }

    @Test
    void ringsHalvedWhileWideKeepEveryValueExact() {
        History history = new History(SMALL);
        long fast = 5_000_000_000L; // bytes a second: any two points of if0 span more than 2^32
        for (int s = 0; s <= 40; s++) {
            InterfaceStats[] node = node(s < 40 ? 4 : 5, s);
            node[0] = iface("if0", fast * s, s, 0, 0);
            history.accept(at(s, node));
        }
        assertThat(history.level()).isEqualTo(1);
        HistoryView full = history.query(Duration.ofSeconds(4), List.of("if0"), ProtocolFilter.ALL);
        assertThat(counters(full.interfaces().get(0))).containsExactly(37 * fast, 38 * fast, 39 * fast, 40 * fast);
        assertThat(rates(full.interfaces().get(0))).containsExactly(null, 5e9, 5e9, 5e9);
        HistoryView coarse = history.query(Duration.ofSeconds(32), List.of("if0"), ProtocolFilter.ALL);
        assertThat(counters(coarse.interfaces().get(0))).containsExactly(11 * fast, 15 * fast, 19 * fast, 23 * fast,
                27 * fast, 31 * fast, 35 * fast, 39 * fast);
        assertThat(rates(coarse.interfaces().get(0))).containsExactly(null, 5e9, 5e9, 5e9, 5e9, 5e9, 5e9, 5e9);
        // if0's two rings wide (4 x 4 and 8 x 4 longs), the other four narrow
        assertThat(history.arrayBytes()).isEqualTo(256 + ((16 + 16 * 8) + 24 + (16 + 32 * 8) + 24)
                + 4 * ((16 + 16 * 4) + 24 + (16 + 32 * 4) + 24));
    }

    @Test
    void pastTheLastHalvingNewSeriesHaveNoHistoryAndTheAnswerSaysHowMany() {
        History history = new History(SMALL);
        for (int s = 0; s < 40; s++) {
            history.accept(at(s, node(4, s)));
        }
        history.accept(at(40, node(10, 40)));
        assertThat(history.level()).isEqualTo(3);
        assertThat(history.seriesCount()).isEqualTo(9);
        assertThat(history.accountedBytes()).isEqualTo(128 + 9 * 728).isLessThanOrEqualTo(BUDGET);
        HistoryView view = history.query(Duration.ofSeconds(32), List.of("if0", "if9"), ProtocolFilter.ALL);
        assertThat(view.interfaces()).extracting(SeriesView::interfaceName).containsExactly("if0");
        assertThat(seconds(view)).containsExactly(23L, 39L);
        assertThat(view.notes()).containsExactly(
                "history trimmed to its memory budget of 6680 bytes (9 series): every sample for 2 s instead of 8 s, "
                        + "and one point per 16 s instead of 2 s for 32 s",
                "1 interfaces, protocols or pods of the latest sample have no history: the memory budget of 6680 bytes holds 9 series at most");
        assertThat(history.latestRates().interfaces()).extracting(InterfaceRates::name)
                .containsExactly("if0", "if1", "if2", "if3", "if4", "if5", "if6", "if7", "if8");
        // when the node shrinks again the note about series left out goes; the rings stay halved
        history.accept(at(41, node(9, 41)));
        assertThat(history.query(Duration.ofSeconds(32), List.of("if0"), ProtocolFilter.ALL).notes()).hasSize(1);
    }

    /** {@link #node} at sample {@code s} with {@code own} pods of their own namespaces (web-0..) and one on the host's network. */
    private static Snapshot withPods(int interfaces, int own, long s) {
        List<PodStats> pods = new ArrayList<>();
        for (int i = 0; i < own; i++) {
            pods.add(new PodStats("uid-" + i, "default", "web-" + i, false, 1, at(s, iface("eth0", 100 * s, s, 0, 0))));
        }
        pods.add(new PodStats("uid-agent", "kube-system", "agent", true, 1, at(s)));
        return at(s, node(interfaces, s)).withPods(new Pods(true, pods, List.of()));
    }

    @Test
    void podsSeriesCountInTheBudgetAndThoseBeyondItAreSaid() {
        History history = new History(SMALL);
        history.accept(withPods(4, 1, 0));
        assertThat(history.level()).as("4 interfaces and 1 pod: 5 series, as 5 interfaces").isEqualTo(1);
        assertThat(history.seriesCount()).isEqualTo(5);
        assertThat(history.accountedBytes()).isLessThanOrEqualTo(BUDGET);

        history.accept(withPods(4, 6, 1));
        assertThat(history.level()).isEqualTo(3);
        assertThat(history.seriesCount()).as("at most 9 at the last level; the agent is the node's").isEqualTo(9);
        assertThat(history.accountedBytes()).isEqualTo(128 + 9 * 728).isLessThanOrEqualTo(BUDGET);
        assertThat(history.latestRates().pods()).extracting(PodRates::name)
                .containsExactly("web-0", "web-1", "web-2", "web-3", "web-4");
        HistoryView view = history.query(Duration.ofSeconds(2), List.of(), ProtocolFilter.ALL,
                withPods(4, 6, 1).pods().list());
        assertThat(view.pods()).extracting(PodSeries::name).containsExactly("web-0", "web-1", "web-2", "web-3", "web-4");
        assertThat(view.notes()).last().isEqualTo("1 interfaces, protocols or pods of the latest sample have no history: "
                + "the memory budget of 6680 bytes holds 9 series at most");
    }

    @Test
    void eightThousandInterfacesAtTheDefaultsStayWithinTheDefaultBudget() {
        History history = new History(HistoryConfig.defaults(Duration.ofSeconds(1)));
        InterfaceStats[] node = new InterfaceStats[8192];
        for (int i = 0; i < node.length; i++) {
            node[i] = iface(String.format("veth%07x", i), i, i, i, i);
        }
        history.accept(at(0, node));
        history.accept(at(1, node));
        // level 4: ceil(300 / 16) = 19 full and ceil(360 / 16) = 23 coarse points, one per 160 s
        assertThat(history.level()).isEqualTo(4);
        assertThat(history.config().seriesBytes(4)).isEqualTo((16 + 19 * 32) + 24 + (16 + 23 * 32) + 24 + 144 + 2 * 88 + 200);
        assertThat(history.accountedBytes()).isEqualTo(2 * (16 + 19 * 8) + 2 * (16 + 23 * 8) + 8192L * 1944)
                .isLessThanOrEqualTo(HistoryConfig.DEFAULT_BUDGET);
        assertThat(history.query(Duration.ofSeconds(60), List.of("veth0001fff"), ProtocolFilter.ALL).notes())
                .containsExactly("history trimmed to its memory budget of 24000000 bytes (8192 series): every sample for 19 s "
                        + "instead of 300 s, and one point per 160 s instead of 10 s for 3680 s");
    }
}
