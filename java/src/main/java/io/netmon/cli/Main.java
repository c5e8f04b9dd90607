package io.netmon.cli;

import io.netmon.source.NativeLibrary;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code netmon}: the service and its command-line tools. */
@Command(name = "netmon",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Network traffic analyzer for Linux and Kubernetes nodes.",
        subcommands = {ServeCommand.class, ShowCommand.class, StatusCommand.class, TopCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The commands that read /proc through libnetmon.so. */
    private static final Set<String> READERS = Set.of("serve", "show", "status", "top");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Supplier<NativeLibrary> library;

    private Main(Supplier<NativeLibrary> library) {
        this.library = library;
    }

    public static void main(String[] args) {
        // A command that reads /proc has libnetmon.so (and JNA with it, about 100 ms) loaded on a
        // thread of its own while picocli reads the command line (docs/BENCHMARKS.md, "Changes since
        // the run before, each measured side by side").
        boolean reads = args.length > 0 && READERS.contains(args[0]);
        System.exit(commandLine(reads ? NativeLibrary.loadInBackground() : NativeLibrary::load).execute(args));
    }

    /** The configured command line, also used by tests: the library is loaded by the command that needs it. */
    public static CommandLine commandLine() {
        return commandLine(NativeLibrary::load);
    }

    private static CommandLine commandLine(Supplier<NativeLibrary> library) {
        CommandLine cli = new CommandLine(new Main(library));
        cli.registerConverter(java.time.Duration.class, new DurationConverter());
        return cli;
    }

    /** libnetmon.so, for the one command that runs (asked once). */
    NativeLibrary library() {
        return library.get();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (serve, show, status, top)");
    }
}
