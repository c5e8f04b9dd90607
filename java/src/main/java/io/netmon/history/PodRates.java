package io.netmon.history;

import io.netmon.source.Counts;
import java.util.List;
import java.util.Objects;

/**
 * One pod at the latest sample: its traffic's rates since the sample before (its interfaces summed, lo
 * left out; {@code NaN} where there is no rate: the pod is new, or its counters went back), those counters
 * as the sample read them, and the rates of its own namespace-wide protocol rows that moved since the
 * sample before (none at a segment start; bytes {@code NaN} when the source counts packets only).
 *
 * @param namespace null when the pod's name is not known, as {@code name}
 */
public record PodRates(String uid, String namespace, String name, boolean segmentStart, Rates rates, Counts counts,
        List<ProtocolRates> protocols) {

    public PodRates {
        Objects.requireNonNull(uid, "uid");
        protocols = List.copyOf(protocols);
    }
}
