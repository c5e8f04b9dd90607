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

    @Option(names = "--history-budget", paramLabel = "MB", defaultValue = HistoryConfig.DEFAULT_BUDGET_MB + "",
            description = "Most memory the whole history may hold, in MB (10^6 bytes; default ${DEFAULT-VALUE}): "
                    + "a bigger node keeps fewer points, and /network/history says so.")
    long budgetMb;

    @Option(names = "--max-streams", paramLabel = "N", defaultValue = LiveOptions.DEFAULT_MAX_STREAMS + "",
            description = "Most /network/stream clients at once; more get 503 (default ${DEFAULT-VALUE}).")
    int maxStreams;

    /** The options for a sampling {@code interval}, or a usage error saying which value is wrong. */
    LiveOptions options(CommandSpec spec, Duration interval) {
        try {
            Duration step = coarseStep != null ? coarseStep : HistoryConfig.defaults(interval).coarseStep();
            if (budgetMb < 1 || budgetMb > 1_000_000) {
                throw new IllegalArgumentException("--history-budget must be 1..1000000 MB, got " + budgetMb);
            }
            return new LiveOptions(new HistoryConfig(interval, full, coarse, step, budgetMb * 1000 * 1000), maxStreams);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
