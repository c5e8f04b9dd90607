package io.netmon.view;

import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import java.util.List;

/**
 * The interfaces an answer is about, checked against one snapshot by {@link NodeView#scope}: every
 * interface, or the ones a question named, each of which the snapshot has.
 */
public final class Scope {
    private final List<String> named;
    private final List<InterfaceStats> interfaces;

    Scope(List<String> named, List<InterfaceStats> interfaces) {
        this.named = List.copyOf(named);
        this.interfaces = List.copyOf(interfaces);
    }

    /** Whether no interface was named: the scope is every interface. */
    public boolean all() {
        return named.isEmpty();
    }

    /** The names as the question gave them, in its order (per-interface protocol rows follow it); empty for all. */
    public List<String> named() {
        return named;
    }

    /** The interfaces in the snapshot's (the kernel's) order. */
    public List<InterfaceStats> interfaces() {
        return interfaces;
    }

    /** The interfaces' names in the snapshot's order. */
    public List<String> names() {
        return interfaces.stream().map(InterfaceStats::name).toList();
    }

    /** {@code all}, or the names as given joined by commas: what a sum over the scope is a sum of. */
    public String label() {
        return all() ? ProtocolStats.ALL : String.join(",", named);
    }
}
