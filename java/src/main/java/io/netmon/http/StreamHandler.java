package io.netmon.http;

import io.netmon.view.ViewException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A route that answers GET with a stream instead of one response: it checks the request (throwing
 * {@link HttpError} or {@link ViewException} for an ordinary error answer), then writes the response head and its events on
 * the connection itself. Called on the connection's event loop: never block.
 */
public interface StreamHandler {
    /** Starts the stream on {@code ctx}; the connection is the stream's from then on. */
    void open(Request request, ChannelHandlerContext ctx, HttpVersion version) throws HttpError, ViewException;

    /** The answer to HEAD: the stream's headers after the same checks, without a body. */
    FullHttpResponse head(Request request) throws HttpError, ViewException;
}
