package io.netmon.http;

import io.netmon.view.ViewException;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches a request to the handler of its path (exact paths first, then the longest prefix
 * route) and turns every failure into a JSON {@code {"error": ...}} body: an {@link HttpError} with its
 * status, a {@link ViewException} with the status of its kind. Only GET and HEAD
 * exist; anything else is 405 with an {@code Allow} header.
 */
@Sharable
public final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    static final String ALLOW = "GET, HEAD";

    /** Set on a connection once a {@link StreamHandler} owns it: later requests on it are ignored. */
    static final AttributeKey<Boolean> STREAMING = AttributeKey.valueOf("netmon.streaming");

    private final Map<String, Handler> exact;
    private final Map<String, Handler> prefixes;
    private final Map<String, StreamHandler> streams;

    private Router(Map<String, Handler> exact, Map<String, Handler> prefixes, Map<String, StreamHandler> streams) {
        this.exact = Map.copyOf(exact);
        this.prefixes = Map.copyOf(prefixes);
        this.streams = Map.copyOf(streams);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects routes; a prefix route ends with '/' and gets every path below it. */
    public static final class Builder {
        private final Map<String, Handler> exact = new LinkedHashMap<>();
        private final Map<String, Handler> prefixes = new LinkedHashMap<>();
        private final Map<String, StreamHandler> streams = new LinkedHashMap<>();

        public Builder get(String path, Handler handler) {
            if (streams.containsKey(path) || exact.putIfAbsent(path, handler) != null) {
                throw new IllegalArgumentException("duplicate route " + path);
            }
            return this;
        }

        public Builder getBelow(String prefix, Handler handler) {
            if (!prefix.endsWith("/") || prefixes.putIfAbsent(prefix, handler) != null) {
                throw new IllegalArgumentException("bad or duplicate prefix route " + prefix);
            }
            return this;
        }

        /** A path whose GET is a stream (Server-Sent Events) and whose HEAD is answered by {@link StreamHandler#head}. */
        public Builder stream(String path, StreamHandler handler) {
            if (exact.containsKey(path) || streams.putIfAbsent(path, handler) != null) {
                throw new IllegalArgumentException("duplicate route " + path);
            }
            return this;
        }

        public Router build() {
            return new Router(exact, prefixes, streams);
        }
    }

    /**
     * Answers one request. The connection stays open when the request asks for it and could be read;
     * otherwise the response says {@code Connection: close} and {@link GracefulClose} ends the
     * connection once it is sent. Requests that arrive on a stream's connection, or after the last
     * response of a closing one, are not answered.
     */
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (ctx.channel().hasAttr(STREAMING) || GracefulClose.closing(ctx.channel())) {
            return;
        }
        FullHttpResponse response = respond(ctx, request);
        if (response == null) {
            return;
        }
        // A request Netty could not decode has a made-up version (1.0): the answer is 1.1, and closes.
        boolean decoded = request.decoderResult().isSuccess();
        HttpVersion version = decoded ? answerVersion(request.protocolVersion()) : null;
        boolean keepAlive = version != null && HttpUtil.isKeepAlive(request) && HttpUtil.isKeepAlive(response);
        response.setProtocolVersion(version != null ? version : HttpVersion.HTTP_1_1);
        HttpUtil.setKeepAlive(response.headers(), response.protocolVersion(), keepAlive);
        ctx.writeAndFlush(response);
    }

    /**
     * The version a response to {@code requested} goes out in: HTTP/1.0 to 1.0, HTTP/1.1 to any later 1.x
     * (RFC 9110, 6.2: the highest we conform to within the major version asked), null for another major
     * version, which gets 505.
     */
    static HttpVersion answerVersion(HttpVersion requested) {
        if (requested.majorVersion() != 1) {
            return null;
        }
        return requested.minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    }

    FullHttpResponse respond(FullHttpRequest request) {
        return respond(null, request);
    }

    /** The response, or null when a stream route took the connection over (only with a {@code ctx}). */
    private FullHttpResponse respond(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return Responses.error(HttpResponseStatus.BAD_REQUEST,
                    "malformed HTTP request: " + request.decoderResult().cause().getMessage());
        }
        if (answerVersion(request.protocolVersion()) == null) {
            return Responses.error(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, request.protocolVersion()
                    + " is not supported: this server speaks HTTP/1.1 and HTTP/1.0");
        }
        try {
            Request parsed = Request.of(request);
            StreamHandler stream = streams.get(parsed.path());
            Handler handler = stream != null ? stream::head : find(parsed.path())
                    .orElseThrow(() -> HttpError.notFound("no such path: " + parsed.path()));
            HttpMethod method = request.method();
            if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
                FullHttpResponse response = Responses.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "method " + method + " not allowed on " + parsed.path() + "; allowed: " + ALLOW);
                response.headers().set(HttpHeaderNames.ALLOW, ALLOW);
                return response;
            }
            if (stream != null && ctx != null && method.equals(HttpMethod.GET)) {
                stream.open(parsed, ctx, request.protocolVersion());
                return null;
            }
            return handler.handle(parsed);
        } catch (HttpError e) {
            return Responses.error(e.status(), e.getMessage());
        } catch (ViewException e) {
            return Responses.error(status(e.kind()), e.getMessage());
        } catch (RuntimeException e) {
            // What went wrong is ours to read in the log, never a client's: no class, no message.
            LOG.error("{} {} failed", request.method(), request.uri(), e);
            return Responses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    /** The status of the node's "no": 503 before the first sample, 404 for what it lacks, 400 for what cannot be read. */
    static HttpResponseStatus status(ViewException.Kind kind) {
        return switch (kind) {
            case NOT_READY -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case INVALID -> HttpResponseStatus.BAD_REQUEST;
        };
    }

    private Optional<Handler> find(String path) {
        Handler handler = exact.get(path);
        if (handler != null) {
            return Optional.of(handler);
        }
        return prefixes.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()) && path.length() > e.getKey().length())
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(Map.Entry::getValue);
    }

    /**
     * A connection that failed is closed. The client going away or sending what cannot be decoded (an
     * {@link IOException}: reset, broken pipe; a {@link CodecException}: closed in the middle of a
     * request) is routine and logged at debug; anything else got here past {@link #respond}'s answers, so
     * it is a fault of ours and is logged as one (an {@link Error} as an error).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof CodecException) {
            LOG.debug("connection {} failed", ctx.channel().remoteAddress(), cause);
        } else if (cause instanceof Error) {
            LOG.error("connection {} failed", ctx.channel().remoteAddress(), cause);
        } else {
            LOG.warn("connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
