package io.netmon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal for full-screen tests: a tmux server of our own (its own socket, no user
 * configuration, no status line) running one command in one window. The test reads the screen
 * ({@code capture-pane}) and the terminal's state ({@code #{alternate_on}}, {@code #{cursor_flag}},
 * the pane's tty), types keys and resizes the window as a person would.
 */
final class Tmux {
    private static final String WINDOW = "netmon";

    private final Path socket;

    private Tmux(Path socket) {
        this.socket = socket;
    }

    /** Starts {@code command} (run by the default shell) in a {@code columns} x {@code rows} window. */
    static Tmux start(Path dir, int columns, int rows, String command) throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("tmux.conf"), "set-option -g status off\n");
        Tmux tmux = new Tmux(dir.resolve("tmux.sock"));
        tmux.run("-f", config.toString(), "new-session", "-d", "-s", WINDOW,
                "-x", Integer.toString(columns), "-y", Integer.toString(rows), command);
        return tmux;
    }

    /** The visible screen, one line per row, trailing blanks trimmed. */
    List<String> screen() throws IOException, InterruptedException {
        String text = run("capture-pane", "-p", "-t", WINDOW);
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }

    /** A tmux format evaluated for the pane, e.g. {@code #{alternate_on}}. */
    String format(String format) throws IOException, InterruptedException {
        return run("display-message", "-p", "-t", WINDOW, format).strip();
    }

    /** What {@code stty -a} says of the pane's terminal right now, read from outside it. */
    String ttyModes() throws IOException, InterruptedException {
        return exec(List.of("stty", "-a", "-F", format("#{pane_tty}")));
    }

    void resize(int columns, int rows) throws IOException, InterruptedException {
        run("resize-window", "-t", WINDOW, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** Keys as tmux names them: {@code q}, {@code C-c}. */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", WINDOW));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** Ends the server and whatever still runs in its window. */
    void kill() throws IOException, InterruptedException {
        run("kill-server");
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Not the tmux this build may run in (its server, its pane).
        builder.environment().keySet().removeAll(List.of("TMUX", "TMUX_PANE"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String hint = command.get(0).equals("tmux") ? " (scripts/deps.sh browser installs it)" : "";
            throw new IOException("cannot run " + command.get(0) + hint, e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + process.exitValue() + ": " + output);
        }
        return output;
    }
}
