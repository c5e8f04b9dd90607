package io.netmon.source;

import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

    /**
     * A sample no kernel prints: an interface name twice (names are unique in a namespace), or the same
     * (interface, family, protocol) row twice. Every answer would have to pick one of the two, and the
     * Prometheus exposition cannot hold both, so such a read is refused as a whole.
     */
    public static final class Duplicate extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final boolean protocolRow;

        private Duplicate(String message, boolean protocolRow) {
            super(message);
            this.protocolRow = protocolRow;
        }

        /** True for a protocol row listed twice, false for an interface. */
        public boolean protocolRow() {
            return protocolRow;
        }
    }

    /**
     * What makes a protocol row one of a kind. Its equals and hashCode are written out: a record's
     * generated ones are linked through method handles on first use, which costs the first sample
     * (and so start-up) several milliseconds of classes spun at run time.
     */
    private record RowKey(String ifname, Family family, int protocol) {
        @Override
        public boolean equals(Object other) {
            return other instanceof RowKey key && key.protocol == protocol && key.family == family
                    && Objects.equals(key.ifname, ifname);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(ifname) * 31 + Objects.hashCode(family)) * 31 + protocol;
        }
    }

    /** @throws Duplicate when an interface or a protocol row is listed twice */
    public Snapshot {
        interfaces = List.copyOf(interfaces);
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(pods, "pods");
        if (byName.size() != interfaces.size()) {
            throw new IllegalArgumentException("byName indexes " + byName.size() + " names for " + interfaces.size()
                    + " interfaces");
        }
        Set<RowKey> rows = new HashSet<>();
        for (ProtocolStats row : protocols) {
            if (!rows.add(new RowKey(row.ifname(), row.family(), row.protocol()))) {
                throw new Duplicate((row.namespaceWide() ? "the namespace-wide row" : "the row of interface " + row.ifname())
                        + ", family " + row.family().label() + ", protocol " + Protocols.name(row.protocol())
                        + " is listed twice", true);
            }
        }
    }

    public static Snapshot of(long sequence, Instant timestamp, long monotonicNanos, Source source,
            List<InterfaceStats> interfaces) {
        return of(sequence, timestamp, monotonicNanos, source, interfaces, List.of(), null);
    }

    public static Snapshot of(long sequence, Instant timestamp, long monotonicNanos, Source source,
            List<InterfaceStats> interfaces, List<ProtocolStats> protocols, ModuleInfo module) {
        Map<String, InterfaceStats> byName = new LinkedHashMap<>();
        for (int row = 0; row < interfaces.size(); row++) {
            InterfaceStats stats = interfaces.get(row);
            InterfaceStats first = byName.putIfAbsent(stats.name(), stats);
            if (first != null) {
                throw new Duplicate("interface '" + stats.name() + "' is listed twice, on rows "
                        + (interfaces.indexOf(first) + 1) + " and " + (row + 1), false);
            }
        }
        return new Snapshot(sequence, timestamp, monotonicNanos, source, interfaces,
                Collections.unmodifiableMap(byName), protocols, module, Pods.OFF);
    }

    /** This sample with {@code pods}: what the collector adds once it has read them. */
    public Snapshot withPods(Pods pods) {
        return new Snapshot(sequence, timestamp, monotonicNanos, source, interfaces, byName, protocols, module, pods);
    }

    public Optional<InterfaceStats> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
