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
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code netmon status}: which source is in use, whether the module and the native library are there. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say which source is in use and whether the module and native library are loaded.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ProcOptions proc;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NativeLibrary library = main.library();
        ProcPaths paths = proc.paths();
        out.printf("native library: %s%n", library.describe());
        out.printf("reading:        %s%n", paths.net());
        int code = ExitCodes.OK;
        try {
            Snapshot snapshot = proc.collector(spec, library).collect();
            Snapshot.ModuleInfo module = snapshot.module();
            out.printf("module:         %s%n", module != null
                    ? "netmon.ko " + module.moduleVersion() + " loaded (" + paths.netmon() + ", format "
                            + module.formatVersion() + ")"
                    : "netmon.ko not loaded (" + paths.netmon() + " absent)");
            out.printf("source:         %s%n", snapshot.source().label()
                    + (snapshot.source().hasBytes() ? " (per-protocol packets and bytes, per interface)"
                            : " (/proc/net/dev; protocol packets from /proc/net/snmp, host-wide)"));
            out.printf("interfaces:     %d%n", snapshot.interfaces().size());
        } catch (IOException e) {
            out.printf("module:         %s%n", Files.exists(paths.netmon())
                    ? paths.netmon() + " present but unreadable" : "netmon.ko not loaded (" + paths.netmon() + " absent)");
            out.printf("source:         unreadable: %s%n", e.getMessage());
            code = ExitCodes.UNREADABLE;
        }
        out.flush();
        return code;
    }
}
