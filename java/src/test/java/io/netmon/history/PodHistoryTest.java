package io.netmon.history;

import static io.netmon.history.Samples.all;
import static io.netmon.history.Samples.iface;
import static io.netmon.history.Samples.kmod;
import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.PodStats;
import io.netmon.source.Pods;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Snapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pods in the history: a series of their traffic each, rates of what moved, and nothing kept of a pod gone. */
class PodHistoryTest {
    private final History history = new History(HistoryConfig.defaults(Duration.ofSeconds(1)));

    /** The node at {@code second} with a web pod whose eth0 has moved {@code web} bytes, and the host-network agent. */
    private static Snapshot node(long second, long web, boolean withWeb) {
        Snapshot empty = kmod(second, List.of(iface("eth0", 0, 0, 0, 0)), List.of());
        PodStats agent = new PodStats("agent", "kube-system", "agent", true, 1,
                kmod(second, List.of(), List.of()));
        if (!withWeb) {
            return empty.withPods(new Pods(true, List.of(agent), List.of()));
        }
        PodStats pod = new PodStats("web", "default", "web-0", false, 1, kmod(second,
                List.of(iface("lo", 77 * second, second, 77 * second, second), iface("eth0", web, web / 100, web / 2, web / 200)),
                List.of(all(Family.IPV4, 6, web, web / 100, web / 2, web / 200), all(Family.IPV4, 17, 1280, 10, 0, 0),
                        new ProtocolStats("eth0", Family.IPV4, 6, new Counts(web, web / 100, web / 2, web / 200)))));
        return empty.withPods(new Pods(true, List.of(pod, agent), List.of()));
    }

    @Test
    void aPodsSeriesIsItsTrafficAndItsRatesAreWhatMovedSinceTheSampleBefore() {
        history.accept(node(1, 10_000, true));
        RateSample first = history.latestRates();
        assertThat(first.pods()).singleElement().satisfies(pod -> {
            assertThat(pod.segmentStart()).isTrue();
            assertThat(pod.protocols()).isEmpty();
            assertThat(pod.counts()).isEqualTo(new Counts(10_000, 100, 5000, 50));
        });
        history.accept(node(2, 30_000, true));
        PodRates web = history.latestRates().pods().get(0);
        assertThat(web.uid()).isEqualTo("web");
        assertThat(web.namespace()).isEqualTo("default");
        assertThat(web.segmentStart()).isFalse();
        assertThat(web.rates()).as("lo left out").isEqualTo(new Rates(20_000, 200, 10_000, 100));
        assertThat(web.protocols()).as("udp did not move; per-interface rows are not the pod's").containsExactly(
                new ProtocolRates(Family.IPV4, 6, false, new Rates(20_000, 200, 10_000, 100)));
        assertThat(history.seriesCount()).as("eth0 and web; the agent is the node's").isEqualTo(2);

        HistoryView view = history.query(Duration.ofSeconds(2), List.of(), ProtocolFilter.ALL,
                node(2, 30_000, true).pods().list());
        assertThat(view.pods()).singleElement().satisfies(pod -> {
            assertThat(pod.name()).isEqualTo("web-0");
            assertThat(pod.series().counter(io.netmon.source.Counter.BYTES_RECEIVED, 1)).isEqualTo(30_000);
            assertThat(pod.series().rate(io.netmon.source.Counter.BYTES_SENT, 1)).isEqualTo(10_000.0);
        });
    }

    @Test
    void aPodThatGoesLeavesNothingAndOneThatComesBackStartsAgain() {
        history.accept(node(1, 10_000, true));
        history.accept(node(2, 20_000, true));
        long withWeb = history.arrayBytes();
        history.accept(node(3, 0, false));
        assertThat(history.latestRates().pods()).isEmpty();
        assertThat(history.seriesCount()).isEqualTo(1);
        assertThat(withWeb - history.arrayBytes()).isEqualTo(HistoryTest.NARROW_SERIES_BYTES);
        history.accept(node(4, 40_000, true));
        PodRates back = history.latestRates().pods().get(0);
        assertThat(back.segmentStart()).isTrue();
        assertThat(Double.isNaN(back.rates().rxBytes())).isTrue();
        assertThat(back.protocols()).as("no rate across the gap").isEmpty();
    }
}
