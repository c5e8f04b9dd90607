package io.netmon.http;

import io.netmon.history.History;
import io.netmon.history.HistoryView;
import io.netmon.source.PodStats;
import io.netmon.source.ProtocolFilter;
import io.netmon.source.Sampler;
import io.netmon.view.HistoryJson;
import io.netmon.view.NodeView;
import io.netmon.view.Scope;
import io.netmon.view.ViewException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code GET /network/history}: the last {@code seconds} of counters and rates, columnar. */
public final class HistoryHandler {
    static final String PATH = "/network/history";
    static final Set<String> PARAMETERS = Query.accepting("seconds", "interface", "protocol", "family", "namespace", "pod");

    private final Sampler sampler;
    private final History history;

    public HistoryHandler(Sampler sampler, History history) {
        this.sampler = sampler;
        this.history = history;
    }

    public void register(Router.Builder routes) {
        routes.get(PATH, this::history);
    }

    /** Longest window answered: the coarse ring's span. */
    long maxSeconds() {
        return history.config().coarse().toSeconds();
    }

    /** Default window: the full ring's span. */
    long defaultSeconds() {
        return Math.max(1, history.config().full().toSeconds());
    }

    FullHttpResponse history(Request request) throws HttpError, ViewException {
        Query query = request.query(PARAMETERS);
        long seconds = seconds(query);
        NodeView node = NodeView.of(sampler.state());
        Scope scope = node.scope(query.values("interface"));
        List<PodStats> pods = node.pods(query.values("namespace"), query.values("pod"));
        ProtocolFilter protocols = NetworkHandler.protocolFilter(query);
        HistoryView view = history.query(Duration.ofSeconds(seconds), scope.names(), protocols, pods);
        boolean gzip = request.acceptsGzip();
        return Responses.json(HttpResponseStatus.OK, json -> HistoryJson.writeHistory(json, view, seconds), gzip);
    }

    private long seconds(Query query) throws HttpError {
        String text = query.single("seconds").orElse(null);
        if (text == null) {
            return defaultSeconds();
        }
        long max = maxSeconds();
        String range = "query parameter 'seconds' must be a whole number from 1 to " + max
                + " (the history kept; see --history-coarse), got '" + text + "'";
        if (text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HttpError.badRequest(range);
        }
        long seconds = Long.parseLong(text);
        if (seconds < 1 || seconds > max) {
            throw HttpError.badRequest(range);
        }
        return seconds;
    }
}
