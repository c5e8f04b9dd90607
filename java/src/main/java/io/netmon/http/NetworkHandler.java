package io.netmon.http;

import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.Protocols;
import io.netmon.source.Sampler;
import io.netmon.view.NetworkDocument;
import io.netmon.view.NetworkJson;
import io.netmon.view.NodeView;
import io.netmon.view.ProtocolRows;
import io.netmon.view.ProtocolTotals;
import io.netmon.view.Scope;
import io.netmon.view.Selection;
import io.netmon.view.ViewException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /network}, {@code /network/interfaces/{name}}, {@code /network/protocols} and
 * {@code /network/protocols/{name}}: each reads the sampler's state once and answers from that view.
 */
public final class NetworkHandler {
    static final String INTERFACES_PREFIX = "/network/interfaces/";
    static final String PROTOCOLS_PREFIX = "/network/protocols/";
    /** The filters /network and everything built on it accept. */
    static final Set<String> FILTERS = Query.accepting("interface", "protocol", "family");
    /** /network/protocols/{name}: the protocol is in the path. */
    private static final Set<String> ONE_PROTOCOL = Query.accepting("interface", "family");

    private final Sampler sampler;
    private final Optional<String> moduleNote;
    private final NetworkDocument document;

    public NetworkHandler(Sampler sampler) {
        this(sampler, Optional.empty());
    }

    /** {@code moduleNote}: why netmon.ko is not loaded (the loader's outcome), added to the notes while on procfs. */
    public NetworkHandler(Sampler sampler, Optional<String> moduleNote) {
        this.sampler = sampler;
        this.moduleNote = moduleNote;
        this.document = new NetworkDocument(Gzip::compress, moduleNote);
    }

    public void register(Router.Builder routes) {
        routes.get("/network", this::network);
        routes.getBelow(INTERFACES_PREFIX, this::oneInterface);
        routes.get("/network/protocols", this::protocols);
        routes.getBelow(PROTOCOLS_PREFIX, this::oneProtocol);
    }

    /**
     * Unfiltered, the document of the state rendered once and shared ({@link NetworkDocument}); with
     * filters, rendered for the request. Gzipped either way when the client takes it.
     */
    FullHttpResponse network(Request request) throws HttpError, ViewException {
        Query query = request.query(FILTERS);
        boolean gzip = request.acceptsGzip();
        Sampler.State state = sampler.state();
        if (request.rawQuery().isEmpty()) {
            return Responses.jsonBytes(HttpResponseStatus.OK, document.bytes(state, gzip), gzip);
        }
        NodeView node = NodeView.of(state).withModuleNote(moduleNote);
        Scope scope = node.scope(query.values("interface"));
        ProtocolRows protocols = node.protocols(scope, protocolFilter(query));
        return Responses.json(HttpResponseStatus.OK, json -> NetworkJson.writeNetwork(json, node, scope, protocols), gzip);
    }

    FullHttpResponse oneInterface(Request request) throws HttpError, ViewException {
        request.query(Set.of());
        String name = request.path().substring(INTERFACES_PREFIX.length());
        NodeView node = NodeView.of(sampler.state()).withModuleNote(moduleNote);
        InterfaceStats stats = node.iface(name);
        return Responses.json(HttpResponseStatus.OK, json -> NetworkJson.writeInterface(json, stats));
    }

    FullHttpResponse protocols(Request request) throws HttpError, ViewException {
        Query query = request.query(FILTERS);
        NodeView node = NodeView.of(sampler.state()).withModuleNote(moduleNote);
        Scope scope = node.scope(query.values("interface"));
        ProtocolRows protocols = node.protocols(scope, protocolFilter(query));
        return Responses.json(HttpResponseStatus.OK, json -> NetworkJson.writeProtocols(json, node, protocols));
    }

    /** One protocol summed over families (and over the selected interfaces), then per family. */
    FullHttpResponse oneProtocol(Request request) throws HttpError, ViewException {
        Query query = request.query(ONE_PROTOCOL);
        String name = request.path().substring(PROTOCOLS_PREFIX.length());
        ProtocolFilter wanted = Selection.protocols(List.of(name), query.values("family"));
        int protocol = Protocols.parse(name).orElseThrow();
        NodeView node = NodeView.of(sampler.state()).withModuleNote(moduleNote);
        Scope scope = node.scope(query.values("interface"));
        ProtocolRows rows = node.protocols(scope, wanted);
        ProtocolTotals totals = ProtocolTotals.of(protocol, scope, rows);
        return Responses.json(HttpResponseStatus.OK, json -> NetworkJson.writeTotals(json, node, totals, rows));
    }

    /** {@code ?protocol=} and {@code ?family=}. */
    static ProtocolFilter protocolFilter(Query query) throws HttpError, ViewException {
        return Selection.protocols(query.values("protocol"), query.values("family"));
    }
}
