package io.netmon.view;

import io.netmon.source.ProtocolFilter;
import java.util.List;
import java.util.Set;

/**
 * What a live answer keeps of every sample ({@code /network/stream}): the interfaces (empty: all),
 * the protocol rows, and the pods by namespace and by name (empty: all). Unlike a {@link Scope}, it
 * outlives the snapshot it was checked against: a pod that appears later in a namespace kept is kept.
 */
public record Selection(Set<String> interfaces, ProtocolFilter protocols, Set<String> podNamespaces,
        Set<String> podNames) {
    public static final Selection ALL = new Selection(Set.of(), ProtocolFilter.ALL);

    public Selection {
        interfaces = Set.copyOf(interfaces);
        podNamespaces = Set.copyOf(podNamespaces);
        podNames = Set.copyOf(podNames);
    }

    /** Interfaces and protocols; every pod. */
    public Selection(Set<String> interfaces, ProtocolFilter protocols) {
        this(interfaces, protocols, Set.of(), Set.of());
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
        return interfaces.isEmpty() && protocols.equals(ProtocolFilter.ALL) && podNamespaces.isEmpty() && podNames.isEmpty();
    }

    /** Whether the pod {@code name} of {@code namespace} is kept (a pod without a name only when no pod filter is given). */
    public boolean keepsPod(String namespace, String name) {
        if (namespace == null || name == null) {
            return podNamespaces.isEmpty() && podNames.isEmpty();
        }
        return (podNamespaces.isEmpty() || podNamespaces.contains(namespace)) && (podNames.isEmpty() || podNames.contains(name));
    }

    public boolean keeps(String interfaceName) {
        return interfaces.isEmpty() || interfaces.contains(interfaceName);
    }
}
