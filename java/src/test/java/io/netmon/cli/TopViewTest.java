package io.netmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.history.InterfaceRates;
import io.netmon.history.PodRates;
import io.netmon.history.ProtocolRates;
import io.netmon.history.RateSample;
import io.netmon.history.Rates;
import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopViewTest {
    private static final double NONE = Double.NaN;
    /** TopView draws the rates alone; the sample's snapshot gives its header (source, time, sequence). */
    private static final RateSample SAMPLE = new RateSample(new Sampler.State(Snapshot.of(42,
            Instant.parse("2026-11-27T10:00:05Z"), 0, Source.KMOD, List.of(), List.of(), new Snapshot.ModuleInfo(1, "0.1.0")),
            null),
            List.of(new InterfaceRates("lo", false, new Rates(2200, 32, 2200, 32), Counts.ZERO),
                    new InterfaceRates("eth0", false, new Rates(12_345_678, 9000, 456_000, 3000.4), Counts.ZERO),
                    new InterfaceRates("veth1a2b3c4", true, new Rates(NONE, NONE, NONE, NONE), Counts.ZERO),
                    new InterfaceRates("cali0123456789a", false, new Rates(999, 1.25, 0, 0), Counts.ZERO)),
            List.of(new ProtocolRates(Family.IPV4, 17, false, new Rates(1500, 12, 3000, 24)),
                    new ProtocolRates(Family.IPV4, 6, false, new Rates(12_000_000, 8000, 400_000, 2900)),
                    new ProtocolRates(Family.IPV6, 58, false, new Rates(0, 0, 0, 0)),
                    new ProtocolRates(Family.IPV4, ProtocolStats.OTHER, true, new Rates(NONE, NONE, NONE, NONE))));

    @Test
    void withPodsTheBusiestPodsAndTheirProtocolSplitTakeTheInterfacesPlace() {
        RateSample pods = new RateSample(SAMPLE.state(), SAMPLE.interfaces(), List.of(), List.of(
                new PodRates("u-1", "default", "web-0", false, new Rates(1_500_000, 1000, 20_000, 300), Counts.ZERO,
                        List.of(new ProtocolRates(Family.IPV4, 6, false, new Rates(0, 900, 0, 270)),
                                new ProtocolRates(Family.IPV6, 6, false, new Rates(0, 30, 0, 0)),
                                new ProtocolRates(Family.IPV4, 17, false, new Rates(0, 70, 0, 30)))),
                new PodRates("u-2", null, null, false, new Rates(98, 1, 98, 1), Counts.ZERO,
                        List.of(new ProtocolRates(Family.IPV4, 1, false, new Rates(84, 1, 84, 1)))),
                new PodRates("u-3", "db", "db-0", true, new Rates(NONE, NONE, NONE, NONE), Counts.ZERO, List.of())));
        assertThat(String.join("\n", TopView.render(pods, Duration.ofSeconds(1), 100, 40, false, true)))
                .isEqualTo(String.join("\n",
                        "netmon top - kmod - 2026-11-27 10:00:05 UTC - sample 42 - every 1s - 3 pods",
                        "",
                        "POD                  RX         TX  RX PKT/S  TX PKT/S  PROTOCOLS",
                        "default/web-0  1.5 MB/s  20.0 kB/s      1000       300  tcp 92%, udp 8%",
                        "u-2              98 B/s     98 B/s       1.0       1.0  icmp 100%",
                        "db/db-0               -          -         -         -  -"));
    }

    @Test
    void busiestFirstWithReadableUnits() {
        assertThat(String.join("\n", TopView.render(SAMPLE, Duration.ofSeconds(1), 100, 40, true))).isEqualTo(String.join("\n",
                "netmon top - kmod - 2026-11-27 10:00:05 UTC - sample 42 - every 1s - q quits",
                "",
                "INTERFACE               RX          TX  RX PKT/S  TX PKT/S",
                "eth0             12.3 MB/s  456.0 kB/s      9000      3000",
                "lo                2.2 kB/s    2.2 kB/s        32        32",
                "cali0123456789a    999 B/s       0 B/s       1.3       0.0",
                "veth1a2b3c4              -           -         -         -",
                "",
                "PROTOCOL     RX PKT/S  TX PKT/S         RX          TX",
                "ipv4 tcp         8000      2900  12.0 MB/s  400.0 kB/s",
                "ipv4 udp           12        24   1.5 kB/s    3.0 kB/s",
                "ipv4 other          -         -          -           -",
                "ipv6 icmpv6       0.0       0.0      0 B/s       0 B/s"));
    }

    @Test
    void aSmallTerminalShowsWhatFitsAndSaysHowMuchIsLeftOut() {
        assertThat(TopView.render(SAMPLE, Duration.ofMillis(500), 40, 9, true)).containsExactly(
                "netmon top - kmod - 2026-11-27 10:00:05 ",
                "",
                "INTERFACE               RX          TX  ",
                "eth0             12.3 MB/s  456.0 kB/s  ",
                "  ... 3 more interfaces",
                "",
                "PROTOCOL     RX PKT/S  TX PKT/S         ",
                "ipv4 tcp         8000      2900  12.0 MB",
                "  ... 3 more protocols");
    }

    @Test
    void beforeTwoSamplesThereIsNothingToRate() {
        assertThat(TopView.render(null, Duration.ofSeconds(1), 80, 24, true))
                .containsExactly("netmon top: waiting for the first samples... (q quits)");
    }

    @Test
    void withoutTheKeyboardNothingSaysQQuits() {
        assertThat(TopView.render(SAMPLE, Duration.ofSeconds(1), 100, 40, false).get(0))
                .isEqualTo("netmon top - kmod - 2026-11-27 10:00:05 UTC - sample 42 - every 1s");
        assertThat(TopView.render(null, Duration.ofSeconds(1), 80, 24, false))
                .containsExactly("netmon top: waiting for the first samples...");
    }

    @Test
    void unitsStepByThousands() {
        assertThat(TopView.bytes(0)).isEqualTo("0 B/s");
        assertThat(TopView.bytes(999.4)).isEqualTo("999 B/s");
        assertThat(TopView.bytes(999.96)).isEqualTo("1.0 kB/s");
        assertThat(TopView.bytes(1_250_000_000)).isEqualTo("1.3 GB/s");
        assertThat(TopView.bytes(1.8446744073709552E19)).isEqualTo("18446.7 PB/s");
        assertThat(TopView.packets(9.94)).isEqualTo("9.9");
        assertThat(TopView.packets(9.96)).isEqualTo("10");
    }
}
