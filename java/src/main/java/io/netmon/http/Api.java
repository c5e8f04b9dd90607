package io.netmon.http;

import io.netmon.source.Sampler;

/** Every route of the HTTP API (docs/API.md), wired to one sampler. */
public final class Api {
    private Api() {
    }

    /** The API with the live endpoints at their defaults. */
    public static Router router(Sampler sampler) {
        return router(sampler, Live.attach(sampler, LiveOptions.defaults(sampler.interval())));
    }

    public static Router router(Sampler sampler, Live live) {
        Router.Builder routes = Router.builder();
        new NetworkHandler(sampler).register(routes);
        new PodsHandler(sampler).register(routes);
        new HealthHandler(sampler).register(routes);
        live.register(routes);
        StaticHandler.fromClasspath().register(routes);
        return routes.build();
    }
}
