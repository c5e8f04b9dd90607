package io.netmon.http;

import io.netmon.source.InterfaceStats;
import io.netmon.source.Sampler;
import io.netmon.source.Snapshot;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code GET /network} and {@code GET /network/interfaces/{name}}, answered from the sampler's latest snapshot. */
public final class NetworkHandler {
    static final String INTERFACES_PREFIX = "/network/interfaces/";

    private final Sampler sampler;

    public NetworkHandler(Sampler sampler) {
        this.sampler = sampler;
    }

    public void register(Router.Builder routes) {
        routes.get("/network", this::network);
        routes.getBelow(INTERFACES_PREFIX, this::oneInterface);
    }

    FullHttpResponse network(Request request) throws HttpError {
        Query query = request.query(Set.of("interface"));
        Snapshot snapshot = latest();
        List<InterfaceStats> selected = select(snapshot, query.values("interface"));
        List<String> notes = notes();
        return Responses.json(HttpResponseStatus.OK, json -> NetworkJson.writeNetwork(json, snapshot, selected, notes));
    }

    FullHttpResponse oneInterface(Request request) throws HttpError {
        request.query(Set.of());
        String name = request.path().substring(INTERFACES_PREFIX.length());
        Snapshot snapshot = latest();
        InterfaceStats stats = snapshot.find(name)
                .orElseThrow(() -> HttpError.notFound("no interface named '" + name + "'"));
        return Responses.json(HttpResponseStatus.OK, json -> NetworkJson.writeInterface(json, stats));
    }

    /** The latest snapshot, or 503 saying why there is none yet. */
    Snapshot latest() throws HttpError {
        Sampler.State state = sampler.state();
        return state.latest().orElseThrow(() -> HttpError.unavailable(
                "no sample yet" + state.failure().map(f -> ": " + f).orElse("; the first is on its way")));
    }

    /** The named interfaces in snapshot order, or all of them; any unknown name is a 404. */
    static List<InterfaceStats> select(Snapshot snapshot, List<String> names) throws HttpError {
        if (names.isEmpty()) {
            return snapshot.interfaces();
        }
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (snapshot.find(name).isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw HttpError.notFound("no interface named " + String.join(", ", missing.stream().map(n -> "'" + n + "'").toList()));
        }
        return snapshot.interfaces().stream().filter(s -> names.contains(s.name())).toList();
    }

    private List<String> notes() {
        return sampler.state().failure()
                .map(f -> List.of("the latest read failed, figures are from the sample before it: " + f))
                .orElse(List.of());
    }
}
