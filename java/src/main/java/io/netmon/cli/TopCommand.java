package io.netmon.cli;

import io.netmon.history.History;
import io.netmon.history.HistoryConfig;
import io.netmon.history.RateSample;
import io.netmon.source.InterfaceFilter;
import io.netmon.source.NativeLibrary;
import io.netmon.source.PodConfig;
import io.netmon.source.Sampler;
import io.netmon.view.NotReady;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code netmon top}: samples this node itself (its own sampler, the same history and rate code as
 * the service) and redraws the busiest interfaces and protocols after every sample, on a
 * {@link FullScreen} or, with {@code --batch}, as plain frames one after another.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Live view of the busiest interfaces (or pods) and protocols, refreshed every interval. "
                + "q or Ctrl-C quits.")
final class TopCommand implements Callable<Integer> {
    /** How often the loops below look again: for a sample, a key, a new window size. */
    private static final long KEY_POLL_MILLIS = 100;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ProcOptions proc;

    @Mixin
    InterfaceOptions interfaces;

    @Mixin
    IntervalOption sampling;

    @Option(names = {"-b", "--batch"},
            description = "Print plain frames one after another instead of drawing the screen: for scripts, logs "
                    + "and pipes (without a terminal, top needs it).")
    boolean batch;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", defaultValue = "0",
            description = "Stop after N frames with rates (default: run until q).")
    int iterations;

    @Option(names = "--pods", description = "Show the busiest pods (and their protocols) instead of the interfaces.")
    boolean pods;

    @Mixin
    PodOptions podOptions;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Duration interval = sampling.get(spec);
        if (iterations < 0) {
            throw new ParameterException(spec.commandLine(), "--iterations must be >= 0, got " + iterations);
        }
        InterfaceFilter filter = interfaces.filter(spec);
        PodConfig podConfig = podOptions.config(spec, pods);
        NativeLibrary library = main.library();
        if (!library.loaded()) {
            spec.commandLine().getErr().println("netmon: " + library.describe());
            return ExitCodes.UNREADABLE;
        }
        History history = new History(new HistoryConfig(interval, interval.multipliedBy(2), interval.multipliedBy(2), interval));
        AtomicReference<RateSample> latest = new AtomicReference<>();
        Object changed = new Object();
        history.addListener(sample -> {
            latest.set(sample);
            synchronized (changed) {
                changed.notifyAll();
            }
        });
        try (Sampler sampler = new Sampler(proc.collector(spec, library, podConfig), interval, filter)) {
            sampler.addListener(history);
            sampler.start();
            return batch ? batch(latest, changed, sampler) : screen(latest, changed, sampler);
        }
    }

    /** Frames as plain text, one per sample after the first (which has no rates yet). */
    private int batch(AtomicReference<RateSample> latest, Object changed, Sampler sampler) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        long shown = 1;
        int frames = 0;
        while (iterations == 0 || frames < iterations) {
            RateSample sample;
            synchronized (changed) {
                while ((sample = latest.get()) == null || sample.sequence() <= shown) {
                    if (failed(sampler)) {
                        return ExitCodes.UNREADABLE;
                    }
                    changed.wait(KEY_POLL_MILLIS);
                }
            }
            shown = sample.sequence();
            for (String line : TopView.render(sample, sampling.interval, Integer.MAX_VALUE, Integer.MAX_VALUE, false, pods)) {
                out.println(line);
            }
            out.println();
            out.flush();
            frames++;
        }
        return ExitCodes.OK;
    }

    private boolean failed(Sampler sampler) {
        Optional<String> failure = failedBeforeFirstSample(sampler);
        failure.ifPresent(why -> spec.commandLine().getErr().println("netmon: " + why));
        return failure.isPresent();
    }

    /** Why there is no sample yet when every read so far failed; empty while the first is on its way, and after. */
    private static Optional<String> failedBeforeFirstSample(Sampler sampler) {
        return NotReady.check(sampler.state()).flatMap(NotReady::failure);
    }

    /** The full-screen view until q, Ctrl-C or {@code --iterations}; a usage error where there is no terminal for it. */
    private int screen(AtomicReference<RateSample> latest, Object changed, Sampler sampler)
            throws IOException, InterruptedException {
        FullScreen screen;
        try {
            screen = FullScreen.open();
        } catch (FullScreen.Unavailable e) {
            spec.commandLine().getErr().println("netmon: " + e.getMessage()
                    + ". For plain frames one after another: netmon top --batch");
            return ExitCodes.USAGE;
        }
        try (screen) {
            long drawn = -1;
            int frames = 0;
            while (!screen.quit()) {
                RateSample sample = latest.get();
                long sequence = sample == null ? 0 : sample.sequence();
                boolean resized = screen.sizeChanged();
                if (resized || sequence != drawn) {
                    int rows = screen.rows();
                    int columns = screen.columns();
                    List<String> lines = sample == null || sample.sequence() < 2
                            ? TopView.render(null, sampling.interval, columns, rows, true, pods)
                            : TopView.render(sample, sampling.interval, columns, rows, true, pods);
                    Optional<String> failure = sample == null ? failedBeforeFirstSample(sampler) : Optional.empty();
                    if (failure.isPresent()) {
                        lines = List.of("netmon top: " + failure.get(), "(q quits)");
                    }
                    screen.draw(lines);
                    if (sample != null && sample.sequence() >= 2 && sequence != drawn) {
                        frames++;
                    }
                    drawn = sequence;
                    if (iterations > 0 && frames >= iterations) {
                        break;
                    }
                }
                screen.pause(KEY_POLL_MILLIS);
            }
        }
        return ExitCodes.OK;
    }
}
