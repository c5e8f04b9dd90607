package io.netmon.cli;

import io.netmon.history.History;
import io.netmon.history.HistoryConfig;
import io.netmon.history.RateSample;
import io.netmon.source.InterfaceFilter;
import io.netmon.source.NativeLibrary;
import io.netmon.source.Sampler;
import io.netmon.view.NotReady;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code netmon top}: samples this node itself (its own sampler, the same history and rate code as
 * the service) and redraws the busiest interfaces and protocols after every sample. The terminal is
 * driven by JLine: raw mode, the alternate screen, and everything restored on the way out.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Live view of the busiest interfaces and protocols, refreshed every interval. q or Ctrl-C quits.")
final class TopCommand implements Callable<Integer> {
    /** How often the keyboard is looked at between samples. */
    private static final long KEY_POLL_MILLIS = 100;
    private static final int CTRL_C = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    ProcOptions proc;

    @Mixin
    InterfaceOptions interfaces;

    @Mixin
    IntervalOption sampling;

    @Option(names = {"-b", "--batch"},
            description = "Print plain frames one after another instead of drawing the screen (for scripts and logs).")
    boolean batch;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", defaultValue = "0",
            description = "Stop after N frames with rates (default: run until q).")
    int iterations;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Duration interval = sampling.get(spec);
        if (iterations < 0) {
            throw new ParameterException(spec.commandLine(), "--iterations must be >= 0, got " + iterations);
        }
        InterfaceFilter filter = interfaces.filter(spec);
        NativeLibrary library = NativeLibrary.load();
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
        try (Sampler sampler = new Sampler(proc.collector(spec, library), interval, filter)) {
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
            for (String line : TopView.render(sample, sampling.interval, Integer.MAX_VALUE, Integer.MAX_VALUE)) {
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

    /** The full-screen view until q, Ctrl-C or {@code --iterations}. */
    private int screen(AtomicReference<RateSample> latest, Object changed, Sampler sampler) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            AtomicBoolean quit = new AtomicBoolean();
            AtomicBoolean resized = new AtomicBoolean(true);
            terminal.handle(Terminal.Signal.INT, signal -> quit.set(true));
            terminal.handle(Terminal.Signal.WINCH, signal -> resized.set(true));
            Attributes saved = terminal.enterRawMode();
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.cursor_invisible);
            terminal.flush();
            try {
                Display display = new Display(terminal, true);
                NonBlockingReader keys = terminal.reader();
                long drawn = -1;
                int frames = 0;
                while (!quit.get()) {
                    RateSample sample = latest.get();
                    long sequence = sample == null ? 0 : sample.sequence();
                    if (sequence != drawn || resized.getAndSet(false)) {
                        Size size = terminal.getSize();
                        int rows = size.getRows() > 0 ? size.getRows() : 24;
                        int columns = size.getColumns() > 0 ? size.getColumns() : 80;
                        display.resize(rows, columns);
                        List<String> lines = sample == null || sample.sequence() < 2
                                ? TopView.render(null, sampling.interval, columns, rows)
                                : TopView.render(sample, sampling.interval, columns, rows);
                        Optional<String> failure = sample == null ? failedBeforeFirstSample(sampler) : Optional.empty();
                        if (failure.isPresent()) {
                            lines = List.of("netmon top: " + failure.get(), "(q quits)");
                        }
                        display.update(lines.stream().map(AttributedString::new).toList(), -1);
                        terminal.flush();
                        if (sample != null && sample.sequence() >= 2 && sequence != drawn) {
                            frames++;
                        }
                        drawn = sequence;
                        if (iterations > 0 && frames >= iterations) {
                            break;
                        }
                    }
                    int key = keys.read(KEY_POLL_MILLIS);
                    if (key == 'q' || key == 'Q' || key == CTRL_C || key == NonBlockingReader.EOF) {
                        quit.set(true);
                    }
                }
            } finally {
                terminal.puts(Capability.cursor_visible);
                terminal.puts(Capability.exit_ca_mode);
                terminal.setAttributes(saved);
                terminal.flush();
            }
        }
        return ExitCodes.OK;
    }
}
