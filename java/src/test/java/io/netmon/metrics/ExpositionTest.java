package io.netmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Exposition's bodies: a gzipped one is the plain one compressed, whichever is asked first, and made once per read. */
class ExpositionTest {
    /** The gzip streams the exposition opened, in order. */
    private final List<OutputStream> opened = new ArrayList<>();

    private Exposition exposition() {
        return new Exposition(out -> {
            try {
                OutputStream zip = new GZIPOutputStream(out);
                opened.add(zip);
                return zip;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, SnapshotMetricsTest.BUILD);
    }

    private static byte[] gunzip(byte[] zipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            return in.readAllBytes();
        }
    }

    @Test
    void gzipAskedFirstIsWrittenStraightIntoTheStreamAndUnzipsToThePlainBody() throws IOException {
        Exposition exposition = exposition();
        exposition.accept(SnapshotMetricsTest.good(SnapshotMetricsTest.kmod(), 1_000_000));
        for (Exposition.Format format : Exposition.Format.values()) {
            Exposition.Body zipped = exposition.body(format, true).orElseThrow();
            Exposition.Body plain = exposition.body(format, false).orElseThrow();
            assertThat(zipped.gzip()).isTrue();
            assertThat(plain.gzip()).isFalse();
            assertThat(zipped.contentType()).isEqualTo(plain.contentType());
            assertThat(zipped.sequence()).isEqualTo(plain.sequence()).isEqualTo(7);
            assertThat(new String(gunzip(zipped.bytes()), StandardCharsets.UTF_8))
                    .isEqualTo(new String(plain.bytes(), StandardCharsets.UTF_8))
                    .contains("netmon_interface_receive_bytes_total{device=\"eth0\"} 1000.0");
            assertThat(exposition.body(format, true).orElseThrow()).as("made once per read").isSameAs(zipped);
        }
        assertThat(opened).as("one gzip stream per format").hasSize(2);
    }

    @Test
    void gzipAskedAfterThePlainBodyCompressesThoseBytes() throws IOException {
        Exposition exposition = exposition();
        exposition.accept(SnapshotMetricsTest.good(SnapshotMetricsTest.kmod(), 1_000_000));
        Exposition.Body plain = exposition.body(Exposition.Format.OPENMETRICS_TEXT, false).orElseThrow();
        Exposition.Body zipped = exposition.body(Exposition.Format.OPENMETRICS_TEXT, true).orElseThrow();
        assertThat(gunzip(zipped.bytes())).isEqualTo(plain.bytes());
        assertThat(new String(plain.bytes(), StandardCharsets.UTF_8)).endsWith("# EOF\n");
        assertThat(opened).hasSize(1);
    }

    @Test
    void aNewReadGetsNewBodiesOfTheSameSizeWhenNothingChanged() throws IOException {
        Exposition exposition = exposition();
        exposition.accept(SnapshotMetricsTest.good(SnapshotMetricsTest.kmod(), 1_000_000));
        Exposition.Body first = exposition.body(Exposition.Format.PROMETHEUS_TEXT, true).orElseThrow();
        exposition.accept(SnapshotMetricsTest.good(SnapshotMetricsTest.kmod(), 1_000_000));
        Exposition.Body second = exposition.body(Exposition.Format.PROMETHEUS_TEXT, true).orElseThrow();
        assertThat(second).isNotSameAs(first);
        // the read counters moved (two reads now), the rest is the same snapshot
        assertThat(new String(gunzip(second.bytes()), StandardCharsets.UTF_8))
                .contains("netmon_sample_duration_seconds_count 2");
        assertThat(opened).hasSize(2);
    }
}
