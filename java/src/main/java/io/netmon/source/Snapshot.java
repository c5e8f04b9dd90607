package io.netmon.source;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable sample of the node: what every handler reads. Interfaces are kept in the order
 * the kernel printed them (ifindex order in practice) and are reachable by name.
 *
 * @param sequence  1 for the first sample of a sampler, then +1 per sample
 * @param timestamp wall-clock time of the read, for people
 * @param monotonicNanos {@link System#nanoTime()} of the read, for rates
 * @param protocols per-protocol rows: namespace-wide ({@link ProtocolStats#ALL}) and, from the
 *                  module, per interface; from procfs, host-level packets only
 * @param module    the module's versions when the source is {@link Source#KMOD}, else null
 * @param pods      the node's pods, read in the same sample ({@link Pods#OFF} when they are not looked for)
 */
public record Snapshot(
        long sequence,
        Instant timestamp,
        long monotonicNanos,
        Source source,
        List<InterfaceStats> interfaces,
        Map<String, InterfaceStats> byName,
        List<ProtocolStats> protocols,
        ModuleInfo module,
        Pods pods) {

    /**
     * The first line of /proc/net/netmon.
     *
     * @param netnsInode the inode number of the file's network namespace (format 2, an unsigned
     *                   32-bit value in the kernel); 0 in format 1, which does not say
     */
    public record ModuleInfo(int formatVersion, String moduleVersion, long netnsInode) {
        /** A format 1 header, which names no namespace. */
        public ModuleInfo(int formatVersion, String moduleVersion) {
            this(formatVersion, moduleVersion, 0);
        }
    }

    public static Snapshot of(long sequence, Instant timestamp, long monotonicNanos, Source source,
            List<InterfaceStats> interfaces) {
        return of(sequence, timestamp, monotonicNanos, source, interfaces, List.of(), null);
    }

    public static Snapshot of(long sequence, Instant timestamp, long monotonicNanos, Source source,
            List<InterfaceStats> interfaces, List<ProtocolStats> protocols, ModuleInfo module) {
        Map<String, InterfaceStats> byName = new LinkedHashMap<>();
        for (InterfaceStats stats : interfaces) {
            byName.put(stats.name(), stats);
        }
        return new Snapshot(sequence, timestamp, monotonicNanos, source, List.copyOf(interfaces),
                Collections.unmodifiableMap(byName), List.copyOf(protocols), module, Pods.OFF);
    }

    /** This sample with {@code pods}: what the collector adds once it has read them. */
    public Snapshot withPods(Pods pods) {
        return new Snapshot(sequence, timestamp, monotonicNanos, source, interfaces, byName, protocols, module,
                Objects.requireNonNull(pods, "pods"));
    }

    public Optional<InterfaceStats> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
