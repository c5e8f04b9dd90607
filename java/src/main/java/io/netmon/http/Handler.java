package io.netmon.http;

import io.netty.handler.codec.http.FullHttpResponse;

/** Answers one route with a complete response, or throws {@link HttpError}. Called on an event loop: never block. */
@FunctionalInterface
public interface Handler {
    FullHttpResponse handle(Request request) throws HttpError;
}
