package io.netmon.history;

import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netmon.source.Source;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everyone's rates at one sampler state: what {@code /network/stream} sends and {@code netmon top}
 * draws. The state is the one the rates were taken at: its snapshot is the sample they end at, and
 * when a read failed after it, its error says why (the rates are the same as before the failure).
 * Immutable; a function of the state and the history before it, so it can be rendered once and kept.
 */
public record RateSample(Sampler.State state, List<InterfaceRates> interfaces, List<ProtocolRates> protocols,
        List<PodRates> pods) {

    public RateSample {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(state.snapshot(), "a rate sample's state has a snapshot");
        interfaces = List.copyOf(interfaces);
        protocols = List.copyOf(protocols);
        pods = List.copyOf(pods);
    }

    /** Rates of a node without pods. */
    public RateSample(Sampler.State state, List<InterfaceRates> interfaces, List<ProtocolRates> protocols) {
        this(state, interfaces, protocols, List.of());
    }

    /** The sample the rates end at. */
    public Snapshot snapshot() {
        return state.snapshot();
    }

    public long sequence() {
        return snapshot().sequence();
    }

    public Instant timestamp() {
        return snapshot().timestamp();
    }

    public Source source() {
        return snapshot().source();
    }

    /** The sample's module versions when the source is {@link Source#KMOD}, else null (as {@link Snapshot#module}). */
    public Snapshot.ModuleInfo module() {
        return snapshot().module();
    }

    /** Why the read after the sample failed, when it did. */
    public Optional<String> failure() {
        return state.failure();
    }

    /** The same rates at a later state of the same sample (a read failed after it). */
    RateSample at(Sampler.State later) {
        return new RateSample(later, interfaces, protocols, pods);
    }
}
