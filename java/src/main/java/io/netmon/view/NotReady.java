package io.netmon.view;

import io.netmon.source.Sampler;
import java.util.Optional;

/**
 * "Latest or not ready": a {@link Sampler.State} without a snapshot, because the first sample is
 * still to come or because every read so far failed (then {@link #failure()} says why).
 */
public final class NotReady extends ViewException {
    private static final long serialVersionUID = 1L;
    private final String failure;

    private NotReady(String failure) {
        super(Kind.NOT_READY, reason(failure) + (failure == null ? "; the first is on its way" : ""));
        this.failure = failure;
    }

    /** Why {@code state} cannot be answered from, or empty when it has a snapshot. */
    public static Optional<NotReady> check(Sampler.State state) {
        return state.latest().isPresent() ? Optional.empty() : Optional.of(new NotReady(state.error()));
    }

    /** Not ready with nothing failed: the first sample (or its rendering) is on its way. */
    public static NotReady waiting() {
        return new NotReady(null);
    }

    /** Why the reads failed, when they did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** {@code no sample yet}, or {@code no sample yet: <why the reads failed>}. */
    public String reason() {
        return reason(failure);
    }

    private static String reason(String failure) {
        return failure == null ? "no sample yet" : "no sample yet: " + failure;
    }
}
