package io.netmon.source;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Protocol names and IANA protocol numbers, both ways: {@code tcp} is 6 and 6 is {@code tcp}.
 * Numbers without a name here are written and read as their decimal form ({@code 253}).
 * {@code unknown} and {@code other} stand for {@link ProtocolStats#UNKNOWN} and {@link ProtocolStats#OTHER}.
 */
public final class Protocols {
    private static final String[] NAMES = new String[256];
    private static final Map<String, Integer> NUMBERS;

    static {
        Map<String, Integer> numbers = new TreeMap<>();
        name(numbers, 1, "icmp");
        name(numbers, 2, "igmp");
        name(numbers, 4, "ipip");
        name(numbers, 6, "tcp");
        name(numbers, 17, "udp");
        name(numbers, 41, "ipv6-encap");
        name(numbers, 47, "gre");
        name(numbers, 50, "esp");
        name(numbers, 51, "ah");
        name(numbers, 58, "icmpv6");
        name(numbers, 89, "ospf");
        name(numbers, 103, "pim");
        name(numbers, 112, "vrrp");
        name(numbers, 115, "l2tp");
        name(numbers, 132, "sctp");
        name(numbers, 136, "udplite");
        name(numbers, 137, "mpls-in-ip");
        name(numbers, 143, "ethernet");
        numbers.put("unknown", ProtocolStats.UNKNOWN);
        numbers.put("other", ProtocolStats.OTHER);
        NUMBERS = Map.copyOf(numbers);
    }

    private Protocols() {
    }

    private static void name(Map<String, Integer> numbers, int number, String name) {
        NAMES[number] = name;
        numbers.put(name, number);
    }

    /** The name of {@code protocol} (a number 0..255, {@code UNKNOWN} or {@code OTHER}); its decimal form if unnamed. */
    public static String name(int protocol) {
        if (protocol == ProtocolStats.UNKNOWN) {
            return "unknown";
        }
        if (protocol == ProtocolStats.OTHER) {
            return "other";
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
        String name = NAMES[protocol];
        return name == null ? Integer.toString(protocol) : name;
    }

    /**
     * A protocol given by name ({@code tcp}, case-insensitive) or by number ({@code 6}, 0..255);
     * empty when it is neither.
     */
    public static OptionalInt parse(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        Integer named = NUMBERS.get(lower);
        if (named != null) {
            return OptionalInt.of(named);
        }
        if (!lower.isEmpty() && lower.length() <= 3 && lower.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int number = Integer.parseInt(lower);
            if (number <= 255) {
                return OptionalInt.of(number);
            }
        }
        return OptionalInt.empty();
    }

    /** Every name {@link #parse} accepts besides numbers, sorted, for error messages. */
    public static String knownNames() {
        return String.join(", ", new TreeMap<>(NUMBERS).keySet());
    }
}
