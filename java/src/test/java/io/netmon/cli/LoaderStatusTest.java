package io.netmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --loader-status FILE}: the loader's one line becomes the note, and a missing line is said. */
class LoaderStatusTest {
    @TempDir
    Path dir;

    @Test
    void noFileNoNote() {
        assertThat(LoaderStatus.note(null)).isEmpty();
    }

    @Test
    void theFirstLineOfTheStatusIsTheNote() throws Exception {
        Path file = Files.writeString(dir.resolve("loader-status"),
                "fallback: building netmon.ko for kernel 6.12.33-lab failed (the whole log: /var/lib/netmon/6.12.33-lab/build.log)\n");
        assertThat(LoaderStatus.note(file)).contains("the module loader said: fallback: building netmon.ko for kernel "
                + "6.12.33-lab failed (the whole log: /var/lib/netmon/6.12.33-lab/build.log)");
    }

    @Test
    void anEmptyStatusIsSaidAsEmpty() throws Exception {
        Path file = Files.writeString(dir.resolve("loader-status"), "\n");
        assertThat(LoaderStatus.note(file)).contains("the module loader said: nothing (" + file + " is empty)");
    }

    @Test
    void aMissingStatusIsSaidWithTheFileItLookedFor() {
        Path file = dir.resolve("never-written");
        assertThat(LoaderStatus.note(file)).contains("the module loader left no status in " + file + " (NoSuchFileException)");
    }
}
