package io.netmon.metrics;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Prometheus' own parser: Debian's {@code promtool check metrics}, fed a body on stdin. */
public final class Promtool {
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    /** What promtool said and how it exited. */
    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** Runs {@code promtool check metrics}; fails the calling test, saying what to install, when promtool is not. */
    public static Result checkMetrics(byte[] body) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable(PROMTOOL), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(body);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("promtool did not finish");
        }
        return new Result(process.exitValue(), output);
    }

    /** {@code program} as a command, or a failed test saying how to get it (the tests need the real thing). */
    public static String executable(Path program) {
        if (!Files.isExecutable(program)) {
            fail("%s is missing: install Debian's 'prometheus' package (scripts/deps.sh java; make test-java does)", program);
        }
        return program.toString();
    }
}
