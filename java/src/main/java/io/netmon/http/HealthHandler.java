package io.netmon.http;

import io.netmon.source.Sampler;
import io.netmon.view.NodeView;
import io.netmon.view.NotReady;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;

/** {@code /healthz}: the process answers. {@code /readyz}: a first sample exists, so /network can answer. */
public final class HealthHandler {
    private final Sampler sampler;

    public HealthHandler(Sampler sampler) {
        this.sampler = sampler;
    }

    public void register(Router.Builder routes) {
        routes.get("/healthz", this::healthz);
        routes.get("/readyz", this::readyz);
    }

    FullHttpResponse healthz(Request request) throws HttpError {
        request.query(Set.of());
        return status("ok", null);
    }

    FullHttpResponse readyz(Request request) throws HttpError {
        request.query(Set.of());
        NodeView node;
        try {
            node = NodeView.of(sampler.state());
        } catch (NotReady e) {
            throw HttpError.unavailable("not ready: " + e.reason());
        }
        return status("ready", node.snapshot().sequence());
    }

    private static FullHttpResponse status(String status, Long sequence) {
        return Responses.json(HttpResponseStatus.OK, json -> {
            json.writeStartObject();
            json.writeStringField("status", status);
            if (sequence != null) {
                json.writeNumberField("samples", sequence);
            }
            json.writeEndObject();
        });
    }
}
