package io.netmon.http;

import io.netmon.metrics.Exposition;
import io.netmon.source.Sampler;
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

    private final NetworkHandler network;
    private final Exposition exposition;

    public MetricsHandler(Sampler sampler, Exposition exposition) {
        this.network = new NetworkHandler(sampler);
        this.exposition = exposition;
    }

    public void register(Router.Builder routes) {
        routes.get(PATH, this::metrics);
    }

    FullHttpResponse metrics(Request request) throws HttpError {
        request.query(Set.of());
        Exposition.Format format = exposition.negotiate(request.headers().get(HttpHeaderNames.ACCEPT));
        boolean gzip = Exposition.acceptsGzip(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        Exposition.Body body = exposition.body(format, gzip).orElse(null);
        if (body == null) {
            network.latest();
            throw HttpError.unavailable("no sample yet; the first is on its way");
        }
        FullHttpResponse response = Responses.of(HttpResponseStatus.OK, body.contentType(), Unpooled.wrappedBuffer(body.bytes()));
        response.headers().set(HttpHeaderNames.VARY, "Accept, Accept-Encoding");
        if (body.gzip()) {
            response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        return response;
    }
}
