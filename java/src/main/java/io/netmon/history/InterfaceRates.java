package io.netmon.history;

import io.netmon.source.Counts;

/**
 * One interface at the latest sample: its rates since the sample before, per second ({@code NaN}
 * where there is no rate: the interface is new, or its counters went back and a new segment starts
 * here), and its counters as the sample read them (not wrap-adjusted: {@code /network}'s values).
 */
public record InterfaceRates(String name, boolean segmentStart, Rates rates, Counts counts) {
}
