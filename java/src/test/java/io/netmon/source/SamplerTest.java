package io.netmon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmon.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sampler hands on: each new state with a snapshot, once, to its listeners; a failed read as
 * the state's note; an {@link Error} ends the sampling and is handed to its hook.
 */
class SamplerTest {
    private static final String BROKEN_DEV = "Inter-|\n face |\n    lo: 1 2 3\n";

    @Test
    void listenersGetEachNewStateWithASnapshotOnce(@TempDir Path root) throws Exception {
        Fixtures.labNode(root);
        Path dev = root.resolve("net/dev");
        String good = Files.readString(dev);
        Files.writeString(dev, BROKEN_DEV);
        List<Sampler.State> seen = new ArrayList<>();
        try (Sampler sampler = new Sampler(new Collector(ProcPaths.of(root), NativeLibrary.load(), Clock.systemUTC()),
                Duration.ofHours(1))) {
            sampler.addListener(seen::add);

            sampler.sampleOnce();
            assertThat(sampler.state().snapshot()).isNull();
            assertThat(sampler.state().failure()).isPresent();
            assertThat(seen).as("a failure before the first snapshot").isEmpty();

            Files.writeString(dev, good);
            sampler.sampleOnce();
            assertThat(seen).hasSize(1);
            Sampler.State first = seen.get(0);
            assertThat(first).isSameAs(sampler.state());
            assertThat(first.snapshot().sequence()).isEqualTo(1);
            assertThat(first.failure()).isEmpty();

            Files.writeString(dev, BROKEN_DEV);
            sampler.sampleOnce();
            assertThat(seen).hasSize(2);
            Sampler.State failed = seen.get(1);
            assertThat(failed).isSameAs(sampler.state());
            assertThat(failed.snapshot()).as("the sample before the failed read").isSameAs(first.snapshot());
            assertThat(failed.failure()).hasValueSatisfying(why -> assertThat(why).contains("net/dev"));

            sampler.sampleOnce();
            assertThat(seen).as("the same failure again changes nothing").hasSize(2);
            assertThat(sampler.state()).isSameAs(failed);

            Files.writeString(dev, good);
            sampler.sampleOnce();
            assertThat(seen).hasSize(3);
            assertThat(seen.get(2).snapshot().sequence()).isEqualTo(2);
            assertThat(seen.get(2).failure()).isEmpty();
        }
    }

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
