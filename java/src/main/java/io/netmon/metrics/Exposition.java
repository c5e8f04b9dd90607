package io.netmon.metrics;

import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The latest read in Prometheus' formats, rendered at most once per read and format: a scrape
 * between two reads is handed the same bytes. Fed by the sampler after every read, good or failed
 * ({@code sampler.addReadListener}); a format is rendered by the first request that wants it after
 * each read. A body has the build, the reads' duration and failures, and the latest good
 * snapshot's families, the node's then its pods', when there is one (reads that fail from the start
 * give the first three only).
 *
 * <p>A gzipped body is written straight into the gzip stream, never as the plain text first unless
 * that is there already: a Prometheus scrape asks for gzip, and at 4000 interfaces the plain text is
 * 4.5 MB (docs/BENCHMARKS.md, "Changes since the run before, each measured side by side").
 */
public final class Exposition implements Consumer<Sampler.Read> {
    /** The two text formats, each plain or gzipped. */
    public enum Format {
        PROMETHEUS_TEXT, OPENMETRICS_TEXT;
    }

    /**
     * A rendered body and what to call it in the response headers.
     *
     * @param sequence the sequence of the snapshot it shows, 0 when no read has succeeded yet
     */
    public record Body(byte[] bytes, String contentType, boolean gzip, long sequence) {
    }

    /** The smallest buffer a body is written into. */
    private static final int MIN_BUFFER = 4096;

    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final UnaryOperator<OutputStream> compressor;
    private final BuildInfo build;
    private final PodMetrics.Options pods;
    /** Written by the sampler's thread alone, in {@link #accept}. */
    private ReadStats reads = ReadStats.NONE;
    private volatile Rendering current;
    /** Each body's size in the latest rendering that made it: the next one's first guess. */
    private final AtomicIntegerArray sizes = new AtomicIntegerArray(Format.values().length * 2);

    /**
     * @param compressor how a body is gzipped: the HTTP layer's content coding, a stream that writes
     *     its compressed input into the stream it is given, and finishes when closed
     */
    public Exposition(UnaryOperator<OutputStream> compressor) {
        this(compressor, BuildInfo.current());
    }

    /** @param build what {@code netmon_build_info} says */
    public Exposition(UnaryOperator<OutputStream> compressor, BuildInfo build) {
        this(compressor, build, PodMetrics.Options.DEFAULTS);
    }

    /** @param pods which pods get series, and how many ({@link PodMetrics}) */
    public Exposition(UnaryOperator<OutputStream> compressor, BuildInfo build, PodMetrics.Options pods) {
        this.compressor = Objects.requireNonNull(compressor, "compressor");
        this.build = Objects.requireNonNull(build, "build");
        this.pods = Objects.requireNonNull(pods, "pods");
    }

    @Override
    public void accept(Sampler.Read read) {
        reads = reads.plus(read.nanos(), read.failed());
        current = new Rendering(read.state().snapshot(), reads);
    }

    /** The format an {@code Accept} header asks for: OpenMetrics when it names it, else the Prometheus text format. */
    public Format negotiate(String accept) {
        return accept != null && openMetrics.accepts(accept) ? Format.OPENMETRICS_TEXT : Format.PROMETHEUS_TEXT;
    }

    /** The latest read's body in {@code format}, or empty before the first read. */
    public Optional<Body> body(Format format, boolean gzip) {
        Rendering rendering = current;
        return rendering == null ? Optional.empty() : Optional.of(rendering.body(format, gzip));
    }

    /** One read's renderings, filled on demand. */
    private final class Rendering {
        private final Snapshot snapshot;
        private final ReadStats reads;
        private MetricSnapshots metrics;
        private final Body[] bodies = new Body[Format.values().length * 2];

        /** @param snapshot the latest good sample, or null when every read so far has failed */
        Rendering(Snapshot snapshot, ReadStats reads) {
            this.snapshot = snapshot;
            this.reads = reads;
        }

        long sequence() {
            return snapshot == null ? 0 : snapshot.sequence();
        }

        MetricSnapshots metrics() {
            List<MetricSnapshot> families = new ArrayList<>();
            families.add(build.family());
            families.addAll(reads.families());
            if (snapshot != null) {
                families.addAll(SnapshotMetrics.of(snapshot));
                families.addAll(PodMetrics.of(snapshot, pods));
            }
            return new MetricSnapshots(families);
        }

        synchronized Body body(Format format, boolean gzip) {
            int slot = format.ordinal() * 2 + (gzip ? 1 : 0);
            if (bodies[slot] == null) {
                ExpositionFormatWriter writer = format == Format.OPENMETRICS_TEXT ? openMetrics : text;
                Body plain = bodies[slot & ~1];
                byte[] bytes;
                if (gzip && plain != null) {
                    bytes = encode(true, sizes.get(slot), out -> out.write(plain.bytes()));
                } else {
                    if (metrics == null) {
                        metrics = metrics();
                    }
                    bytes = encode(gzip, sizes.get(slot), out -> writer.write(out, metrics));
                }
                sizes.set(slot, bytes.length);
                bodies[slot] = new Body(bytes, writer.getContentType(), gzip, sequence());
            }
            return bodies[slot];
        }

        /**
         * The bytes {@code body} writes, gzipped when {@code gzip}, into a buffer of {@code expected}
         * bytes (the size of the body the previous read gave) and a little room to grow.
         */
        private byte[] encode(boolean gzip, int expected, BodyWriter body) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(MIN_BUFFER, expected + expected / 16));
            try (OutputStream out = gzip ? compressor.apply(bytes) : bytes) {
                body.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("rendering metrics to memory failed", e);
            }
            return bytes.toByteArray();
        }
    }

    /** Writes a body into a stream. */
    @FunctionalInterface
    private interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
