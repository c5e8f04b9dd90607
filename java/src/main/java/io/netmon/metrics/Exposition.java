package io.netmon.metrics;

import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The latest sample in Prometheus' formats, rendered at most once per sample and format: a scrape
 * between two samples is handed the same bytes. Fed by the sampler ({@code sampler.addListener}); a
 * format is rendered by the first request that wants it after each sample. A failed read changes
 * nothing here: the figures are the sample's before it.
 */
public final class Exposition implements Consumer<Sampler.State> {
    /** The two text formats, each plain or gzipped. */
    public enum Format {
        PROMETHEUS_TEXT, OPENMETRICS_TEXT;
    }

    /** A rendered body and what to call it in the response headers. */
    public record Body(byte[] bytes, String contentType, boolean gzip, long sequence) {
    }

    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final UnaryOperator<byte[]> compressor;
    private final PodMetrics.Options pods;
    private volatile Rendering current;

    /** @param compressor how a body is gzipped: the HTTP layer's content coding */
    public Exposition(UnaryOperator<byte[]> compressor) {
        this(compressor, PodMetrics.Options.DEFAULTS);
    }

    /** @param pods which pods get series, and how many */
    public Exposition(UnaryOperator<byte[]> compressor, PodMetrics.Options pods) {
        this.compressor = Objects.requireNonNull(compressor, "compressor");
        this.pods = Objects.requireNonNull(pods, "pods");
    }

    @Override
    public void accept(Sampler.State state) {
        Rendering rendering = current;
        if (rendering == null || rendering.snapshot != state.snapshot()) {
            current = new Rendering(state.snapshot());
        }
    }

    /** The format an {@code Accept} header asks for: OpenMetrics when it names it, else the Prometheus text format. */
    public Format negotiate(String accept) {
        return accept != null && openMetrics.accepts(accept) ? Format.OPENMETRICS_TEXT : Format.PROMETHEUS_TEXT;
    }

    /** The latest sample's body in {@code format}, or empty before the first sample. */
    public Optional<Body> body(Format format, boolean gzip) {
        Rendering rendering = current;
        return rendering == null ? Optional.empty() : Optional.of(rendering.body(format, gzip));
    }

    /** One sample's renderings, filled on demand. */
    private final class Rendering {
        private final Snapshot snapshot;
        private MetricSnapshots metrics;
        private final Body[] bodies = new Body[Format.values().length * 2];

        Rendering(Snapshot snapshot) {
            this.snapshot = snapshot;
        }

        synchronized Body body(Format format, boolean gzip) {
            int slot = format.ordinal() * 2 + (gzip ? 1 : 0);
            if (bodies[slot] == null) {
                ExpositionFormatWriter writer = format == Format.OPENMETRICS_TEXT ? openMetrics : text;
                if (gzip) {
                    byte[] plain = body(format, false).bytes();
                    bodies[slot] = new Body(compressor.apply(plain), writer.getContentType(), true, snapshot.sequence());
                } else {
                    if (metrics == null) {
                        metrics = SnapshotMetrics.of(snapshot, pods);
                    }
                    bodies[slot] = new Body(render(writer, metrics), writer.getContentType(), false, snapshot.sequence());
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
