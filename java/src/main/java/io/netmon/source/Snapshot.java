package io.netmon.source;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable sample of the node: what every handler reads. Interfaces are kept in the order
 * the kernel printed them (ifindex order in practice) and are reachable by name.
 *
 * @param sequence  1 for the first sample of a sampler, then +1 per sample
 * @param timestamp wall-clock time of the read, for people
 * @param monotonicNanos {@link System#nanoTime()} of the read, for rates
 */
public record Snapshot(
        long sequence,
        Instant timestamp,
        long monotonicNanos,
        Source source,
        List<InterfaceStats> interfaces,
        Map<String, InterfaceStats> byName) {

    public static Snapshot of(long sequence, Instant timestamp, long monotonicNanos, Source source,
            List<InterfaceStats> interfaces) {
        Map<String, InterfaceStats> byName = new LinkedHashMap<>();
        for (InterfaceStats stats : interfaces) {
            byName.put(stats.name(), stats);
        }
        return new Snapshot(sequence, timestamp, monotonicNanos, source, List.copyOf(interfaces),
                Collections.unmodifiableMap(byName));
    }

    public Optional<InterfaceStats> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
