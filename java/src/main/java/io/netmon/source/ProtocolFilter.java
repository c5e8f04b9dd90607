package io.netmon.source;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which protocol rows a request wants: {@code ?protocol=tcp,17&family=ipv6}. Empty sets mean every
 * protocol or every family.
 */
public record ProtocolFilter(Set<Family> families, Set<Integer> protocols) {
    public static final ProtocolFilter ALL = new ProtocolFilter(Set.of(), Set.of());

    public ProtocolFilter {
        families = Set.copyOf(families);
        protocols = Set.copyOf(protocols);
    }

    /**
     * Parses protocol names or numbers ({@link Protocols#parse}) and family labels ({@code ipv4}, {@code ipv6},
     * {@code ip}); throws {@link IllegalArgumentException} naming the first value it cannot read.
     */
    public static ProtocolFilter parse(List<String> protocolValues, List<String> familyValues) {
        Set<Integer> protocols = new TreeSet<>();
        for (String value : protocolValues) {
            OptionalInt number = Protocols.parse(value);
            if (number.isEmpty()) {
                throw new IllegalArgumentException("unknown protocol '" + value
                        + "': give a number 0..255 or one of " + Protocols.knownNames());
            }
            protocols.add(number.getAsInt());
        }
        Set<Family> families = new TreeSet<>();
        for (String value : familyValues) {
            families.add(Family.parse(value).orElseThrow(() -> new IllegalArgumentException(
                    "unknown family '" + value + "': give ipv4, ipv6 or ip")));
        }
        return new ProtocolFilter(families, protocols);
    }

    public boolean matches(Family family, int protocol) {
        return (families.isEmpty() || families.contains(family)) && (protocols.isEmpty() || protocols.contains(protocol));
    }

    public boolean matches(ProtocolStats row) {
        return matches(row.family(), row.protocol());
    }
}
