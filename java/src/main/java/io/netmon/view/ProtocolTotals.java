package io.netmon.view;

import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.ProtocolStats;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One protocol summed over its rows: over families and the scope's interfaces, then per family.
 *
 * @param scope    what was summed: {@code all} or the interfaces as named ({@link Scope#label()})
 * @param families the sum of each family that has rows, in family order
 */
public record ProtocolTotals(int protocol, String scope, Counts total, SortedMap<Family, Counts> families) {

    public ProtocolTotals {
        families = Collections.unmodifiableSortedMap(new TreeMap<>(families));
    }

    /** The totals of {@code protocol} over {@code rows} (the rows of that protocol in {@code scope}). */
    public static ProtocolTotals of(int protocol, Scope scope, ProtocolRows rows) {
        SortedMap<Family, Counts> families = new TreeMap<>();
        for (ProtocolStats row : rows.rows()) {
            families.merge(row.family(), row.counts(), Counts::plus);
        }
        Counts total = Counts.ZERO;
        for (Counts family : families.values()) {
            total = total.plus(family);
        }
        return new ProtocolTotals(protocol, scope.label(), total, families);
    }
}
