package io.netmon.history;

import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.time.Instant;
import java.util.List;

/**
 * Everyone's rates at one sample: what {@code /network/stream} sends and {@code netmon top} draws.
 *
 * @param module the sample's module versions when the source is {@link Source#KMOD}, else null (as {@link Snapshot#module})
 */
public record RateSample(long sequence, Instant timestamp, Source source, Snapshot.ModuleInfo module,
        List<InterfaceRates> interfaces, List<ProtocolRates> protocols) {

    public RateSample {
        interfaces = List.copyOf(interfaces);
        protocols = List.copyOf(protocols);
    }
}
