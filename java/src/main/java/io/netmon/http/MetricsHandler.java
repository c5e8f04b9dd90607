package io.netmon.http;

import io.netmon.metrics.Exposition;
import io.netmon.source.Sampler;
import io.netmon.view.NotReady;
import io.netmon.view.ViewException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;

/**
 * {@code GET /metrics}: the latest sample in the Prometheus text format, OpenMetrics when the
 * {@code Accept} header asks for it, gzipped when {@code Accept-Encoding} allows. The bytes are
 * rendered once per sample and format by {@link Exposition}; a scrape only wraps them.
 */
public final class MetricsHandler {
    static final String PATH = "/metrics";

    private final Sampler sampler;
    private final Exposition exposition;

    public MetricsHandler(Sampler sampler, Exposition exposition) {
        this.sampler = sampler;
        this.exposition = exposition;
    }

    public void register(Router.Builder routes) {
        routes.get(PATH, this::metrics);
    }

    FullHttpResponse metrics(Request request) throws HttpError, ViewException {
        request.query(Set.of());
        Exposition.Format format = exposition.negotiate(request.headers().get(HttpHeaderNames.ACCEPT));
        boolean gzip = Gzip.accepted(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        // No body before the exposition has had a sample: not ready, as /network says (or waiting,
        // in the moment between the sampler publishing a sample and the exposition taking it).
        Exposition.Body body = exposition.body(format, gzip)
                .orElseThrow(() -> NotReady.check(sampler.state()).orElseGet(NotReady::waiting));
        FullHttpResponse response = Responses.of(HttpResponseStatus.OK, body.contentType(), Unpooled.wrappedBuffer(body.bytes()));
        response.headers().set(HttpHeaderNames.VARY, "Accept, Accept-Encoding");
        if (body.gzip()) {
            response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        return response;
    }
}
