package io.netmon.http;

import io.netmon.view.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds complete responses with Content-Type and Content-Length set. */
public final class Responses {
    private static final String JSON = HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8";

    private Responses() {
    }

    /** {@code body} as {@code application/json}, followed by a newline. */
    public static FullHttpResponse json(HttpResponseStatus status, Json.Body body) {
        ByteBuf buffer = Unpooled.buffer(1024);
        try {
            Json.write(new ByteBufOutputStream(buffer), body);
        } catch (IOException e) {
            buffer.release();
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        buffer.writeByte('\n');
        return of(status, JSON, buffer);
    }

    /**
     * {@code body} as {@code application/json} and a newline, gzipped when {@code gzip} (the client's
     * {@code Accept-Encoding} allows it), with {@code Vary: Accept-Encoding} either way.
     */
    public static FullHttpResponse json(HttpResponseStatus status, Json.Body body, boolean gzip) {
        if (!gzip) {
            FullHttpResponse response = json(status, body);
            response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
            return response;
        }
        FullHttpResponse plain = json(status, body);
        try {
            return jsonBytes(status, Gzip.compress(ByteBufUtil.getBytes(plain.content())), true);
        } finally {
            plain.release();
        }
    }

    /** JSON already rendered (newline included), gzipped already when {@code gzipped}; {@code Vary: Accept-Encoding}. */
    public static FullHttpResponse jsonBytes(HttpResponseStatus status, byte[] body, boolean gzipped) {
        FullHttpResponse response = of(status, JSON, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        if (gzipped) {
            response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        return response;
    }

    public static FullHttpResponse error(HttpResponseStatus status, String message) {
        return json(status, json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    public static FullHttpResponse of(HttpResponseStatus status, CharSequence contentType, ByteBuf content) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }
}
