package io.netmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a script or a person runs it, with its standard streams piped (no terminal). */
class CliJarIT {
    /** What a run printed and how it ended. */
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("netmon.jar");
        assertThat(jar).as("system property netmon.jar (set by the pom for failsafe)").isNotNull();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command) + " ended").isTrue();
        return new Run(process.exitValue(), out, err.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Class-data sharing cannot archive a class file older than Java 6 (major version 50), and the
     * old verifier checks those slowly: picocli's own jar is Java 5, so the pom builds it from its
     * sources (docs/BENCHMARKS.md, "Changes since the run before, each measured side by side").
     */
    @Test
    void everyClassInTheJarIsOneClassDataSharingCanArchive() throws IOException {
        List<String> old = new ArrayList<>();
        int picocli = 0;
        try (JarFile jar = new JarFile(System.getProperty("netmon.jar"))) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/")) {
                    continue;
                }
                byte[] header;
                try (InputStream in = jar.getInputStream(entry)) {
                    header = in.readNBytes(8);
                }
                int major = (header[6] & 0xff) << 8 | header[7] & 0xff;
                if (major < 50) {
                    old.add(entry.getName() + " (" + major + ")");
                }
                if (entry.getName().startsWith("picocli/")) {
                    picocli++;
                    assertThat(major).as(entry.getName()).isEqualTo(61);
                }
            }
        }
        assertThat(old).isEmpty();
        assertThat(picocli).as("picocli's classes, built for Java 17").isGreaterThan(100);
    }

    @Test
    void versionIsThePomsVersion() throws Exception {
        String version = System.getProperty("netmon.version");
        assertThat(version).as("system property netmon.version (the pom's <version>)").isNotBlank();
        assertThat(run("--version")).isEqualTo(new Run(0, "netmon " + version + "\n", ""));
    }

    @Test
    void topWithoutATerminalIsAUsageErrorThatPointsToBatch(@TempDir Path dir) throws Exception {
        Path root = Fixtures.labNode(dir);
        assertThat(run("top", "--proc-root", root.toString())).isEqualTo(new Run(ExitCodes.USAGE, "",
                "netmon: top needs a terminal, and its standard input and output are not both one."
                        + " For plain frames one after another: netmon top --batch\n"));
    }
}
