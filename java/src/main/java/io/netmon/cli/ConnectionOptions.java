package io.netmon.cli;

import io.netmon.http.ServerOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How long {@code serve} waits for a request and how many connections it holds. */
final class ConnectionOptions {
    @Option(names = "--request-timeout", paramLabel = "DURATION",
            defaultValue = ServerOptions.DEFAULT_REQUEST_TIMEOUT_SECONDS + "s",
            description = "Longest a request may take from its first byte to its last; a slower one gets 408 "
                    + "and is closed. Streams are not cut once their request is in (default ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = ServerOptions.DEFAULT_MAX_CONNECTIONS + "",
            description = "Most connections open at once; one more gets 503 and is closed (default ${DEFAULT-VALUE}).")
    int maxConnections;

    /** The server's bounds, or a usage error saying which value is wrong. */
    ServerOptions options(CommandSpec spec) {
        try {
            return new ServerOptions(requestTimeout, maxConnections);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
    }
}
