package io.netmon.cli;

import io.netmon.source.Collector;
import io.netmon.source.NativeLibrary;
import io.netmon.source.NativeReader;
import io.netmon.source.PodConfig;
import io.netmon.source.ProcPaths;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where to read from; shared by every command that reads the node. */
final class ProcOptions {
    @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = "${env:NETMON_PROC_ROOT:-" + ProcPaths.DEFAULT_ROOT_NAME + "}",
            description = "procfs to read (env NETMON_PROC_ROOT; default ${DEFAULT-VALUE}). "
                    + "Any other root is read through its PID 1: DIR/1/net/...; pods through one of their "
                    + "processes: DIR/<pid>/net/...")
    Path procRoot;

    @Option(names = "--max-interfaces", paramLabel = "N", defaultValue = Collector.DEFAULT_MAX_INTERFACES + "",
            description = "Most interfaces one read of /proc/net/dev accepts; a longer file is a failed read, "
                    + "the last good sample is kept (default ${DEFAULT-VALUE}; at most " + NativeReader.MAX_INTERFACES + ").")
    int maxInterfaces;

    ProcPaths paths() {
        return ProcPaths.of(procRoot);
    }

    /** The collector of these options, or a usage error when --max-interfaces is out of range. */
    Collector collector(CommandSpec spec, NativeLibrary library) {
        return collector(spec, library, PodConfig.OFF);
    }

    /** A collector of the node and of the pods {@code pods} says; a usage error as {@link #collector(CommandSpec, NativeLibrary)}. */
    Collector collector(CommandSpec spec, NativeLibrary library, PodConfig pods) {
        if (maxInterfaces < 1 || maxInterfaces > NativeReader.MAX_INTERFACES) {
            throw new ParameterException(spec.commandLine(), "--max-interfaces must be 1.." + NativeReader.MAX_INTERFACES
                    + ", got " + maxInterfaces);
        }
        return new Collector(paths(), library, Clock.systemUTC(), maxInterfaces, pods);
    }
}
