package io.netmon.view;

import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Protocols;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The protocol rows of an answer, with the sentences that qualify them: for an unnamed scope the
 * namespace-wide rows, for named interfaces the module's per-interface rows. A valid protocol that
 * saw no traffic is answered with zero counts, not left out. Rows are in scope order (the names as
 * given), then family, then protocol number.
 */
public record ProtocolRows(List<ProtocolStats> rows, List<String> notes) {
    public static final String PROCFS_NOTE = "netmon.ko is not loaded: protocol figures are host-wide packet counts "
            + "from /proc/net/snmp and /proc/net/snmp6 (tcp is ipv4 and ipv6 together, family \"ip\"); bytes are null";
    public static final String HOST_LEVEL_NOTE = "per-protocol figures are host-level, not per interface: "
            + "per-interface protocols need netmon.ko";
    /** Families a protocol can be counted in by the module. */
    private static final List<Family> KMOD_FAMILIES = List.of(Family.IPV4, Family.IPV6);

    public ProtocolRows {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    static ProtocolRows select(Snapshot snapshot, Scope scope, ProtocolFilter filter) {
        List<String> notes = new ArrayList<>();
        boolean perInterface = snapshot.source() == Source.KMOD && !scope.all();
        List<String> scopes = perInterface ? scope.named() : List.of(ProtocolStats.ALL);
        if (snapshot.source() == Source.PROCFS) {
            notes.add(PROCFS_NOTE);
            if (!scope.all()) {
                notes.add(HOST_LEVEL_NOTE);
            }
        }
        List<ProtocolStats> rows = new ArrayList<>();
        for (ProtocolStats row : snapshot.protocols()) {
            if (scopes.contains(row.ifname()) && filter.matches(row)) {
                rows.add(row);
            }
        }
        if (snapshot.source() == Source.KMOD) {
            addZeroRows(rows, scopes, filter);
        } else {
            for (int protocol : filter.protocols()) {
                if (rows.stream().noneMatch(r -> r.protocol() == protocol)) {
                    notes.add("'" + Protocols.name(protocol) + "' has no count without netmon.ko "
                            + "(procfs counts icmp, icmpv6, tcp, udp and udplite)");
                }
            }
        }
        rows.sort(Comparator.<ProtocolStats>comparingInt(r -> scopes.indexOf(r.ifname()))
                .thenComparing(ProtocolStats::family)
                .thenComparingInt(r -> sortKey(r.protocol())));
        return new ProtocolRows(rows, notes);
    }

    /**
     * A requested protocol that saw no traffic at all in a scope gets zero rows, one per requested
     * family (ipv4 and ipv6 by default); one seen in one family only is not padded with the other.
     */
    private static void addZeroRows(List<ProtocolStats> rows, List<String> scopes, ProtocolFilter filter) {
        for (String scope : scopes) {
            for (int protocol : filter.protocols()) {
                if (rows.stream().anyMatch(r -> r.ifname().equals(scope) && r.protocol() == protocol)) {
                    continue;
                }
                for (Family family : KMOD_FAMILIES) {
                    if (filter.matches(family, protocol)) {
                        rows.add(new ProtocolStats(scope, family, protocol, Counts.ZERO));
                    }
                }
            }
        }
    }

    /** Numbers ascending, then "other", then "unknown", as in /proc/net/netmon. */
    private static int sortKey(int protocol) {
        return protocol >= 0 ? protocol : protocol == ProtocolStats.OTHER ? 256 : 257;
    }
}
