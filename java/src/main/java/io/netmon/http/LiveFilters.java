package io.netmon.http;

import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.Snapshot;
import java.util.List;

/**
 * The {@code interface}, {@code protocol} and {@code family} parameters, checked the way {@code /network}
 * checks them.
 *
 * @param interfaces    the interfaces asked for, in the kernel's order; empty when none was named
 * @param allInterfaces no {@code interface} parameter: every interface
 */
record LiveFilters(List<String> interfaces, boolean allInterfaces, ProtocolFilter protocols) {
    static final LiveFilters ALL = new LiveFilters(List.of(), true, ProtocolFilter.ALL);

    /** The latest snapshot, or the error that there is none. */
    @FunctionalInterface
    interface Latest {
        Snapshot get() throws HttpError;
    }

    /**
     * Reads the filters of {@code query}: interfaces missing from the latest snapshot are a 404 (only
     * then is a snapshot needed), unknown protocols or families a 400.
     */
    static LiveFilters of(Query query, Latest latest) throws HttpError {
        List<String> names = query.values("interface");
        List<String> interfaces = names.isEmpty() ? List.of()
                : NetworkHandler.select(latest.get(), names).stream().map(InterfaceStats::name).toList();
        ProtocolFilter protocols = ProtocolSelection.parse(query.values("protocol"), query.values("family"));
        return new LiveFilters(interfaces, names.isEmpty(), protocols);
    }

    /** Whether nothing is filtered out. */
    boolean all() {
        return allInterfaces && protocols.equals(ProtocolFilter.ALL);
    }

    /** The interfaces of {@code snapshot} these filters keep, in its order. */
    List<String> interfacesOf(Snapshot snapshot) {
        return allInterfaces ? snapshot.interfaces().stream().map(InterfaceStats::name).toList() : interfaces;
    }
}
