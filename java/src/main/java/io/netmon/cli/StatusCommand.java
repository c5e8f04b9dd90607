package io.netmon.cli;

import io.netmon.source.NativeLibrary;
import io.netmon.source.ProcPaths;
import io.netmon.source.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netmon status}: which source is in use, whether the module and the native library are there. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say which source is in use and whether the module and native library are loaded.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProcOptions proc;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NativeLibrary library = NativeLibrary.load();
        ProcPaths paths = proc.paths();
        out.printf("native library: %s%n", library.describe());
        out.printf("reading:        %s%n", paths.net());
        out.printf("module:         %s%n", Files.exists(paths.netmon())
                ? "netmon.ko loaded (" + paths.netmon() + ")"
                : "netmon.ko not loaded (" + paths.netmon() + " absent)");
        int code = ExitCodes.OK;
        try {
            Snapshot snapshot = proc.collector(library).collect();
            out.printf("source:         %s%n", snapshot.source().label());
            out.printf("interfaces:     %d%n", snapshot.interfaces().size());
        } catch (IOException e) {
            out.printf("source:         unreadable: %s%n", e.getMessage());
            code = ExitCodes.UNREADABLE;
        }
        out.flush();
        return code;
    }
}
