package io.netmon.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The view of one sampler state: latest or not ready, selection and its errors, notes, sums. */
class NodeViewTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final List<InterfaceStats> INTERFACES = List.of(iface("lo"), iface("eth0"), iface("eth1"));
    /** The module's rows: tcp in both families on lo and eth0, udp on eth0, and their namespace-wide sums. */
    private static final Snapshot KMOD = Snapshot.of(7, T0, 0, Source.KMOD, INTERFACES, List.of(
            new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 6, new Counts(3000, 30, 1500, 15)),
            new ProtocolStats(ProtocolStats.ALL, Family.IPV6, 6, new Counts(400, 4, 200, 2)),
            new ProtocolStats(ProtocolStats.ALL, Family.IPV4, 17, new Counts(90, 1, 0, 0)),
            new ProtocolStats("lo", Family.IPV4, 6, new Counts(1000, 10, 1000, 10)),
            new ProtocolStats("lo", Family.IPV6, 6, new Counts(400, 4, 200, 2)),
            new ProtocolStats("eth0", Family.IPV4, 6, new Counts(2000, 20, 500, 5)),
            new ProtocolStats("eth0", Family.IPV4, 17, new Counts(90, 1, 0, 0))), new Snapshot.ModuleInfo(1, "0.1.0"));

    private static InterfaceStats iface(String name) {
        return InterfaceStats.of(name, new long[16]);
    }

    @Test
    void beforeTheFirstSampleTheViewIsNotReadyAndSaysWhy() {
        assertThatThrownBy(() -> NodeView.of(Sampler.State.EMPTY))
                .isInstanceOfSatisfying(NotReady.class, e -> {
                    assertThat(e.kind()).isEqualTo(ViewException.Kind.NOT_READY);
                    assertThat(e.failure()).isEmpty();
                    assertThat(e.reason()).isEqualTo("no sample yet");
                })
                .hasMessage("no sample yet; the first is on its way");
        assertThatThrownBy(() -> NodeView.of(new Sampler.State(null, "/proc/net/dev: no such file")))
                .isInstanceOfSatisfying(NotReady.class, e -> {
                    assertThat(e.failure()).hasValue("/proc/net/dev: no such file");
                    assertThat(e.reason()).isEqualTo("no sample yet: /proc/net/dev: no such file");
                })
                .hasMessage("no sample yet: /proc/net/dev: no such file");
        assertThat(NotReady.check(new Sampler.State(KMOD, "later read failed"))).isEmpty();
        assertThat(NotReady.waiting()).hasMessage("no sample yet; the first is on its way");
    }

    @Test
    void theSnapshotAndTheFailedReadComeFromTheSameState() throws NotReady {
        NodeView failed = NodeView.of(new Sampler.State(KMOD, "/proc/net/dev: bad line 3"));
        assertThat(failed.snapshot()).isSameAs(KMOD);
        assertThat(failed.failure()).hasValue("/proc/net/dev: bad line 3");
        ProtocolRows rows = new ProtocolRows(List.of(), List.of("first"));
        assertThat(failed.notes(rows)).containsExactly("first",
                "the latest read failed, figures are from the sample before it: /proc/net/dev: bad line 3");
        assertThat(NodeView.of(new Sampler.State(KMOD, null)).notes(rows)).containsExactly("first");
        assertThat(NodeView.of(KMOD).failure()).isEmpty();
    }

    @Test
    void aScopeKeepsTheNamesAsGivenAndTheInterfacesInTheKernelsOrder() throws ViewException {
        NodeView node = NodeView.of(KMOD);
        Scope scope = node.scope(List.of("eth1", "lo"));
        assertThat(scope.all()).isFalse();
        assertThat(scope.named()).containsExactly("eth1", "lo");
        assertThat(scope.names()).containsExactly("lo", "eth1");
        assertThat(scope.label()).isEqualTo("eth1,lo");
        Scope all = node.scope(List.of());
        assertThat(all.all()).isTrue();
        assertThat(all.names()).containsExactly("lo", "eth0", "eth1");
        assertThat(all.label()).isEqualTo("all");
        assertThat(node.iface("eth0")).isSameAs(INTERFACES.get(1));
    }

    @Test
    void unknownInterfacesAreNotFoundNamingEveryOne() {
        NodeView node = NodeView.of(KMOD);
        assertThatThrownBy(() -> node.scope(List.of("lo", "wlan9", "eth7")))
                .isInstanceOfSatisfying(ViewException.class, e -> assertThat(e.kind()).isEqualTo(ViewException.Kind.NOT_FOUND))
                .hasMessage("no interface named 'wlan9', 'eth7'");
        assertThatThrownBy(() -> node.iface("wlan9"))
                .isInstanceOfSatisfying(ViewException.class, e -> assertThat(e.kind()).isEqualTo(ViewException.Kind.NOT_FOUND))
                .hasMessage("no interface named 'wlan9'");
    }

    @Test
    void unreadableProtocolsAndFamiliesAreInvalidNamingTheValue() throws ViewException {
        assertThatThrownBy(() -> Selection.protocols(List.of("tcp", "tcpp"), List.of()))
                .isInstanceOfSatisfying(ViewException.class, e -> assertThat(e.kind()).isEqualTo(ViewException.Kind.INVALID))
                .hasMessageStartingWith("unknown protocol 'tcpp': give a number 0..255 or one of ");
        assertThatThrownBy(() -> Selection.protocols(List.of(), List.of("ipv5")))
                .isInstanceOfSatisfying(ViewException.class, e -> assertThat(e.kind()).isEqualTo(ViewException.Kind.INVALID))
                .hasMessage("unknown family 'ipv5': give ipv4, ipv6 or ip");
        assertThat(Selection.protocols(List.of("udp", "6"), List.of("ipv6")))
                .isEqualTo(new ProtocolFilter(Set.of(Family.IPV6), Set.of(6, 17)));
    }

    @Test
    void namedInterfacesGetTheirOwnRowsInTheOrderNamedAndZerosForWhatTheyDidNotSee() throws ViewException {
        NodeView node = NodeView.of(KMOD);
        ProtocolRows rows = node.protocols(node.scope(List.of("eth0", "lo")), Selection.protocols(List.of("udp"), List.of()));
        assertThat(rows.rows()).containsExactly(
                new ProtocolStats("eth0", Family.IPV4, 17, new Counts(90, 1, 0, 0)),
                new ProtocolStats("lo", Family.IPV4, 17, Counts.ZERO),
                new ProtocolStats("lo", Family.IPV6, 17, Counts.ZERO));
        assertThat(rows.notes()).isEmpty();
        assertThat(node.protocols(node.all(), ProtocolFilter.ALL).rows()).extracting(ProtocolStats::ifname)
                .containsOnly(ProtocolStats.ALL).hasSize(3);
    }

    @Test
    void oneProtocolIsSummedOverTheScopeThenPerFamily() throws ViewException {
        NodeView node = NodeView.of(KMOD);
        Scope scope = node.scope(List.of("lo", "eth0"));
        ProtocolTotals tcp = ProtocolTotals.of(6, scope, node.protocols(scope, Selection.protocols(List.of("tcp"), List.of())));
        assertThat(tcp.scope()).isEqualTo("lo,eth0");
        assertThat(tcp.total()).isEqualTo(new Counts(3400, 34, 1700, 17));
        assertThat(tcp.families()).isEqualTo(Map.of(Family.IPV4, new Counts(3000, 30, 1500, 15),
                Family.IPV6, new Counts(400, 4, 200, 2)));
        assertThat(tcp.families().firstKey()).isEqualTo(Family.IPV4);
    }

    @Test
    void aSelectionKeepsWhatWasNamedAndAnEmptyOneKeepsEverything() {
        Selection eth0 = new Selection(Set.of("eth0"), ProtocolFilter.ALL);
        assertThat(eth0.keeps("eth0")).isTrue();
        assertThat(eth0.keeps("lo")).isFalse();
        assertThat(eth0.all()).isFalse();
        assertThat(new Selection(Set.of(), new ProtocolFilter(Set.of(), Set.of(6))).all()).isFalse();
        assertThat(Selection.ALL.all()).isTrue();
        assertThat(Selection.ALL.keeps("veth-new")).isTrue();
    }
}
