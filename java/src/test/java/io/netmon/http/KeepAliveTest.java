package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 keep-alive and HTTP/1.0 close, seen on a raw socket. */
class KeepAliveTest {
    private FixtureNode node;

    @BeforeEach
    void start(@TempDir Path root) throws Exception {
        node = new FixtureNode(root);
        node.sampler.sampleOnce();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** Reads one response: headers up to the blank line, then exactly Content-Length bytes. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside headers: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElseThrow();
        byte[] body = in.readNBytes(length);
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void http11ServesManyRequestsOnOneConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /network/interfaces/lo HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").endsWith("{\"status\":\"ok\"}\n");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").contains("\"interface\":\"lo\"");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 404 Not Found").contains("no such path: /nowhere");
        }
    }

    @Test
    void http10ClosesAfterTheResponseUnlessAskedToKeepAlive() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /healthz HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = readResponse(in);
            assertThat(response).startsWith("HTTP/1.0 200 OK");
            assertThat(in.read()).as("server closes an HTTP/1.0 connection").isEqualTo(-1);
        }
        try (Socket socket = new Socket("127.0.0.1", node.server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).startsWith("HTTP/1.0 200 OK").containsIgnoringCase("connection: keep-alive");
            out.write("GET /readyz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).startsWith("HTTP/1.0 200 OK").contains("\"status\":\"ready\"");
        }
    }

    @Test
    void http11ConnectionCloseIsHonoured() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("connection: close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
