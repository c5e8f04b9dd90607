package io.netmon.cli;

import io.netmon.source.Collector;
import io.netmon.source.NativeLibrary;
import io.netmon.source.PodConfig;
import io.netmon.source.ProcPaths;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** Where to read from; shared by every command that reads the node. */
final class ProcOptions {
    @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = "${env:NETMON_PROC_ROOT:-" + ProcPaths.DEFAULT_ROOT_NAME + "}",
            description = "procfs to read (env NETMON_PROC_ROOT; default ${DEFAULT-VALUE}). "
                    + "Any other root is read through its PID 1: DIR/1/net/...; pods through one of their "
                    + "processes: DIR/<pid>/net/...")
    Path procRoot;

    ProcPaths paths() {
        return ProcPaths.of(procRoot);
    }

    Collector collector(NativeLibrary library) {
        return collector(library, PodConfig.OFF);
    }

    /** A collector of the node and of the pods {@code pods} says. */
    Collector collector(NativeLibrary library, PodConfig pods) {
        return new Collector(paths(), library, Clock.systemUTC(), pods);
    }
}
