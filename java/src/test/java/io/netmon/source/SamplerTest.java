package io.netmon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmon.Fixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sampler does with failures: a failed read is a note, an {@link Error} ends the sampling and is handed on. */
class SamplerTest {
    private static Collector labNode(Path root) throws Exception {
        Fixtures.labNode(root);
        return new Collector(ProcPaths.of(root), NativeLibrary.load(), Clock.systemUTC());
    }

    @Test
    void anErrorStopsTheSamplingAndReachesTheHookInsteadOfBeingSwallowed(@TempDir Path root) throws Exception {
        AtomicInteger samples = new AtomicInteger();
        CompletableFuture<Error> fatal = new CompletableFuture<>();
        try (Sampler sampler = new Sampler(labNode(root), Duration.ofMillis(10), snapshot -> {
            if (samples.incrementAndGet() == 2) {
                throw new StackOverflowError("deep");
            }
            return snapshot;
        }, fatal::complete)) {
            sampler.start();
            assertThat(fatal.get(20, TimeUnit.SECONDS)).isInstanceOf(StackOverflowError.class).hasMessage("deep");
            assertThat(sampler.state().snapshot().sequence()).isEqualTo(1);
            assertThat(sampler.state().error()).isNull();
        }
        assertThat(samples.get()).as("no sample after the error").isEqualTo(2);
    }

    @Test
    void sampleOnceLetsAnErrorThroughAndKeepsFailedReadsAsNotes(@TempDir Path root) throws Exception {
        Collector collector = labNode(root);
        try (Sampler sampler = new Sampler(collector, Duration.ofHours(1), snapshot -> {
            throw new LinkageError("a class went missing");
        }, error -> { })) {
            assertThatThrownBy(sampler::sampleOnce).isInstanceOf(LinkageError.class);
        }
        try (Sampler sampler = new Sampler(collector, Duration.ofHours(1), snapshot -> {
            throw new IllegalStateException("a bug of ours");
        }, error -> { })) {
            sampler.sampleOnce();
            assertThat(sampler.state().error()).isEqualTo("a bug of ours");
        }
    }
}
