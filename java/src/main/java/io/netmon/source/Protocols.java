package io.netmon.source;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Protocol numbers and their names: IANA's keywords in lower case, with Linux's habits where
 * people expect them ({@code icmpv6} for 58, {@code ipip} for 4), {@code unknown} for headers that
 * could not be read and {@code other} for the module's per-interface overflow slot. Numbers
 * without a name print as {@code proto-N}.
 */
public final class Protocols {
    private static final String[] NAMES = new String[256];
    private static final Map<String, Integer> BY_NAME;

    static {
        Object[] table = {
            0, "hopopt", 1, "icmp", 2, "igmp", 3, "ggp", 4, "ipip", 5, "st", 6, "tcp", 8, "egp", 9, "igp",
            17, "udp", 27, "rdp", 29, "iso-tp4", 33, "dccp", 41, "ipv6-encap", 43, "ipv6-route", 44, "ipv6-frag",
            46, "rsvp", 47, "gre", 50, "esp", 51, "ah", 58, "icmpv6", 59, "ipv6-nonxt", 60, "ipv6-opts",
            88, "eigrp", 89, "ospf", 94, "ipip-94", 97, "etherip", 98, "encap", 103, "pim", 108, "ipcomp",
            112, "vrrp", 115, "l2tp", 132, "sctp", 135, "mobility-header", 136, "udplite", 137, "mpls-in-ip",
            139, "hip", 140, "shim6", 142, "rohc", 143, "ethernet", 144, "aggfrag", 253, "experiment-253",
            254, "experiment-254", 255, "reserved",
        };
        Map<String, Integer> byName = new TreeMap<>();
        for (int i = 0; i < table.length; i += 2) {
            NAMES[(Integer) table[i]] = (String) table[i + 1];
        }
        for (int n = 0; n < 256; n++) {
            if (NAMES[n] == null) {
                NAMES[n] = "proto-" + n;
            }
            byName.put(NAMES[n], n);
        }
        byName.put("unknown", ProtocolStats.UNKNOWN);
        byName.put("other", ProtocolStats.OTHER);
        byName.put("ipv6-icmp", 58);
        BY_NAME = Map.copyOf(byName);
    }

    private Protocols() {
    }

    /** The name of a protocol number, {@link ProtocolStats#UNKNOWN} or {@link ProtocolStats#OTHER}. */
    public static String name(int protocol) {
        return switch (protocol) {
            case ProtocolStats.UNKNOWN -> "unknown";
            case ProtocolStats.OTHER -> "other";
            default -> NAMES[protocol];
        };
    }

    /** A name ({@code tcp}, {@code ICMPv6}) or a number ({@code 6}) as a protocol number; empty if neither. */
    public static OptionalInt parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT);
        if (!key.isEmpty() && key.chars().allMatch(Character::isDigit) && key.length() <= 3) {
            int n = Integer.parseInt(key);
            return n <= 255 ? OptionalInt.of(n) : OptionalInt.empty();
        }
        Integer n = BY_NAME.get(key);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }
}
