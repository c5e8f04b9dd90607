package io.netmon.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard: the files the build put under {@code dashboard/} on the classpath, served at
 * {@code /}. The build also writes {@code dashboard.files}, the list of those files; exactly
 * these are read once into memory with their content type, a strong ETag (a hash of the bytes)
 * and a gzip copy: the list is read and checked at startup, the files on the first request for any
 * of them (2 MB and the hashing and gzipping of it that a node nobody looks at never needs). A request is answered by a lookup in that map and nothing else:
 * no path from a request ever reaches a file system or a class loader, so there is no way out
 * of the folder. Suspicious paths (dot segments, backslashes, NUL, encoded separators, empty
 * segments) are refused with 400 before the lookup, so they show up as such in logs.
 *
 * <p>Top-level files get exact routes and each top-level folder a prefix route, so the API's own
 * routes are never shadowed and unknown paths stay "no such path".
 */
public final class StaticHandler {
    static final String FOLDER = "dashboard";
    static final String INDEX = "/index.html";
    /** vendor/ files carry their version in the name: they never change under the same URL. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** Our own files: always revalidate (a 304 costs nothing thanks to the ETag). */
    static final String REVALIDATE = "no-cache";
    /**
     * Same origin only: the page needs no other host, and must work with no internet at all. No
     * inline scripts; 'unsafe-eval' because ECharts GL compiles its post-processing size
     * expressions with {@code new Function}; inline styles because ECharts' tooltips carry them.
     */
    static final String CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'; img-src 'self' data: blob:; "
            + "style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";
    private static final int GZIP_MIN_BYTES = 1024;

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"));

    /** One file, ready to send. */
    record Asset(String path, byte[] body, byte[] gzipped, String contentType, String etag, String cacheControl) {
    }

    private final ClassLoader loader;
    private final String folder;
    /** The files' paths, in the list's order ("/index.html", "/vendor/echarts-6.1.0.min.js"). */
    private final Set<String> paths;
    private Map<String, Asset> assets;

    private StaticHandler(ClassLoader loader, String folder, Set<String> paths) {
        this.loader = loader;
        this.folder = folder;
        this.paths = Collections.unmodifiableSet(paths);
    }

    /** The dashboard of this jar; empty when the build skipped it (then {@code /} says so). */
    public static StaticHandler fromClasspath() {
        return Holder.INSTANCE;
    }

    /** The classpath is fixed for the life of the process: read it once, whatever the number of servers. */
    private static final class Holder {
        static final StaticHandler INSTANCE = load(StaticHandler.class.getClassLoader(), FOLDER);
    }

    /** Reads {@code folder.files} and checks that every file it lists is below {@code folder/}; the files are read later. */
    static StaticHandler load(ClassLoader loader, String folder) {
        byte[] list = read(loader, folder + ".files");
        Set<String> paths = new LinkedHashSet<>();
        if (list != null) {
            for (String line : new String(list, StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty()) {
                    continue;
                }
                String path = "/" + name;
                if (refusal(path) != null) {
                    throw new IllegalStateException(folder + ".files lists a bad path: " + name);
                }
                if (loader.getResource(folder + path) == null) {
                    throw new IllegalStateException(folder + ".files lists " + name + " but the jar lacks it");
                }
                paths.add(path);
            }
        }
        return new StaticHandler(loader, folder, paths);
    }

    /** Every file, read on the first request for one of them. */
    private synchronized Map<String, Asset> assets() {
        if (assets == null) {
            Map<String, Asset> read = new LinkedHashMap<>();
            for (String path : paths) {
                byte[] body = read(loader, folder + path);
                if (body == null) {
                    throw new IllegalStateException(folder + ".files lists " + path + " but the jar lacks it");
                }
                read.put(path, asset(path, body));
            }
            assets = Map.copyOf(read);
        }
        return assets;
    }

    static Asset asset(String path, byte[] body) {
        String type = contentType(path);
        boolean compressible = type.startsWith("text/") || type.startsWith("application/json")
                || type.equals("image/svg+xml");
        byte[] gzipped = compressible && body.length >= GZIP_MIN_BYTES ? Gzip.compress(body) : null;
        String cache = path.startsWith("/vendor/") ? IMMUTABLE : REVALIDATE;
        return new Asset(path, body, gzipped, type, etag(body), cache);
    }

    /** Registers "/" and every file and folder of the dashboard; "/" alone when it was not built. */
    public void register(Router.Builder routes) {
        routes.get("/", this::serve);
        Set<String> folders = new LinkedHashSet<>();
        for (String path : paths) {
            int slash = path.indexOf('/', 1);
            if (slash < 0) {
                routes.get(path, this::serve);
            } else {
                folders.add(path.substring(0, slash + 1));
            }
        }
        folders.forEach(folder -> routes.getBelow(folder, this::serve));
    }

    /** The files served, by path ("/index.html", "/vendor/echarts-6.1.0.min.js"). */
    Set<String> paths() {
        return paths;
    }

    FullHttpResponse serve(Request request) throws HttpError {
        String why = refusal(request.rawPath());
        if (why == null) {
            why = refusal(request.path());
        }
        if (why != null) {
            throw HttpError.badRequest("refused path " + printable(request.rawPath()) + ": " + why);
        }
        String path = request.path().equals("/") ? INDEX : request.path();
        Asset asset = paths.contains(path) ? assets().get(path) : null;
        if (asset == null) {
            throw HttpError.notFound(paths.isEmpty()
                    ? "the dashboard is not part of this build (it was built with -Ddashboard.skip)"
                    : "no such file: " + path);
        }
        boolean gzip = asset.gzipped() != null && Gzip.accepted(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        String etag = gzip ? asset.etag().replaceFirst("\"$", "-gzip\"") : asset.etag();
        FullHttpResponse response;
        if (matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            response = Responses.of(HttpResponseStatus.OK, asset.contentType(),
                    Unpooled.wrappedBuffer(gzip ? asset.gzipped() : asset.body()));
            if (gzip) {
                response.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
            }
        }
        response.headers()
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.CACHE_CONTROL, asset.cacheControl())
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        if (asset.gzipped() != null) {
            response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (asset.contentType().startsWith("text/html")) {
            response.headers().set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP);
        }
        return response;
    }

    /** Why a path may not even be looked up, or null when it is a plain "/a/b.c" path. */
    static String refusal(String path) {
        if (path == null || !path.startsWith("/")) {
            return "not an absolute path";
        }
        if (path.indexOf('\0') >= 0) {
            return "NUL byte";
        }
        if (path.indexOf('\\') >= 0) {
            return "backslash";
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || lower.contains("%2e")) {
            return "encoded separator or dot";
        }
        if (path.equals("/")) {
            return null;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                return "empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segment";
            }
            if (segment.indexOf(':') >= 0) {
                return "colon";
            }
        }
        return null;
    }

    /** If-None-Match: "*" or a list of (weak or strong) tags compared weakly, as RFC 9110 says for GET. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** A strong tag from the content: the first 128 bits of its SHA-256, base64url. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name + " from the classpath failed", e);
        }
    }

    /** A path for an error message: control characters as \\xNN, at most 200 characters. */
    private static String printable(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                out.append("\\x").append(HexFormat.of().toHexDigits((byte) c));
            } else {
                out.append(c);
            }
        }
        return out.length() > 200 ? out.substring(0, 200) + "..." : out.toString();
    }
}
