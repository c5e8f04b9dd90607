package io.netmon.view;

import io.netmon.source.ProtocolFilter;
import java.util.List;
import java.util.Set;

/**
 * What a live answer keeps of every sample ({@code /network/stream}): the interfaces (empty: all)
 * and the protocol rows. Unlike a {@link Scope}, it outlives the snapshot it was checked against.
 */
public record Selection(Set<String> interfaces, ProtocolFilter protocols) {
    public static final Selection ALL = new Selection(Set.of(), ProtocolFilter.ALL);

    public Selection {
        interfaces = Set.copyOf(interfaces);
    }

    /**
     * The protocol filter of protocol names or numbers and family labels ({@code ?protocol=tcp,17&family=ipv6});
     * a value it cannot read is {@link ViewException.Kind#INVALID}, naming it.
     */
    public static ProtocolFilter protocols(List<String> protocols, List<String> families) throws ViewException {
        try {
            return ProtocolFilter.parse(protocols, families);
        } catch (IllegalArgumentException e) {
            throw ViewException.invalid(e.getMessage());
        }
    }

    /** Whether nothing is left out. */
    public boolean all() {
        return interfaces.isEmpty() && protocols.equals(ProtocolFilter.ALL);
    }

    public boolean keeps(String interfaceName) {
        return interfaces.isEmpty() || interfaces.contains(interfaceName);
    }
}
