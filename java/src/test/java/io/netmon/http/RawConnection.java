package io.netmon.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One TCP connection to a server, driven byte by byte: what a client library would hide (pipelining,
 * a request trickled slowly, the exact status line, a reset instead of a close).
 */
final class RawConnection implements AutoCloseable {
    /** How long a read waits before the test fails; generous, never asserted on. */
    static final int PATIENCE_MILLIS = 20_000;

    /** One response as sent: its status line, its header lines (names lower-cased) and its body. */
    record Response(String statusLine, List<String> headers, String body) {
        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst();
        }

        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer in bytes (0: the system's), small to make a server's answers queue up */
    RawConnection(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(PATIENCE_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Sends {@code bytes} one at a time, {@code pauseMillis} apart, until they are all sent or the server
     * answers or closes; returns how many were sent.
     */
    int trickle(byte[] bytes, long pauseMillis) throws IOException, InterruptedException {
        for (int i = 0; i < bytes.length; i++) {
            if (in.available() > 0) {
                return i;
            }
            try {
                out.write(bytes[i]);
                out.flush();
            } catch (IOException closed) {
                return i;
            }
            Thread.sleep(pauseMillis);
        }
        return bytes.length;
    }

    /** The next response: headers up to the blank line, then Content-Length bytes (or none). */
    Response read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response head: '" + head + "'");
            }
            head.write(b);
        }
        List<String> lines = new ArrayList<>(head.toString(StandardCharsets.ISO_8859_1).lines().toList());
        String status = lines.remove(0);
        lines.removeIf(String::isEmpty);
        Response headersOnly = new Response(status, lines, "");
        int length = headersOnly.header("content-length").map(Integer::parseInt).orElse(0);
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("connection closed inside a body of " + length + " bytes after " + body.length);
        }
        return new Response(status, lines, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closed its side (end of stream); a reset throws instead. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** The next bytes, as many as are there within the patience (for an event stream's chunks). */
    String readSome() throws IOException {
        byte[] buffer = new byte[65536];
        int n = in.read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
