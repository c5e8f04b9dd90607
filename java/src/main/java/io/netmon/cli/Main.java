package io.netmon.cli;

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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(java.time.Duration.class, new DurationConverter());
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (serve, show, status, top)");
    }
}
