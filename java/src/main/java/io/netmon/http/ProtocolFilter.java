package io.netmon.http;

import io.netmon.source.Family;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Protocols;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code ?protocol=} and {@code ?family=} filters, and the choice of rows for a request:
 * the namespace-wide rows, or with {@code ?interface=} the module's per-interface rows. A valid
 * protocol that saw no traffic is answered with zero counts, not left out.
 */
public final class ProtocolFilter {
    /** Families a protocol can be counted in by the module. */
    private static final List<Family> KMOD_FAMILIES = List.of(Family.IPV4, Family.IPV6);
    static final String PROCFS_NOTE = "netmon.ko is not loaded: protocol figures are host-wide packet counts "
            + "from /proc/net/snmp and /proc/net/snmp6 (tcp is ipv4 and ipv6 together, family \"ip\"); bytes are null";
    static final String HOST_LEVEL_NOTE = "per-protocol figures are host-level, not per interface: "
            + "per-interface protocols need netmon.ko";

    private final List<Integer> protocols;
    private final Set<Family> families;

    private ProtocolFilter(List<Integer> protocols, Set<Family> families) {
        this.protocols = protocols;
        this.families = families;
    }

    public static ProtocolFilter from(Query query) throws HttpError {
        List<Integer> protocols = new ArrayList<>();
        for (String value : query.values("protocol")) {
            protocols.add(parseProtocol(value));
        }
        Set<Family> families = EnumSet.noneOf(Family.class);
        for (String value : query.values("family")) {
            families.add(Family.parse(value).orElseThrow(() ->
                    HttpError.badRequest("unknown family '" + value + "'; use ipv4, ipv6 or ip")));
        }
        return new ProtocolFilter(List.copyOf(protocols), families);
    }

    static int parseProtocol(String value) throws HttpError {
        OptionalInt number = Protocols.parse(value);
        if (number.isEmpty()) {
            throw HttpError.badRequest("unknown protocol '" + value
                    + "'; use a name (tcp, udp, icmp, icmpv6, sctp, gre, ...) or a number 0-255");
        }
        return number.getAsInt();
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
            if (scopes.contains(row.ifname()) && wants(row.family(), row.protocol())) {
                rows.add(row);
            }
        }
        if (snapshot.source() == Source.KMOD) {
            addZeroRows(rows, scopes);
        } else {
            for (int protocol : protocols) {
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
            for (int protocol : protocols) {
                if (rows.stream().anyMatch(r -> r.ifname().equals(scope) && r.protocol() == protocol)) {
                    continue;
                }
                for (Family family : KMOD_FAMILIES) {
                    if (families.isEmpty() || families.contains(family)) {
                        rows.add(new ProtocolStats(scope, family, protocol, 0, 0, 0, 0));
                    }
                }
            }
        }
    }

    private boolean wants(Family family, int protocol) {
        return (families.isEmpty() || families.contains(family)) && (protocols.isEmpty() || protocols.contains(protocol));
    }

    /** Numbers ascending, then "other", then "unknown", as in /proc/net/netmon. */
    private static int sortKey(int protocol) {
        return protocol >= 0 ? protocol : protocol == ProtocolStats.OTHER ? 256 : 257;
    }

    /** Rows for a response and the sentences that qualify them. */
    public record Selection(List<ProtocolStats> rows, List<String> notes) {
    }
}
