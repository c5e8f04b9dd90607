package io.netmon.cli;

import io.netmon.source.Sampler;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --interval}: the sampling period of the commands that sample. */
final class IntervalOption {
    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = Sampler.DEFAULT_INTERVAL_SECONDS + "s",
            description = "Sampling period: 500ms, 1s, 5s ... (default ${DEFAULT-VALUE}).")
    Duration interval;

    /** The period, or a usage error when it is not positive. */
    Duration get(CommandSpec spec) {
        if (interval.isNegative() || interval.isZero()) {
            throw new ParameterException(spec.commandLine(), "--interval must be positive, got " + interval);
        }
        return interval;
    }
}
