package io.netmon.http;

import io.netmon.source.PodStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.Sampler;
import io.netmon.view.NodeView;
import io.netmon.view.PodsJson;
import io.netmon.view.ViewException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Set;

/**
 * {@code /network/pods} and {@code /network/pods/{namespace}/{pod}}: each pod's own traffic, read from the
 * sampler's state once per request, checked in the order of /network (state, then the pods named, then the
 * protocols). Gzipped when the client takes it, as /network is.
 */
public final class PodsHandler {
    static final String PATH = "/network/pods";
    static final String PREFIX = PATH + "/";
    /** The filters of /network/pods (and of the stream's and history's pods). */
    static final Set<String> FILTERS = Query.accepting("namespace", "pod", "protocol", "family");
    /** /network/pods/{namespace}/{pod}: the pod is in the path. */
    private static final Set<String> ONE_POD = Query.accepting("protocol", "family");

    private final Sampler sampler;

    public PodsHandler(Sampler sampler) {
        this.sampler = sampler;
    }

    public void register(Router.Builder routes) {
        routes.get(PATH, this::pods);
        routes.getBelow(PREFIX, this::onePod);
    }

    FullHttpResponse pods(Request request) throws HttpError, ViewException {
        Query query = request.query(FILTERS);
        NodeView node = NodeView.of(sampler.state());
        List<PodStats> pods = node.pods(query.values("namespace"), query.values("pod"));
        ProtocolFilter filter = NetworkHandler.protocolFilter(query);
        return Responses.json(HttpResponseStatus.OK, json -> PodsJson.writePods(json, node, pods, filter),
                request.acceptsGzip());
    }

    FullHttpResponse onePod(Request request) throws HttpError, ViewException {
        String[] parts = request.path().substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw HttpError.notFound("no such path: " + request.path() + " (a pod is /network/pods/{namespace}/{pod})");
        }
        Query query = request.query(ONE_POD);
        NodeView node = NodeView.of(sampler.state());
        PodStats pod = node.pod(parts[0], parts[1]);
        ProtocolFilter filter = NetworkHandler.protocolFilter(query);
        return Responses.json(HttpResponseStatus.OK, json -> PodsJson.writePod(json, node, pod, filter),
                request.acceptsGzip());
    }
}
