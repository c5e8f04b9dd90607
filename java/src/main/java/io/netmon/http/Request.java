package io.netmon.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a handler needs of a request: its decoded path, raw query and headers, and the path as
 * sent (still percent-encoded) for handlers that must tell "%2F" from "/".
 */
public record Request(String path, Map<String, List<String>> rawQuery, HttpHeaders headers, String rawPath) {
    /** An absolute-form target (RFC 9112, 3.2.2): scheme and authority, then the origin-form part, if any. */
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)(https?)://[^/?#]*(.*)");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");

    public Request(String path, Map<String, List<String>> rawQuery, HttpHeaders headers) {
        this(path, rawQuery, headers, path);
    }

    static Request of(FullHttpRequest request) throws HttpError {
        QueryStringDecoder decoder = new QueryStringDecoder(originForm(utf8(request.uri())));
        try {
            return new Request(decoder.path(), decoder.parameters(), request.headers(), decoder.rawPath());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("malformed request target: " + e.getMessage());
        }
    }

    /**
     * The target as UTF-8. Netty reads the request line byte for byte into chars (ISO-8859-1), so a
     * raw UTF-8 name arrives as its bytes; percent-escapes are decoded as UTF-8 later, by the decoder.
     */
    static String utf8(String target) throws HttpError {
        if (ascii(target)) {
            return target;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(target.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("malformed request target: it is not UTF-8");
        }
    }

    /** Whether every char is ASCII: the target of nearly every request, the same string in UTF-8. */
    private static boolean ascii(String target) {
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code http://host:port/path?query} as {@code /path?query} ({@code /} when it has no path): a
     * server must accept the absolute form, and it names this server whatever its authority says.
     */
    static String originForm(String target) throws HttpError {
        if (target.startsWith("/")) {
            return target;
        }
        Matcher absolute = ABSOLUTE.matcher(target);
        if (absolute.matches()) {
            String rest = absolute.group(2);
            return rest.startsWith("/") ? rest : "/" + rest;
        }
        if (SCHEME.matcher(target).matches()) {
            throw HttpError.badRequest("malformed request target: only http and https URIs are served, got '"
                    + target.substring(0, target.indexOf(':')) + ":'");
        }
        return target;
    }

    public Query query(Set<String> accepted) throws HttpError {
        return Query.of(rawQuery, accepted);
    }

    /** Whether the client takes a gzipped answer ({@code Accept-Encoding}, see {@link Gzip#accepted}). */
    public boolean acceptsGzip() {
        return Gzip.accepted(headers.get(HttpHeaderNames.ACCEPT_ENCODING));
    }
}
