package io.netmon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class InterfaceFilterTest {
    private static InterfaceStats iface(String name) {
        return InterfaceStats.of(name, new long[16]);
    }

    private static final Snapshot NODE = Snapshot.of(3, Instant.parse("2026-11-27T10:00:00Z"), 42, Source.KMOD,
            List.of(iface("lo"), iface("eth0"), iface("veth1a2b3c4"), iface("cali0123456789a")),
            List.of(new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 6, new Counts(2, 1, 4, 3)),
                    new ProtocolStats("veth1a2b3c4", Family.IPV4, 6, new Counts(2, 1, 4, 3)),
                    new ProtocolStats("eth0", Family.IPV4, 17, new Counts(2, 1, 4, 3))),
            new Snapshot.ModuleInfo(1, "0.1.0"));

    private static List<String> names(Snapshot snapshot) {
        return snapshot.interfaces().stream().map(InterfaceStats::name).toList();
    }

    @Test
    void excludeDropsWholeNameMatchesAndTheirProtocolRows() {
        Snapshot filtered = InterfaceFilter.of(null, "veth.*|cali.*").apply(NODE);
        assertThat(names(filtered)).containsExactly("lo", "eth0");
        assertThat(filtered.find("veth1a2b3c4")).isEmpty();
        assertThat(filtered.protocols()).extracting(ProtocolStats::ifname).containsExactly("all", "eth0");
        assertThat(filtered.sequence()).isEqualTo(3);
        assertThat(filtered.monotonicNanos()).isEqualTo(42);
        assertThat(filtered.module()).isEqualTo(NODE.module());
    }

    @Test
    void includeKeepsOnlyWholeNameMatchesAndExcludeStillApplies() {
        assertThat(names(InterfaceFilter.of("eth.*|lo", null).apply(NODE))).containsExactly("lo", "eth0");
        assertThat(names(InterfaceFilter.of("eth", null).apply(NODE))).as("whole name, not a substring").isEmpty();
        assertThat(names(InterfaceFilter.of(".*", "lo").apply(NODE)))
                .containsExactly("eth0", "veth1a2b3c4", "cali0123456789a");
    }

    @Test
    void noFilterOrNothingDroppedGivesTheSameSnapshot() {
        assertThat(InterfaceFilter.NONE.apply(NODE)).isSameAs(NODE);
        assertThat(InterfaceFilter.of("", "").apply(NODE)).isSameAs(NODE);
        assertThat(InterfaceFilter.of(null, "wlan.*").apply(NODE)).isSameAs(NODE);
    }

    @Test
    void aBadExpressionIsRefused() {
        assertThatThrownBy(() -> InterfaceFilter.of("veth[", null)).isInstanceOf(PatternSyntaxException.class);
    }
}
