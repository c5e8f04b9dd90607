package io.netmon.http;

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
 * The protocol rows a request gets, for its {@code ?protocol=} and {@code ?family=} filter: the
 * namespace-wide rows, or with {@code ?interface=} the module's per-interface rows. A valid
 * protocol that saw no traffic is answered with zero counts, not left out.
 */
public final class ProtocolSelection {
    /** Families a protocol can be counted in by the module. */
    private static final List<Family> KMOD_FAMILIES = List.of(Family.IPV4, Family.IPV6);
    static final String PROCFS_NOTE = "netmon.ko is not loaded: protocol figures are host-wide packet counts "
            + "from /proc/net/snmp and /proc/net/snmp6 (tcp is ipv4 and ipv6 together, family \"ip\"); bytes are null";
    static final String HOST_LEVEL_NOTE = "per-protocol figures are host-level, not per interface: "
            + "per-interface protocols need netmon.ko";

    private final ProtocolFilter filter;

    public ProtocolSelection(ProtocolFilter filter) {
        this.filter = filter;
    }

    /** The filter of {@code ?protocol=} and {@code ?family=}; a value it cannot read is a 400. */
    public static ProtocolSelection from(Query query) throws HttpError {
        return of(query.values("protocol"), query.values("family"));
    }

    public static ProtocolSelection of(List<String> protocolValues, List<String> familyValues) throws HttpError {
        return new ProtocolSelection(parse(protocolValues, familyValues));
    }

    /** {@link ProtocolFilter#parse}, with a value it cannot read answered 400. */
    static ProtocolFilter parse(List<String> protocolValues, List<String> familyValues) throws HttpError {
        try {
            return ProtocolFilter.parse(protocolValues, familyValues);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    /** The rows, in scope order then family then protocol number, with the notes that explain them. */
    public Selection select(Snapshot snapshot, List<String> interfaces) {
        List<String> notes = new ArrayList<>();
        boolean perInterface = snapshot.source() == Source.KMOD && !interfaces.isEmpty();
        List<String> scopes = perInterface ? interfaces : List.of(ProtocolStats.ALL);
        if (snapshot.source() == Source.PROCFS) {
            notes.add(PROCFS_NOTE);
            if (!interfaces.isEmpty()) {
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
            addZeroRows(rows, scopes);
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
        return new Selection(rows, notes);
    }

    /**
     * A requested protocol that saw no traffic at all in a scope gets zero rows, one per requested
     * family (ipv4 and ipv6 by default); one seen in one family only is not padded with the other.
     */
    private void addZeroRows(List<ProtocolStats> rows, List<String> scopes) {
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

    /** Rows for a response and the sentences that qualify them. */
    public record Selection(List<ProtocolStats> rows, List<String> notes) {
    }
}
