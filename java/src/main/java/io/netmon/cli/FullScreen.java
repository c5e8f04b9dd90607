package io.netmon.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The terminal side of {@code netmon top}, through JLine: raw mode, the alternate screen and a hidden
 * cursor while it is open, and on the way out (close, or a plain kill) exactly the terminal there
 * was before. q, Ctrl-C and the end of input ask to quit; a change of window size repaints the
 * whole screen; Ctrl-Z gives the terminal back before the process stops and takes it again, all
 * repainted, when the shell continues it ({@code fg}).
 */
final class FullScreen implements AutoCloseable {
    private static final int CTRL_C = 3;

    /** There is no terminal to draw on; the message says why. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Terminal terminal;
    private final Attributes saved;
    private final Display display;
    private final NonBlockingReader keys;
    private final AtomicBoolean quit = new AtomicBoolean();
    private final AtomicBoolean resized = new AtomicBoolean(true);
    private final Thread onKill = new Thread(this::restore, "netmon-top-restore");
    private final Thread keyReader = new Thread(this::readKeys, "netmon-top-keys");
    private volatile IOException keyFailure;
    /** Drawing, suspending and restoring take turns: nothing is drawn while the terminal is given back. */
    private final Object lock = new Object();
    private boolean restored;
    private boolean suspended;
    private int rows;
    private int columns;

    private FullScreen(Terminal terminal) {
        this.terminal = terminal;
        this.display = new Display(terminal, true);
        this.keys = terminal.reader();
        terminal.handle(Terminal.Signal.INT, signal -> quit.set(true));
        terminal.handle(Terminal.Signal.WINCH, signal -> resized.set(true));
        terminal.handle(Terminal.Signal.TSTP, signal -> suspend());
        terminal.handle(Terminal.Signal.CONT, signal -> resume());
        this.saved = terminal.enterRawMode();
        // A plain kill (SIGTERM) ends the JVM without reaching close().
        Runtime.getRuntime().addShutdownHook(onKill);
        enter();
        keyReader.setDaemon(true);
        keyReader.start();
    }

    private void enter() {
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
    }

    /** The terminal as it was: the main screen, the cursor, the tty's modes. */
    private void leave() {
        // cursor_normal undoes cursor_invisible; cursor_visible ("very visible") need not (tmux: it does not).
        terminal.puts(Capability.cursor_normal);
        terminal.puts(Capability.exit_ca_mode);
        terminal.setAttributes(saved);
        terminal.flush();
    }

    /** Takes over this process's terminal, or says why there is none that can show a full screen. */
    static FullScreen open() throws IOException, Unavailable {
        Terminal terminal;
        try {
            // exec (stty) first: it sets only the modes raw mode changes and puts back exactly those.
            // The JNI provider writes the whole termios and loses the line speed (B0, which hangs up
            // a serial console); it is only for where stty cannot run.
            terminal = TerminalBuilder.builder().system(true).dumb(false)
                    .providers(TerminalBuilder.PROP_PROVIDER_EXEC + "," + TerminalBuilder.PROP_PROVIDER_JNI)
                    .build();
        } catch (IllegalStateException e) {
            throw new Unavailable("top needs a terminal, and its standard input and output are not both one", e);
        }
        if (terminal.getStringCapability(Capability.cursor_address) == null) {
            String type = terminal.getType();
            terminal.close();
            throw new Unavailable("top needs a terminal that can move the cursor, and TERM=" + type + " cannot", null);
        }
        return new FullScreen(terminal);
    }

    /** Whether q, Ctrl-C or the end of input asked to quit. */
    boolean quit() {
        return quit.get();
    }

    /**
     * Whether the window changed size since the last call (true on the first): then {@link #rows()}
     * and {@link #columns()} are the new size, and the next {@link #draw} repaints everything.
     */
    boolean sizeChanged() {
        if (!resized.getAndSet(false)) {
            return false;
        }
        // Asked only after SIGWINCH: with the exec provider each look runs stty.
        Size size = terminal.getSize();
        rows = size.getRows() > 0 ? size.getRows() : 24;
        columns = size.getColumns() > 0 ? size.getColumns() : 80;
        synchronized (lock) {
            display.resize(rows, columns);
            // The terminal cut or kept its old lines its own way, not the way Display would re-wrap them.
            display.clear();
        }
        return true;
    }

    int rows() {
        return rows;
    }

    int columns() {
        return columns;
    }

    /** Shows {@code lines} (at most {@link #rows()} of at most {@link #columns()}), writing only what changed. */
    void draw(List<String> lines) {
        // A list of our own, not an immutable one: Display keeps it and edits it on the next update
        // when it scrolls lines that moved.
        List<AttributedString> screen = new ArrayList<>(lines.size());
        for (String line : lines) {
            screen.add(new AttributedString(line));
        }
        synchronized (lock) {
            if (!restored && !suspended) {
                display.update(screen, -1);
            }
        }
    }

    /** Waits {@code millis}, or less when a key asks to quit; throws if the keyboard could not be read. */
    void pause(long millis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!quit.get() && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(millis, 20));
        }
        if (keyFailure != null) {
            throw keyFailure;
        }
    }

    /**
     * The keyboard, on a thread of its own: a read that waits. Not the drawing thread's business, as
     * a read begun before Ctrl-Z would hold it after {@code fg} until a key came (the tty times a read
     * by the modes it began in).
     */
    private void readKeys() {
        try {
            while (!quit.get()) {
                int key = keys.read();
                // Ctrl-C is a signal in raw mode too; it arrives as a key only where the tty sends none (stty -isig).
                if (key == 'q' || key == 'Q' || key == CTRL_C || key == NonBlockingReader.EOF) {
                    quit.set(true);
                }
            }
        } catch (IOException e) {
            keyFailure = e;
            quit.set(true);
        }
    }

    /** Ctrl-Z (SIGTSTP): the terminal back to the shell, then stop as the signal's default action would. */
    private void suspend() {
        synchronized (lock) {
            if (restored || suspended) {
                return;
            }
            suspended = true;
            leave();
        }
        terminal.handle(Terminal.Signal.TSTP, Terminal.SignalHandler.SIG_DFL);
        try {
            // The JVM cannot raise a signal on itself; sh's kill can.
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -TSTP " + ProcessHandle.current().pid())
                    .inheritIO().start();
            kill.waitFor();
        } catch (IOException e) {
            resume();
            throw new UncheckedIOException("cannot stop on Ctrl-Z", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGCONT after a Ctrl-Z ({@code fg}): take the terminal again and repaint it all. */
    private void resume() {
        synchronized (lock) {
            if (!suspended) {
                return;
            }
            suspended = false;
            if (restored) {
                return; // a kill while stopped: the terminal stays given back
            }
            terminal.handle(Terminal.Signal.TSTP, signal -> suspend());
            terminal.enterRawMode();
            enter();
            // The window may have changed meanwhile, and the shell wrote on the screen.
            resized.set(true);
        }
    }

    private void restore() {
        synchronized (lock) {
            if (restored) {
                return;
            }
            restored = true;
            quit.set(true);
            if (!suspended) {
                leave();
            }
        }
    }

    @Override
    public void close() throws IOException {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(onKill);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (a kill): the hook has restored the terminal.
        }
        terminal.close();
    }
}
