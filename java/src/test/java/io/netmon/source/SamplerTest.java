package io.netmon.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sampler's listeners are handed: each new state with a snapshot, and nothing else. */
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
}
