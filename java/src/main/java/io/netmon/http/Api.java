package io.netmon.http;

import io.netmon.source.Sampler;
import java.util.Optional;

/** Every route of the HTTP API (docs/API.md), wired to one sampler. */
public final class Api {
    private Api() {
    }

    /** The API with the live endpoints at their defaults. */
    public static Router router(Sampler sampler) {
        return router(sampler, Live.attach(sampler, LiveOptions.defaults(sampler.interval())));
    }

    public static Router router(Sampler sampler, Live live) {
        return router(sampler, live, Optional.empty());
    }

    /** {@code moduleNote}: why netmon.ko is not loaded, for /network's notes while the source is procfs. */
    public static Router router(Sampler sampler, Live live, Optional<String> moduleNote) {
        Router.Builder routes = Router.builder();
        new NetworkHandler(sampler, moduleNote).register(routes);
        new PodsHandler(sampler).register(routes);
        new HealthHandler(sampler).register(routes);
        live.register(routes);
        StaticHandler.fromClasspath().register(routes);
        return routes.build();
    }
}
