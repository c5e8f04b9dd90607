package io.netmon.http;

import io.netmon.history.History;
import io.netmon.source.Sampler;

/**
 * The live side of the API, fed by the one sampler: the history (and its rates), the event
 * streams that follow it, and their routes. {@link #attach} registers the listeners: history after
 * each sample, then the streams after the history.
 */
public final class Live {
    private final Sampler sampler;
    private final History history;
    private final EventStreams streams;

    private Live(Sampler sampler, History history, EventStreams streams) {
        this.sampler = sampler;
        this.history = history;
        this.streams = streams;
    }

    public static Live attach(Sampler sampler, LiveOptions options) {
        History history = new History(options.history());
        EventStreams streams = new EventStreams(sampler, history, options.maxStreams());
        sampler.addListener(history);
        history.addListener(streams);
        return new Live(sampler, history, streams);
    }

    public History history() {
        return history;
    }

    public EventStreams streams() {
        return streams;
    }

    void register(Router.Builder routes) {
        new HistoryHandler(sampler, history).register(routes);
        streams.register(routes);
    }
}
