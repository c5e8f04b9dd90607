package io.netmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs java/bin/netmon, the launcher, under a POSIX shell and reads what it would run. */
final class Launcher {
    /** Where the image ships the launcher (the jar and its archive beside it). */
    static final String IMAGE_PATH = "/opt/netmon/bin/netmon";

    private Launcher() {}

    static Path script() {
        return Kustomize.repoRoot().resolve("java/bin/netmon");
    }

    /** The launcher's output and exit code with {@code env} set, under {@code shell}. */
    record Run(int exit, String out, String err) {}

    static Run run(String shell, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(Arrays.asList(shell.split(" ")));
        command.add(script().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("NETMON_JAVA_OPTS");
        builder.environment().remove("NETMON_JAR");
        builder.environment().remove("NETMON_CDS_ARCHIVE");
        builder.environment().remove("JAVA");
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** The JVM options the launcher passes, in its order (print mode, a stand-in jar, TMPDIR=/tmp, no archive). */
    static List<String> options() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("launcher");
        try {
            Path jar = Files.createFile(dir.resolve("netmon.jar"));
            Run run = run("sh", Map.of("NETMON_LAUNCHER", "print", "NETMON_JAR", jar.toString(), "TMPDIR", "/tmp"), "serve");
            assertThat(run.exit()).as("launcher in print mode: %s", run.err()).isZero();
            List<String> words = List.of(run.out().strip().split(" "));
            int end = words.indexOf("-jar");
            assertThat(end).as("-jar in %s", words).isPositive();
            return words.subList(1, end);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The value of an option such as {@code -Xmx128m}, in megabytes. */
    static long megabytes(List<String> options, String prefix) {
        String option = options.stream().filter(o -> o.startsWith(prefix)).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no " + prefix + " in " + options));
        assertThat(option).as("%s in megabytes", option).matches(prefix + "\\d+m");
        return Long.parseLong(option.substring(prefix.length(), option.length() - 1));
    }
}
