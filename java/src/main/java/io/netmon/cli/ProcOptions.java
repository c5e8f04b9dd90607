package io.netmon.cli;

import io.netmon.source.Collector;
import io.netmon.source.NativeLibrary;
import io.netmon.source.ProcPaths;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** Where to read from; shared by every command that reads the node. */
final class ProcOptions {
    @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = "${env:NETMON_PROC_ROOT:-" + ProcPaths.DEFAULT_ROOT_NAME + "}",
            description = "procfs to read (env NETMON_PROC_ROOT; default ${DEFAULT-VALUE}). "
                    + "Any other root is read through its PID 1: DIR/1/net/...")
    Path procRoot;

    ProcPaths paths() {
        return ProcPaths.of(procRoot);
    }

    Collector collector(NativeLibrary library) {
        return new Collector(paths(), library, Clock.systemUTC());
    }
}
