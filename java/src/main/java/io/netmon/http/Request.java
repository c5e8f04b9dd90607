package io.netmon.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a handler needs of a request: its decoded path, raw query and headers, and the path as
 * sent (still percent-encoded) for handlers that must tell "%2F" from "/".
 */
public record Request(String path, Map<String, List<String>> rawQuery, HttpHeaders headers, String rawPath) {

    public Request(String path, Map<String, List<String>> rawQuery, HttpHeaders headers) {
        this(path, rawQuery, headers, path);
    }

    static Request of(FullHttpRequest request) throws HttpError {
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
        try {
            return new Request(decoder.path(), decoder.parameters(), request.headers(), decoder.rawPath());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("malformed request target: " + e.getMessage());
        }
    }

    public Query query(Set<String> accepted) throws HttpError {
        return Query.of(rawQuery, accepted);
    }

    /** Whether the client takes a gzipped answer ({@code Accept-Encoding}, see {@link Gzip#accepted}). */
    public boolean acceptsGzip() {
        return Gzip.accepted(headers.get(HttpHeaderNames.ACCEPT_ENCODING));
    }
}
