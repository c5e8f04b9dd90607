package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold the server's resources: a request trickled byte by byte (headers or body) is cut
 * off with 408 once the request timeout has passed, a stream is not (its request is complete), and
 * connections beyond the cap are answered 503 and closed. The server runs with a 1 s request timeout
 * so that the tests take seconds; the default is {@link ServerOptions#DEFAULT_REQUEST_TIMEOUT_SECONDS}.
 */
class SlowClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** A trickle of one byte per this many milliseconds lasts well past the timeout within the bytes sent. */
    private static final long PAUSE_MILLIS = 200;

    private FixtureNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private void start(Path root, int maxConnections) throws Exception {
        node = new FixtureNode(root, new ServerOptions(TIMEOUT, maxConnections));
        node.sampler.sampleOnce();
    }

    private static void assertTimedOut(RawConnection connection, int sent, int of) throws Exception {
        assertThat(sent).as("all of the request was trickled in and the server never cut it off").isLessThan(of);
        RawConnection.Response response = connection.read();
        assertThat(response.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
        assertThat(response.header("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(response.header("connection")).hasValue("close");
        assertThat(response.body()).isEqualTo("{\"error\":\"the request was not complete within 1 s (--request-timeout)\"}\n");
        assertThat(connection.closedByServer()).isTrue();
    }

    @Test
    void headersTrickledByteByByteAreCutOffWith408(@TempDir Path root) throws Exception {
        start(root, ServerOptions.DEFAULT_MAX_CONNECTIONS);
        // 60 bytes at one per 200 ms take 12 s: twelve times the timeout.
        byte[] request = ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(18) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (RawConnection connection = new RawConnection(node.server.port())) {
            assertTimedOut(connection, connection.trickle(request, PAUSE_MILLIS), request.length);
        }
    }

    @Test
    void aBodyTrickledByteByByteIsCutOffWith408(@TempDir Path root) throws Exception {
        start(root, ServerOptions.DEFAULT_MAX_CONNECTIONS);
        try (RawConnection connection = new RawConnection(node.server.port())) {
            connection.send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 60\r\n\r\n");
            byte[] body = "b".repeat(60).getBytes(StandardCharsets.US_ASCII);
            assertTimedOut(connection, connection.trickle(body, PAUSE_MILLIS), body.length);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsNotAnsweredAndAKeptAliveOneStillWorks(@TempDir Path root) throws Exception {
        start(root, ServerOptions.DEFAULT_MAX_CONNECTIONS);
        try (RawConnection connection = new RawConnection(node.server.port())) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(200);
            Thread.sleep(3 * TIMEOUT.toMillis());
            // Between requests the connection is idle, not late: no 408, the next request is served.
            connection.send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
            RawConnection.Response response = connection.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"status\":\"ready\",\"samples\":1}\n");
        }
    }

    @Test
    void aKeptAliveConnectionsNextRequestHasAllOfItsOwnTime(@TempDir Path root) throws Exception {
        start(root, ServerOptions.DEFAULT_MAX_CONNECTIONS);
        byte[] request = ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(18) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (RawConnection connection = new RawConnection(node.server.port())) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(200);
            // The timer the first request started is still pending when the second begins, 600 ms on.
            Thread.sleep(TIMEOUT.toMillis() * 6 / 10);
            int sent = connection.trickle(request, PAUSE_MILLIS);
            // Cut off a whole timeout after its own first byte: bytes 0..4 went out at 0..800 ms, and
            // the first request's timer (400 ms into this one) must not have ended it.
            assertThat(sent).as("bytes sent before the 408").isGreaterThanOrEqualTo(5);
            assertTimedOut(connection, sent, request.length);
        }
    }

    @Test
    void aStreamOutlivesTheRequestTimeout(@TempDir Path root) throws Exception {
        start(root, ServerOptions.DEFAULT_MAX_CONNECTIONS);
        try (RawConnection connection = new RawConnection(node.server.port())) {
            connection.send("GET /network/stream HTTP/1.1\r\nHost: x\r\n\r\n");
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("retry: 2000")) {
                seen.append(connection.readSome());
            }
            Thread.sleep(3 * TIMEOUT.toMillis());
            node.sampler.sampleOnce();
            while (!seen.toString().contains("id: 2\r\n") && !seen.toString().contains("id: 2\n")) {
                String more = connection.readSome();
                assertThat(more).as("the stream ended: " + seen).isNotEmpty();
                seen.append(more);
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("408");
        }
    }

    @Test
    void connectionsBeyondTheCapAre503AndClosed(@TempDir Path root) throws Exception {
        start(root, 2);
        RawConnection second = new RawConnection(node.server.port());
        try (RawConnection first = new RawConnection(node.server.port())) {
            for (RawConnection open : new RawConnection[] {first, second}) {
                open.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(open.read().status()).isEqualTo(200);
            }
            try (RawConnection third = new RawConnection(node.server.port())) {
                third.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                RawConnection.Response response = third.read();
                assertThat(response.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
                assertThat(response.header("connection")).hasValue("close");
                assertThat(response.body()).isEqualTo("{\"error\":\"too many connections: 2 are open, the limit set by"
                        + " --max-connections; try again later\"}\n");
                assertThat(third.closedByServer()).isTrue();
            }
            first.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(first.read().status()).as("the connections within the cap are served").isEqualTo(200);
            second.close();
            assertThat(servedOnceASlotIsFree()).isEqualTo(200);
        } finally {
            second.close();
        }
    }

    /** The status a new connection gets once the server has seen a connection close (it learns it a moment later). */
    private int servedOnceASlotIsFree() throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (RawConnection next = new RawConnection(node.server.port())) {
                next.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                int status = next.read().status();
                if (status != 503) {
                    return status;
                }
            }
            Thread.sleep(50);
        }
        return 503;
    }
}
