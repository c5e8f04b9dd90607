package io.netmon.history;

import io.netmon.source.Counts;
import io.netmon.source.Family;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.time.Instant;
import java.util.List;

/** Synthetic snapshots for history tests: sample {@code n} is taken at T0 + n seconds. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final long T0_MS = T0.toEpochMilli();

    private Samples() {
    }

    /** An interface with only the four counters history keeps set. */
    static InterfaceStats iface(String name, long rxBytes, long rxPackets, long txBytes, long txPackets) {
        return InterfaceStats.of(name, rxBytes, rxPackets, 0, 0, 0, 0, 0, 0, txBytes, txPackets, 0, 0, 0, 0, 0, 0);
    }

    /** A namespace-wide protocol row; the counters in {@link Counts} order, like {@link #iface}'s. */
    static ProtocolStats all(Family family, int protocol, long rxBytes, long rxPackets, long txBytes, long txPackets) {
        return new ProtocolStats(ProtocolStats.ALL, family, protocol, new Counts(rxBytes, rxPackets, txBytes, txPackets));
    }

    static Snapshot at(long second, InterfaceStats... interfaces) {
        return Snapshot.of(second, T0.plusSeconds(second), second * 1_000_000_000L, Source.PROCFS, List.of(interfaces));
    }

    static Snapshot kmod(long second, List<InterfaceStats> interfaces, List<ProtocolStats> protocols) {
        return Snapshot.of(second, T0.plusSeconds(second), second * 1_000_000_000L, Source.KMOD, interfaces, protocols,
                new Snapshot.ModuleInfo(1, "0.1.0"));
    }
}
