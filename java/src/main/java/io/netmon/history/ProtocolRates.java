package io.netmon.history;

import io.netmon.source.Family;

/**
 * One (family, protocol)'s host-wide rates between the latest two samples, per second; {@code NaN}
 * where there is no rate, and for bytes when the source counts packets only.
 */
public record ProtocolRates(Family family, int protocol, boolean segmentStart, Rates rates) {
}
