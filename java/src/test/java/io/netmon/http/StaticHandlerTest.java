package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard as the jar serves it: a real server, the files the build put in target/classes. */
class StaticHandlerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private FixtureNode node;

    @BeforeEach
    void start(@TempDir Path root) throws Exception {
        node = new FixtureNode(root);
        assertThat(StaticHandler.fromClasspath().paths())
                .as("the dashboard is built into target/classes/dashboard by Maven's generate-resources "
                        + "(java/dashboard/build.mjs); was the build run with -Ddashboard.skip?")
                .contains("/index.html");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path))).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String vendor(String prefix) {
        return StaticHandler.fromClasspath().paths().stream()
                .filter(p -> p.startsWith("/vendor/" + prefix) && p.endsWith(".min.js"))
                .findFirst().orElseThrow();
    }

    @Test
    void rootAndIndexServeThePageRevalidatedEveryTime() throws Exception {
        HttpResponse<byte[]> root = get("/");
        HttpResponse<byte[]> index = get("/index.html");
        for (HttpResponse<byte[]> response : List.of(root, index)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
            assertThat(response.headers().firstValue("etag")).hasValueSatisfying(e -> assertThat(e).matches("\"[A-Za-z0-9_-]{22}\""));
            assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("content-security-policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("default-src 'self'"));
        }
        assertThat(root.body()).isEqualTo(index.body());
        String html = new String(root.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<title>Netmon</title>", "src=\"" + vendor("echarts-").substring(1) + "\"",
                "src=\"" + vendor("echarts-gl-").substring(1) + "\"").doesNotContain("@ECHARTS", "http://", "https://");
    }

    @Test
    void everyFileHasItsContentTypeAndVendorFilesAreImmutable() throws Exception {
        assertThat(get("/app.js").headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/app.css").headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/mascot.svg").headers().firstValue("content-type")).hasValue("image/svg+xml");
        for (String path : StaticHandler.fromClasspath().paths()) {
            HttpResponse<byte[]> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).as(path).hasValue(StaticHandler.contentType(path));
            assertThat(response.headers().firstValue("cache-control")).as(path)
                    .hasValue(path.startsWith("/vendor/") ? "public, max-age=31536000, immutable" : "no-cache");
        }
        HttpResponse<byte[]> echarts = get(vendor("echarts-"));
        assertThat(echarts.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(echarts.body().length).isGreaterThan(500_000);
        assertThat(get(vendor("echarts-").replace(".min.js", ".LICENSE.txt")).headers().firstValue("content-type"))
                .hasValue("text/plain; charset=utf-8");
    }

    @Test
    void ifNoneMatchWithTheEtagIs304WithoutBody() throws Exception {
        String etag = get("/app.js").headers().firstValue("etag").orElseThrow();
        for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            HttpResponse<byte[]> response = get("/app.js", "If-None-Match", ifNoneMatch);
            assertThat(response.statusCode()).as(ifNoneMatch).isEqualTo(304);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().firstValue("etag")).hasValue(etag);
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
        }
        assertThat(get("/app.js", "If-None-Match", "\"stale\"").statusCode()).isEqualTo(200);
        assertThat(get("/app.css").headers().firstValue("etag")).isNotEqualTo(java.util.Optional.of(etag));
    }

    @Test
    void gzipIsServedWhenAskedWithItsOwnEtag() throws Exception {
        String path = vendor("echarts-");
        HttpResponse<byte[]> plain = get(path);
        HttpResponse<byte[]> zipped = get(path, "Accept-Encoding", "br, gzip");
        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        assertThat(zipped.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("vary")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("accept-encoding"));
        assertThat(zipped.body().length).isLessThan(plain.body().length / 2);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        String zippedTag = zipped.headers().firstValue("etag").orElseThrow();
        assertThat(zippedTag).isNotEqualTo(plain.headers().firstValue("etag").orElseThrow());
        assertThat(get(path, "Accept-Encoding", "gzip", "If-None-Match", zippedTag).statusCode()).isEqualTo(304);
        assertThat(get(path, "Accept-Encoding", "gzip;q=0").headers().firstValue("content-encoding")).isEmpty();
    }

    @Test
    void headAnswersHeadersOnly() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(node.url("/")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValueAsLong("content-length").orElseThrow())
                .isEqualTo(get("/").body().length);
    }

    @Test
    void theApiIsNotShadowed() throws Exception {
        node.sampler.sampleOnce();
        HttpResponse<byte[]> network = get("/network");
        assertThat(network.statusCode()).isEqualTo(200);
        assertThat(network.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> nowhere = get("/nowhere");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(nowhere.body()).get("error").asText()).isEqualTo("no such path: /nowhere");
    }

    @Test
    void anUnknownFileIsA404JsonError() throws Exception {
        HttpResponse<byte[]> response = get("/vendor/nope.js");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(MAPPER.readTree(response.body()).get("error").asText()).isEqualTo("no such file: /vendor/nope.js");
        assertThat(get("/vendor/").statusCode()).isEqualTo(404);
        assertThat(get("/favicon.ico").statusCode()).isEqualTo(404);
    }

    /** Request targets sent byte for byte (no client normalises them): each is refused, none leaks a file. */
    @Test
    void noRequestTargetLeavesTheDashboardFolder() throws Exception {
        List<String> refused400 = List.of(
                "/vendor/../../pom.xml",
                "/vendor/./echarts.js",
                "/vendor/%2e%2e/%2e%2e/pom.xml",
                "/vendor/%2E%2E/%2E%2E/pom.xml",
                "/vendor/..%2f..%2fpom.xml",
                "/vendor%2f..%2f..%2fpom.xml",
                "/vendor/%252e%252e/%252e%252e/pom.xml",
                "/vendor/..\\..\\pom.xml",
                "/vendor/%5c..%5c..%5cpom.xml",
                "/vendor//etc/passwd",
                "/vendor/%2fetc%2fpasswd",
                "/vendor/app.js%00.png",
                "/vendor/%00",
                "/vendor/C:/Windows/win.ini");
        List<String> refused404 = List.of(
                "/../pom.xml",
                "/%2e%2e/pom.xml",
                "//etc/passwd",
                "/%2fetc%2fpasswd",
                "/index.html%00",
                "/..%5cpom.xml");
        for (String target : refused400) {
            assertRefused(target, 400);
        }
        for (String target : refused404) {
            assertRefused(target, 404);
        }
        // An encoded slash is refused even where it would name a real file.
        assertRefused(vendor("echarts-").replaceFirst("/vendor/", "/vendor%2f"), 400);
        // Absolute-form targets name no route at all.
        assertRefused("http://127.0.0.1/../pom.xml", 404);
    }

    private void assertRefused(String target, int status) throws IOException {
        String response = raw(target);
        assertThat(response).as(target).startsWith("HTTP/1.1 " + status + " ");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(MAPPER.readTree(body).has("error")).as(target).isTrue();
        assertThat(body).as(target).doesNotContain("<project", "root:", "<html");
    }

    private String raw(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- the handler alone ---------------------------------------------------------------------

    @Test
    void refusesEverySuspiciousPathAndNothingElse() {
        for (String ok : List.of("/", "/index.html", "/vendor/echarts-6.1.0.min.js", "/a/b/c.d", "/a..b", "/.well-known-ish")) {
            assertThat(StaticHandler.refusal(ok)).as(ok).isNull();
        }
        for (String bad : List.of("", "index.html", "/..", "/a/../b", "/a/./b", "/a//b", "/a/", "/a\\b", "/a\0b",
                "/a%2fb", "/a%2Fb", "/a%5cb", "/a%00", "/%2e%2e", "/c:/x")) {
            assertThat(StaticHandler.refusal(bad)).as(bad).isNotNull();
        }
    }

    @Test
    void ifNoneMatchAndContentTypes() {
        assertThat(StaticHandler.matches(null, "\"a\"")).isFalse();
        assertThat(StaticHandler.matches("\"a\"", "\"a\"")).isTrue();
        assertThat(StaticHandler.matches("W/\"a\"", "\"a\"")).isTrue();
        assertThat(StaticHandler.matches(" \"b\" , \"a\" ", "\"a\"")).isTrue();
        assertThat(StaticHandler.matches("\"b\"", "\"a\"")).isFalse();
        assertThat(StaticHandler.matches("*", "\"a\"")).isTrue();
        assertThat(StaticHandler.contentType("/x.woff2")).isEqualTo("font/woff2");
        assertThat(StaticHandler.contentType("/x.ico")).isEqualTo("image/x-icon");
        assertThat(StaticHandler.contentType("/x.png")).isEqualTo("image/png");
        assertThat(StaticHandler.contentType("/x.json")).isEqualTo("application/json; charset=utf-8");
        assertThat(StaticHandler.contentType("/x")).isEqualTo("application/octet-stream");
    }

    @Test
    void loadsExactlyTheListedFilesAndRejectsABadList(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("site/css"));
        Files.writeString(dir.resolve("site/index.html"), "<p>hi</p>");
        Files.writeString(dir.resolve("site/css/a.css"), "p{}");
        Files.writeString(dir.resolve("site/secret.txt"), "not listed");
        Files.writeString(dir.resolve("site.files"), "index.html\ncss/a.css\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            StaticHandler handler = StaticHandler.load(loader, "site");
            assertThat(handler.paths()).containsExactlyInAnyOrder("/index.html", "/css/a.css");
            Router router = routerOf(handler);
            assertThat(status(router, "/")).isEqualTo(200);
            assertThat(status(router, "/css/a.css")).isEqualTo(200);
            assertThat(status(router, "/secret.txt")).isEqualTo(404);

            Files.writeString(dir.resolve("site.files"), "index.html\n../pom.xml\n");
            assertThatThrownBy(() -> StaticHandler.load(loader, "site")).hasMessageContaining("bad path");
            Files.writeString(dir.resolve("site.files"), "missing.js\n");
            assertThatThrownBy(() -> StaticHandler.load(loader, "site")).hasMessageContaining("lacks");
        }
    }

    @Test
    void withoutADashboardTheRootSaysSo() {
        try (URLClassLoader loader = new URLClassLoader(new URL[0], null)) {
            Router router = routerOf(StaticHandler.load(loader, "dashboard"));
            var response = router.respond(request("/"));
            assertThat(response.status().code()).isEqualTo(404);
            assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("not part of this build");
            response.release();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Router routerOf(StaticHandler handler) {
        Router.Builder routes = Router.builder();
        handler.register(routes);
        return routes.build();
    }

    private static int status(Router router, String uri) {
        var response = router.respond(request(uri));
        response.release();
        return response.status().code();
    }

    private static io.netty.handler.codec.http.FullHttpRequest request(String uri) {
        return new io.netty.handler.codec.http.DefaultFullHttpRequest(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpMethod.GET, uri);
    }
}
