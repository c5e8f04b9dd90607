package io.netmon.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-protocol packet counters the kernel keeps without any module, read from
 * /proc/net/snmp and /proc/net/snmp6: host-level (not per interface) and packets only.
 *
 * <p>Received UDP datagrams are {@code InDatagrams + NoPorts + InErrors}: every datagram that
 * reached UDP, delivered or not, which is what the module counts at PRE_ROUTING. TCP has no
 * per-family MIB in Linux, so its row has family {@link Family#IP} (IPv4 and IPv6 together).
 */
public final class SnmpProtocols {
    private SnmpProtocols() {
    }

    /** The rows for which the files had counters, in a fixed order. */
    public static List<ProtocolStats> rows(Map<String, Long> snmp) {
        List<ProtocolStats> rows = new ArrayList<>();
        add(rows, snmp, Family.IPV4, 1, "Icmp", false);
        add(rows, snmp, Family.IPV4, 17, "Udp", true);
        add(rows, snmp, Family.IPV4, 136, "UdpLite", true);
        add(rows, snmp, Family.IPV6, 58, "Icmp6", false);
        add(rows, snmp, Family.IPV6, 17, "Udp6", true);
        add(rows, snmp, Family.IPV6, 136, "UdpLite6", true);
        Long in = snmp.get("Tcp.InSegs");
        Long out = snmp.get("Tcp.OutSegs");
        if (in != null && out != null) {
            rows.add(packets(Family.IP, 6, in, out));
        }
        return rows;
    }

    private static void add(List<ProtocolStats> rows, Map<String, Long> snmp, Family family, int protocol,
            String group, boolean udpLike) {
        Long in;
        Long out;
        if (udpLike) {
            in = sum(snmp, group + ".InDatagrams", group + ".NoPorts", group + ".InErrors");
            out = snmp.get(group + ".OutDatagrams");
        } else {
            in = snmp.get(group + ".InMsgs");
            out = snmp.get(group + ".OutMsgs");
        }
        if (in != null && out != null) {
            rows.add(packets(family, protocol, in, out));
        }
    }

    /** A host-level row of packets: the files count no bytes. */
    private static ProtocolStats packets(Family family, int protocol, long in, long out) {
        return new ProtocolStats(ProtocolStats.ALL, family, protocol, new Counts(0, in, 0, out));
    }

    private static Long sum(Map<String, Long> snmp, String... keys) {
        long total = 0;
        for (String key : keys) {
            Long value = snmp.get(key);
            if (value == null) {
                return null;
            }
            total += value;
        }
        return total;
    }
}
