package io.netmon.cli;

import io.netmon.source.InterfaceFilter;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which interfaces a command sees: {@code --interface-include} and {@code --interface-exclude}. */
final class InterfaceOptions {
    @Option(names = "--interface-include", paramLabel = "REGEX",
            description = "Only interfaces whose whole name matches (Java regex), e.g. 'eth.*|ens.*'. Default: all.")
    String include;

    @Option(names = "--interface-exclude", paramLabel = "REGEX",
            description = "Leave out interfaces whose whole name matches, e.g. 'veth.*|cali.*'. Default: none.")
    String exclude;

    /** The filter, or a usage error naming the option whose expression does not compile. */
    InterfaceFilter filter(CommandSpec spec) {
        check(spec, "--interface-include", include);
        check(spec, "--interface-exclude", exclude);
        return InterfaceFilter.of(include, exclude);
    }

    /** A usage error naming {@code option} when {@code regex} (null: not given) does not compile. */
    static void check(CommandSpec spec, String option, String regex) {
        if (regex == null) {
            return;
        }
        try {
            InterfaceFilter.of(regex, null);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), option + ": '" + regex + "' is not a regular expression: "
                    + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }
}
