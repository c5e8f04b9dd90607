package io.netmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar netmon.jar top} in a real pseudo-terminal (tmux), on a proc root whose counters
 * change under it: the screen follows the traffic and the window's size, Ctrl-Z and fg give the
 * terminal back and take it again, and q, Ctrl-C or a kill leave it as it was (main screen, cursor
 * shown, the same tty modes).
 *
 * <p>Nothing here is timed: every step waits, generously, for what the screen must show.
 */
class TopTerminalIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern TITLE = Pattern.compile(
            "netmon top - procfs - \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC - sample \\d+ - every 250ms - q quits");
    private static final Pattern HEADER = Pattern.compile("INTERFACE +RX +TX +RX PKT/S +TX PKT/S");
    private static final Pattern ROW = Pattern.compile(
            "(eth\\d|uplink) +(\\d+\\.\\d) MB/s +(\\d+\\.\\d) MB/s +(\\d+) +(\\d+)");

    @TempDir
    Path dir;
    private TrafficFeed feed;
    private Tmux tmux;

    @AfterEach
    void stop() throws Exception {
        if (tmux != null) {
            tmux.kill();
        }
        if (feed != null) {
            feed.stop();
        }
    }

    @Test
    void followsTheTrafficAndTheWindowSizeThenQuitsOnQ() throws Exception {
        start(0, 120, 35);
        await("eth0 busy, every interface shown, 120x35", s -> fullFrame(s, 0, 35));
        assertTookTheTerminal();

        feed.busy(5);
        await("eth5 busy, now first, eth0 back among the idle ones", s -> fullFrame(s, 5, 35));

        tmux.resize(60, 10);
        feed.busy(2);
        await("eth2 busy in 60x10: four idle interfaces shown, five left out", s -> smallFrame(s, 2));

        tmux.resize(100, 30);
        feed.busy(7);
        await("eth7 busy, every interface shown again, 100x30, nothing left of the small frame", s -> fullFrame(s, 7, 30));

        tmux.keys("q");
        assertExitedAndRestoredTheTerminal();
    }

    @Test
    void ctrlCQuitsAndRestoresTheTerminal() throws Exception {
        start(3, 100, 24);
        await("eth3 busy, 100x24", s -> fullFrame(s, 3, 24));
        tmux.keys("C-c");
        assertExitedAndRestoredTheTerminal();
    }

    @Test
    void ctrlZGivesTheTerminalBackAndFgTakesItAgain() throws Exception {
        start(4, 100, 24);
        await("eth4 busy, 100x24", s -> fullFrame(s, 4, 24));
        tmux.keys("C-z");
        awaitFile("stopped");
        assertThat(tmux.format("#{alternate_on} #{cursor_flag}")).as("stopped: main screen, cursor shown").isEqualTo("0 1");
        assertThat(Files.readString(dir.resolve("stty-stopped"))).as("tty modes while stopped (stty -g)")
                .isEqualTo(Files.readString(dir.resolve("stty-before")));

        feed.busy(6);
        tmux.keys("Enter");
        await("after fg, the whole screen again and eth6 busy", s -> fullFrame(s, 6, 24));
        assertTookTheTerminal();
        tmux.keys("q");
        assertExitedAndRestoredTheTerminal();
    }

    @Test
    void aKillRestoresTheTerminalToo() throws Exception {
        start(8, 100, 24);
        await("eth8 busy, 100x24", s -> fullFrame(s, 8, 24));
        kill();
        assertExitedAndRestoredTheTerminal(143);
    }

    @Test
    void aKillWhileStoppedLeavesTheTerminalAsTheShellHasIt() throws Exception {
        start(1, 100, 24);
        await("eth1 busy, 100x24", s -> fullFrame(s, 1, 24));
        tmux.keys("C-z");
        awaitFile("stopped");
        kill();
        tmux.keys("Enter"); // fg: the JVM continues, and ends on the SIGTERM it was sent while stopped
        assertExitedAndRestoredTheTerminal(143);
    }

    /** SIGTERM to top (the JVM, the child of the pane's shell). */
    private void kill() throws Exception {
        ProcessHandle shell = ProcessHandle.of(Long.parseLong(tmux.format("#{pane_pid}"))).orElseThrow();
        ProcessHandle java = shell.children().findFirst().orElseThrow();
        assertThat(java.destroy()).as("SIGTERM sent to " + java.pid()).isTrue();
    }

    @Test
    void aTerminalThatCannotMoveTheCursorIsAUsageError() throws Exception {
        start(0, 100, 24, "TERM=dumb");
        assertThat(awaitExit()).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.readString(dir.resolve("stderr"))).isEqualTo(
                "netmon: top needs a terminal that can move the cursor, and TERM=dumb cannot."
                        + " For plain frames one after another: netmon top --batch\n");
        assertThat(Files.readString(dir.resolve("stty-after"))).isEqualTo(Files.readString(dir.resolve("stty-before")));
    }

    private void start(int busy, int columns, int rows) throws IOException, InterruptedException {
        start(busy, columns, rows, "");
    }

    /**
     * Feeds traffic with eth{@code busy} busy and runs top in a new window, through a script that
     * records the tty's modes before and after, and the exit status; then keeps the pane (and its
     * terminal state) for the test to look at.
     *
     * @param environment put before the command, e.g. {@code TERM=dumb}
     */
    private void start(int busy, int columns, int rows, String environment) throws IOException, InterruptedException {
        String jar = System.getProperty("netmon.jar");
        assertThat(jar).as("system property netmon.jar (set by the pom for failsafe)").isNotNull();
        Path script = Files.writeString(dir.resolve("run.sh"), String.join("\n",
                "set -m", // job control, as in an interactive shell: Ctrl-Z stops top and the shell goes on
                "cd " + quote(dir.toString()),
                "stty -g > stty-before",
                environment + " " + quote(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                        + " -jar " + quote(jar) + " top --interval 250ms --proc-root root 2> stderr",
                "status=$?",
                "while [ $status -eq 148 ]; do", // stopped by Ctrl-Z: say so, and fg on the test's Enter
                "  stty -g > stty-stopped",
                "  : > stopped",
                "  read -r _",
                "  rm stopped",
                "  fg",
                "  status=$?",
                "done",
                "echo $status > rc.next",
                "stty -g > stty-after",
                "mv rc.next rc",
                "exec sleep 600",
                ""));
        feed = TrafficFeed.start(dir.resolve("root"), busy);
        tmux = Tmux.start(dir, columns, rows, "bash " + quote(script.toString()));
    }

    private void assertTookTheTerminal() throws Exception {
        assertThat(tmux.format("#{alternate_on} #{cursor_flag}")).as("alternate screen on, cursor hidden").isEqualTo("1 0");
        assertThat(tmux.ttyModes().split("[ ;\n]+")).as("raw mode").contains("-icanon", "-echo");
    }

    private void assertExitedAndRestoredTheTerminal() throws Exception {
        assertExitedAndRestoredTheTerminal(0);
    }

    /** @param status 0, or 128 + the signal that ended the JVM */
    private void assertExitedAndRestoredTheTerminal(int status) throws Exception {
        assertThat(awaitExit()).as("exit status" + diagnostics(tmux.screen())).isEqualTo(status);
        assertThat(Files.readString(dir.resolve("stderr"))).as("stderr").isEmpty();
        assertThat(Files.readString(dir.resolve("stty-after"))).as("tty modes after (stty -g)")
                .isEqualTo(Files.readString(dir.resolve("stty-before")));
        assertThat(tmux.ttyModes().split("[ ;\n]+")).as("cooked mode").contains("icanon", "echo");
        assertThat(tmux.format("#{alternate_on} #{cursor_flag}")).as("main screen, cursor shown").isEqualTo("0 1");
    }

    /** Waits for top to end; its exit status. */
    private int awaitExit() throws Exception {
        return Integer.parseInt(Files.readString(awaitFile("rc")).strip());
    }

    /** Waits for the pane's script to write {@code name}. */
    private Path awaitFile(String name) throws Exception {
        Path file = dir.resolve(name);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                fail("no " + name + " within " + PATIENCE + diagnostics(tmux.screen()));
            }
            Thread.sleep(100);
        }
        return file;
    }

    /** Waits for a screen that satisfies {@code frame}; fails at once if top exits before. */
    private void await(String what, Predicate<List<String>> frame) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> screen = tmux.screen();
        while (!frame.test(screen)) {
            feed.check();
            if (Files.exists(dir.resolve("rc"))) {
                fail("netmon top exited while waiting for: " + what + diagnostics(screen));
            }
            if (System.nanoTime() > deadline) {
                fail("no screen with " + what + " within " + PATIENCE + diagnostics(screen));
            }
            Thread.sleep(100);
            screen = tmux.screen();
        }
    }

    private String diagnostics(List<String> screen) throws IOException {
        Path rc = dir.resolve("rc");
        Path stderr = dir.resolve("stderr");
        return "\n--- screen ---\n" + String.join("\n", screen)
                + "\n--- exit status: " + (Files.exists(rc) ? Files.readString(rc).strip() : "(running)")
                + "\n--- stderr ---\n" + (Files.exists(stderr) ? Files.readString(stderr) : "");
    }

    /**
     * Title, header, the uplink, then eth{@code busy}, the nine others idle in name order, and the rest
     * of the screen blank.
     */
    private static boolean fullFrame(List<String> screen, int busy, int rows) {
        List<String> idle = idleRows(busy);
        return screen.size() == rows
                && TITLE.matcher(screen.get(0)).matches()
                && screen.get(1).isEmpty()
                && HEADER.matcher(screen.get(2)).matches()
                && rate(screen.get(3), "uplink", TrafficFeed.UPLINK_RX_BYTES, TrafficFeed.UPLINK_TX_BYTES)
                && rate(screen.get(4), "eth" + busy, TrafficFeed.RX_BYTES, TrafficFeed.TX_BYTES)
                && rowsMatch(screen.subList(5, 5 + idle.size()), idle)
                && screen.subList(5 + idle.size(), rows).stream().allMatch(String::isEmpty);
    }

    /** The same in 60x10: the title cut at 60 columns, the first four idle rows and a line for the five left out. */
    private static boolean smallFrame(List<String> screen, int busy) {
        String title = screen.get(0);
        return screen.size() == 10
                && title.startsWith("netmon top - procfs - ") && title.length() <= 60 && !title.contains("q quits")
                && screen.get(1).isEmpty()
                && HEADER.matcher(screen.get(2)).matches()
                && rate(screen.get(3), "uplink", TrafficFeed.UPLINK_RX_BYTES, TrafficFeed.UPLINK_TX_BYTES)
                && rate(screen.get(4), "eth" + busy, TrafficFeed.RX_BYTES, TrafficFeed.TX_BYTES)
                && rowsMatch(screen.subList(5, 9), idleRows(busy).subList(0, 4))
                && screen.get(9).equals("  ... 5 more interfaces");
    }

    private static List<String> idleRows(int busy) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < TrafficFeed.COUNT; i++) {
            if (i != busy) {
                rows.add("eth" + i + " +0 B/s +0 B/s +0\\.0 +0\\.0");
            }
        }
        return rows;
    }

    private static boolean rowsMatch(List<String> lines, List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            if (!lines.get(i).matches(patterns.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The row of {@code name} at the rates the feed makes, within a quarter either way: the feed and
     * the sampler each run on their own clock, so one interval may hold a little more or less.
     */
    private static boolean rate(String line, String name, long rxBytes, long txBytes) {
        Matcher m = ROW.matcher(line);
        return m.matches() && m.group(1).equals(name)
                && near(Double.parseDouble(m.group(2)) * 1e6, rxBytes)
                && near(Double.parseDouble(m.group(3)) * 1e6, txBytes)
                && near(Double.parseDouble(m.group(4)), rxBytes / 1000.0)
                && near(Double.parseDouble(m.group(5)), txBytes / 1000.0);
    }

    private static boolean near(double value, double expected) {
        return Math.abs(value - expected) <= expected / 4;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
