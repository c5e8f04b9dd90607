package io.netmon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmon.Fixtures;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A /proc/net/dev longer than the service accepts is a failed read that names the bound, and the
 * reader's buffer never grows past it: nothing is allocated in proportion to the file.
 */
class BoundedReadTest {
    /** Writes a valid /proc/net/dev of {@code rows} interfaces named e0, e1, ... */
    static void writeDev(Path file, int rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(Fixtures.DEV_HEADER);
            for (int i = 0; i < rows; i++) {
                out.write(Fixtures.devRow("e" + i, i));
            }
        }
    }

    @Test
    void aMillionInterfacesAreRefusedWithoutGrowingTheBufferPastTheBound(@TempDir Path dir) throws IOException {
        Path dev = dir.resolve("dev");
        writeDev(dev, 1_000_000);
        NativeReader reader = NativeLibrary.load().newReader(Collector.DEFAULT_MAX_INTERFACES);
        assertThatThrownBy(() -> reader.readDev(dev))
                .isInstanceOf(ProcReadException.class)
                .hasMessage(dev + ": 1000000 interfaces listed, more than the 8192 accepted (--max-interfaces)");
        assertThat(reader.devCapacity()).isLessThanOrEqualTo(Collector.DEFAULT_MAX_INTERFACES);
    }

    @Test
    void theBoundItselfIsAcceptedAndOneMoreIsNot(@TempDir Path dir) throws IOException {
        Path dev = dir.resolve("dev");
        NativeReader reader = NativeLibrary.load().newReader(100);
        writeDev(dev, 100);
        assertThat(reader.readDev(dev)).hasSize(100).last().satisfies(last -> {
            assertThat(last.name()).isEqualTo("e99");
            assertThat(last.rxBytes()).isEqualTo(99);
        });
        writeDev(dev, 101);
        assertThatThrownBy(() -> reader.readDev(dev))
                .hasMessage(dev + ": 101 interfaces listed, more than the 100 accepted (--max-interfaces)");
        assertThat(reader.devCapacity()).isEqualTo(100);
    }

    @Test
    void theCollectorTurnsTheBoundIntoAFailedRead(@TempDir Path root) throws IOException {
        Fixtures.labNode(root);
        Collector collector = new Collector(ProcPaths.of(root), NativeLibrary.load(), Clock.systemUTC(), 3);
        assertThatThrownBy(collector::collect)
                .hasMessage(root.resolve("net/dev") + ": 4 interfaces listed, more than the 3 accepted (--max-interfaces)");
        assertThat(new Collector(ProcPaths.of(root), NativeLibrary.load(), Clock.systemUTC(), 4).collect().interfaces())
                .hasSize(4);
    }
}
