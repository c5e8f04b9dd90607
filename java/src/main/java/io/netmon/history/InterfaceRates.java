package io.netmon.history;

/**
 * One interface's rates between the latest two samples, per second; {@code NaN} where there is no
 * rate (the interface is new, or its counters went back and a new segment starts here).
 */
public record InterfaceRates(String name, boolean segmentStart, Rates rates) {
}
