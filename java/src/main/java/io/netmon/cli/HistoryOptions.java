package io.netmon.cli;

import io.netmon.history.HistoryConfig;
import io.netmon.http.LiveOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How much history {@code serve} keeps and how many streams it serves. */
final class HistoryOptions {
    @Option(names = "--history-full", paramLabel = "DURATION", defaultValue = HistoryConfig.DEFAULT_FULL_MINUTES + "m",
            description = "Keep every sample for this long (default ${DEFAULT-VALUE}).")
    Duration full;

    @Option(names = "--history-coarse", paramLabel = "DURATION", defaultValue = HistoryConfig.DEFAULT_COARSE_HOURS + "h",
            description = "Keep one point per --history-coarse-step for this long (default ${DEFAULT-VALUE}).")
    Duration coarse;

    @Option(names = "--history-coarse-step", paramLabel = "DURATION",
            description = "Resolution of the longer history, a multiple of --interval "
                    + "(default " + HistoryConfig.DEFAULT_COARSE_STEP_SECONDS + "s, rounded up to a multiple of --interval).")
    Duration coarseStep;

    @Option(names = "--max-streams", paramLabel = "N", defaultValue = LiveOptions.DEFAULT_MAX_STREAMS + "",
            description = "Most /network/stream clients at once; more get 503 (default ${DEFAULT-VALUE}).")
    int maxStreams;

    /** The options for a sampling {@code interval}, or a usage error saying which value is wrong. */
    LiveOptions options(CommandSpec spec, Duration interval) {
        try {
            Duration step = coarseStep != null ? coarseStep : HistoryConfig.defaults(interval).coarseStep();
            return new LiveOptions(new HistoryConfig(interval, full, coarse, step), maxStreams);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
