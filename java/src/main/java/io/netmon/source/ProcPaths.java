package io.netmon.source;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the /proc/net files are, under a configurable proc root.
 *
 * <p>{@code /proc/net} is a link to {@code self/net}: it follows the network namespace of the
 * reading process. Under the default root that is what we want (with {@code hostNetwork: true}
 * it is the node's). When the root is a host procfs mounted elsewhere (a container's
 * {@code /host/proc}), {@code <root>/net} would still be the container's own namespace, so we
 * read through the host's PID 1 instead: {@code <root>/1/net}.
 */
public record ProcPaths(Path root, Path net) {

    public static final String DEFAULT_ROOT_NAME = "/proc";
    public static final Path DEFAULT_ROOT = Path.of(DEFAULT_ROOT_NAME);

    public static ProcPaths of(Path root) {
        Path normalized = root.toAbsolutePath().normalize();
        if (normalized.equals(DEFAULT_ROOT)) {
            return new ProcPaths(normalized, normalized.resolve("net"));
        }
        Path hostNet = normalized.resolve("1").resolve("net");
        return new ProcPaths(normalized, Files.isDirectory(hostNet) ? hostNet : normalized.resolve("net"));
    }

    public Path netDev() {
        return net.resolve("dev");
    }

    public Path netmon() {
        return net.resolve("netmon");
    }

    public Path snmp() {
        return net.resolve("snmp");
    }

    public Path snmp6() {
        return net.resolve("snmp6");
    }
}
