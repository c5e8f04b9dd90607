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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The latest read in Prometheus' formats, rendered at most once per read and format: a scrape
 * between two reads is handed the same bytes. Fed by the sampler after every read, good or failed
 * ({@code sampler.addReadListener}); a format is rendered by the first request that wants it after
 * each read. A body has the build, the reads' duration and failures, and the latest good
 * snapshot's families, the node's then its pods', when there is one (reads that fail from the start
 * give the first three only).
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

    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final UnaryOperator<byte[]> compressor;
    private final BuildInfo build;
    private final PodMetrics.Options pods;
    /** Written by the sampler's thread alone, in {@link #accept}. */
    private ReadStats reads = ReadStats.NONE;
    private volatile Rendering current;

    /** @param compressor how a body is gzipped: the HTTP layer's content coding */
    public Exposition(UnaryOperator<byte[]> compressor) {
        this(compressor, BuildInfo.current());
    }

    /** @param build what {@code netmon_build_info} says */
    public Exposition(UnaryOperator<byte[]> compressor, BuildInfo build) {
        this(compressor, build, PodMetrics.Options.DEFAULTS);
    }

    /** @param pods which pods get series, and how many ({@link PodMetrics}) */
    public Exposition(UnaryOperator<byte[]> compressor, BuildInfo build, PodMetrics.Options pods) {
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
                if (gzip) {
                    byte[] plain = body(format, false).bytes();
                    bodies[slot] = new Body(compressor.apply(plain), writer.getContentType(), true, sequence());
                } else {
                    if (metrics == null) {
                        metrics = metrics();
                    }
                    bodies[slot] = new Body(render(writer, metrics), writer.getContentType(), false, sequence());
                }
            }
            return bodies[slot];
        }
    }

    private static byte[] render(ExpositionFormatWriter writer, MetricSnapshots metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(out, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering metrics to memory failed", e);
        }
        return out.toByteArray();
    }
}
