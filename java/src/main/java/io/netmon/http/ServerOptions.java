package io.netmon.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the HTTP transport.
 *
 * @param requestTimeout the longest a request may take from its first byte to its last (headers and
 *                       body); beyond it the connection gets 408 and is closed. A stream's request is
 *                       complete once it is read: the stream itself is not bounded by this
 * @param maxConnections the most connections open at once; one more is answered 503 and closed
 */
public record ServerOptions(Duration requestTimeout, int maxConnections) {
    public static final long DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    public ServerOptions {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request-timeout must be positive, got " + requestTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-connections must be >= 1, got " + maxConnections);
        }
    }

    public static ServerOptions defaults() {
        return new ServerOptions(Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS), DEFAULT_MAX_CONNECTIONS);
    }
}
