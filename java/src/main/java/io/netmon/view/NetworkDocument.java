package io.netmon.view;

import io.netmon.source.ProtocolFilter;
import io.netmon.source.Sampler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The unfiltered {@code /network} document, rendered once per {@link Sampler.State} object and
 * shared: the answer depends on the state alone (its snapshot and its failure note), so every
 * request that asks for it between two states is handed the same bytes, plain or gzipped (each made
 * on the first request that wants it). Like {@code metrics.Exposition}, it is handed the HTTP layer's
 * gzip function and knows nothing of HTTP.
 */
public final class NetworkDocument {
    private final UnaryOperator<byte[]> compressor;
    private final Optional<String> moduleNote;
    private Rendering current;

    /** @param compressor how a body is gzipped: the HTTP layer's content coding */
    public NetworkDocument(UnaryOperator<byte[]> compressor) {
        this(compressor, Optional.empty());
    }

    /**
     * @param compressor how a body is gzipped: the HTTP layer's content coding
     * @param moduleNote why netmon.ko is not loaded, among the notes while the source is not the module
     */
    public NetworkDocument(UnaryOperator<byte[]> compressor, Optional<String> moduleNote) {
        this.compressor = Objects.requireNonNull(compressor, "compressor");
        this.moduleNote = Objects.requireNonNull(moduleNote, "moduleNote");
    }

    /**
     * The document of {@code state} as {@code GET /network} answers it (the JSON and its newline),
     * gzipped when {@code gzip}; {@link NotReady} when the state has no snapshot.
     */
    public byte[] bytes(Sampler.State state, boolean gzip) throws NotReady {
        return rendering(state).bytes(gzip);
    }

    private synchronized Rendering rendering(Sampler.State state) throws NotReady {
        if (current == null || current.state != state) {
            current = new Rendering(state, NodeView.of(state).withModuleNote(moduleNote));
        }
        return current;
    }

    /** Renders {@code GET /network}'s document of {@code node}: every interface, every protocol row, a newline after. */
    private static byte[] render(NodeView node) {
        Scope all = node.all();
        ProtocolRows rows = node.protocols(all, ProtocolFilter.ALL);
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + 400 * all.interfaces().size());
        try {
            Json.write(out, json -> NetworkJson.writeNetwork(json, node, all, rows));
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** One state's two bodies, each made once. */
    private final class Rendering {
        final Sampler.State state;
        private final NodeView node;
        private byte[] plain;
        private byte[] gzipped;

        Rendering(Sampler.State state, NodeView node) {
            this.state = state;
            this.node = node;
        }

        synchronized byte[] bytes(boolean gzip) {
            if (plain == null) {
                plain = render(node);
            }
            if (gzip && gzipped == null) {
                gzipped = compressor.apply(plain);
            }
            return gzip ? gzipped : plain;
        }
    }
}
