package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests a client library would never send, on raw sockets: an error inside a pipeline, bodies too
 * big or expectations we do not meet, HTTP versions we do not speak, absolute-form targets and raw
 * UTF-8 in a path. Every answer is {@code {"error": ...}} JSON, and a connection the server ends is
 * closed after everything answered on it has been sent, never reset.
 */
class BadRequestTest {
    private static final String OK_BODY = "{\"status\":\"ok\"}\n";
    /** A request with the headers browsers send: what a pipelining client writes one after the other. */
    private static final String NETWORK = "GET /network HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) netmon-test/1.0\r\nAccept: application/json\r\n\r\n";

    private FixtureNode node;

    @BeforeEach
    void start(@TempDir Path root) throws Exception {
        node = new FixtureNode(root);
        node.writeDev(Fixtures.labNodeDevWith(Fixtures.devRow("\u00f1\u00e9\u20ac", 7)));
        node.sampler.sampleOnce();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private RawConnection connect() throws Exception {
        return new RawConnection(node.server.port());
    }

    private static void assertJsonError(RawConnection.Response response, int status, String errorPrefix) {
        assertThat(response.status()).as(response.statusLine()).isEqualTo(status);
        assertThat(response.header("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(response.body()).startsWith("{\"error\":\"" + errorPrefix).endsWith("\"}\n");
    }

    @Test
    void anErrorInAPipelineIsAnsweredAfterEverythingBeforeItThenTheConnectionCloses() throws Exception {
        String network = node.get("/network").body();
        // A small receive buffer keeps most of the answers queued in the server while the client is
        // not reading; the client writes each request as it goes, so the ones after the malformed 51st
        // are still arriving when the server has answered it.
        try (RawConnection connection = new RawConnection(node.server.port(), 8192)) {
            for (int i = 1; i <= 100; i++) {
                connection.send(i == 51 ? "GET /network HTTP/1.1\r\nBad Header Without Colon\r\n\r\n" : NETWORK);
                Thread.sleep(2);
            }
            Thread.sleep(1000);
            for (int i = 1; i <= 50; i++) {
                RawConnection.Response response = connection.read();
                assertThat(response.status()).as("answer %d", i).isEqualTo(200);
                assertThat(response.body()).as("answer %d", i).isEqualTo(network);
            }
            RawConnection.Response error = connection.read();
            assertJsonError(error, 400, "malformed HTTP request: ");
            assertThat(error.header("connection")).hasValue("close");
            assertThat(connection.closedByServer()).as("a close (FIN) after the 400, not a reset").isTrue();
        }
    }

    @Test
    void aBadContentLengthOrChunkSizeIs400AndCloses() throws Exception {
        for (String request : List.of(
                "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n",
                "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")) {
            try (RawConnection connection = connect()) {
                connection.send(request);
                RawConnection.Response response = connection.read();
                assertJsonError(response, 400, "malformed HTTP request: ");
                assertThat(response.header("connection")).as(request).hasValue("close");
                assertThat(connection.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void aMethodOtherThanGetOrHeadIs405AndTheConnectionStays() throws Exception {
        try (RawConnection connection = connect()) {
            connection.send("DELETE /network HTTP/1.1\r\nHost: x\r\n\r\n");
            RawConnection.Response response = connection.read();
            assertThat(response.header("allow")).hasValue("GET, HEAD");
            assertThat(response.body()).isEqualTo("{\"error\":\"method DELETE not allowed on /network; allowed: GET, HEAD\"}\n");
            assertThat(response.status()).isEqualTo(405);
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.read().body()).isEqualTo(OK_BODY);
        }
    }

    @Test
    void aRequestLineOrHeadersOverNettysLimitsAre400AndClose() throws Exception {
        try (RawConnection connection = connect()) {
            connection.send("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawConnection.Response response = connection.read();
            assertJsonError(response, 400, "malformed HTTP request: An HTTP line is larger than 4096 bytes.");
            assertThat(response.header("connection")).hasValue("close");
            assertThat(connection.closedByServer()).isTrue();
        }
        try (RawConnection connection = connect()) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
            assertJsonError(connection.read(), 400, "malformed HTTP request: HTTP header is larger than 8192 bytes.");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aBodyTooLargeIs413WithAJsonBody() throws Exception {
        try (RawConnection connection = connect()) {
            connection.send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n" + "x".repeat(20000));
            RawConnection.Response response = connection.read();
            assertJsonError(response, 413, "request body over 16384 bytes");
            assertThat(connection.closedByServer()).isTrue();
        }
        try (RawConnection connection = connect()) {
            connection.send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\nExpect: 100-continue\r\n\r\n");
            assertJsonError(connection.read(), 413, "request body over 16384 bytes");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void anExpectationWeDoNotMeetIs417WithAJsonBody() throws Exception {
        try (RawConnection connection = connect()) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 5\r\n\r\n");
            RawConnection.Response response = connection.read();
            assertJsonError(response, 417, "unsupported expectation 'teapot'");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void httpVersionsOtherThanOneAre505AndOneDotTwoIsAnsweredAsOneDotOne() throws Exception {
        for (String version : List.of("HTTP/9.9", "HTTP/2.0")) {
            try (RawConnection connection = connect()) {
                connection.send("GET /healthz " + version + "\r\nHost: x\r\n\r\n");
                RawConnection.Response response = connection.read();
                assertThat(response.statusLine()).isEqualTo("HTTP/1.1 505 HTTP Version Not Supported");
                assertJsonError(response, 505, version + " is not supported: this server speaks HTTP/1.1 and HTTP/1.0");
                assertThat(connection.closedByServer()).isTrue();
            }
        }
        try (RawConnection connection = connect()) {
            connection.send("GET /healthz HTTP/1.2\r\nHost: x\r\n\r\n");
            RawConnection.Response response = connection.read();
            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(response.body()).isEqualTo(OK_BODY);
        }
    }

    @Test
    void anAbsoluteFormTargetIsServed() throws Exception {
        try (RawConnection connection = connect()) {
            connection.send("GET http://127.0.0.1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET HTTP://127.0.0.1:3000/network/interfaces/lo?x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET http://127.0.0.1/network/interfaces/lo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET http://127.0.0.1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawConnection.Response healthz = connection.read();
            assertThat(healthz.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(healthz.body()).isEqualTo(OK_BODY);
            assertJsonError(connection.read(), 400, "unknown query parameter 'x'");
            RawConnection.Response lo = connection.read();
            assertThat(lo.status()).isEqualTo(200);
            assertThat(lo.body()).startsWith("{\"interface\":\"lo\",\"bytes_received\":143205148,");
            RawConnection.Response root = connection.read();
            assertThat(root.status()).isEqualTo(200);
            assertThat(root.header("content-type")).hasValue("text/html; charset=utf-8");
        }
    }

    @Test
    void rawUtf8InAPathIsReadAsUtf8() throws Exception {
        String name = "\u00f1\u00e9\u20ac";
        try (RawConnection connection = connect()) {
            connection.send(("GET /network/interfaces/" + name + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            RawConnection.Response response = connection.read();
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).startsWith("{\"interface\":\"" + name + "\",\"bytes_received\":7,");
            connection.send("GET /network/interfaces/%C3%B1%C3%A9%E2%82%AC HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.read().body()).startsWith("{\"interface\":\"" + name + "\",");
        }
        try (RawConnection connection = connect()) {
            byte[] latin1 = "GET /network/interfaces/\u00f1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            connection.send(latin1);
            assertJsonError(connection.read(), 400, "malformed request target: it is not UTF-8");
        }
    }
}
