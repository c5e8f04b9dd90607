package io.netmon.http;

import io.netmon.history.History;
import io.netmon.metrics.BuildInfo;
import io.netmon.metrics.Exposition;
import io.netmon.source.Sampler;

/**
 * The live side of the API, fed by the one sampler: the history (and its rates), the event
 * streams that follow it, the Prometheus exposition, and their routes. {@link #attach} registers the
 * listeners: history after each sample, the streams after the history, and the exposition after
 * every read (a failed one too: it counts them).
 */
public final class Live {
    private final Sampler sampler;
    private final History history;
    private final EventStreams streams;
    private final Exposition exposition;

    private Live(Sampler sampler, History history, EventStreams streams, Exposition exposition) {
        this.sampler = sampler;
        this.history = history;
        this.streams = streams;
        this.exposition = exposition;
    }

    public static Live attach(Sampler sampler, LiveOptions options) {
        History history = new History(options.history());
        EventStreams streams = new EventStreams(sampler, history, options.maxStreams());
        Exposition exposition = new Exposition(Gzip::compressing, BuildInfo.current(), options.podMetrics());
        sampler.addListener(history);
        sampler.addReadListener(exposition);
        history.addListener(streams);
        return new Live(sampler, history, streams, exposition);
    }

    public History history() {
        return history;
    }

    public EventStreams streams() {
        return streams;
    }

    public Exposition exposition() {
        return exposition;
    }

    void register(Router.Builder routes) {
        new HistoryHandler(sampler, history).register(routes);
        streams.register(routes);
        new MetricsHandler(sampler, exposition).register(routes);
    }
}
