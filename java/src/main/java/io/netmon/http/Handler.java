package io.netmon.http;

import io.netmon.view.ViewException;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Answers one route with a complete response, or throws {@link HttpError} (an HTTP matter) or
 * {@link ViewException} (the node's "no", which the router gives its status). Called on an event
 * loop: never block.
 */
@FunctionalInterface
public interface Handler {
    FullHttpResponse handle(Request request) throws HttpError, ViewException;
}
