package io.netmon.http;

import io.netmon.source.Sampler;

/** Every route of the HTTP API (docs/API.md), wired to one sampler. */
public final class Api {
    private Api() {
    }

    public static Router router(Sampler sampler) {
        Router.Builder routes = Router.builder();
        new NetworkHandler(sampler).register(routes);
        new HealthHandler(sampler).register(routes);
        StaticHandler.fromClasspath().register(routes);
        return routes.build();
    }
}
