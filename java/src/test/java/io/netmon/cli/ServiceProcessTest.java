package io.netmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmon.Fixtures;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netmon serve} as its own process, started the way the launcher starts it (a small heap,
 * {@code -XX:+ExitOnOutOfMemoryError}): a /proc/net/dev of a million valid rows is refused with a
 * note, the service stays healthy on its last good sample, and SIGTERM stops it.
 */
class ServiceProcessTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("Netmon serving on http://127\\.0\\.0\\.1:(\\d+)/");
    /** How long the test waits for what should come within seconds before it fails; never asserted on. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int ROWS = 1_000_000;
    private static final String TOO_MANY = ROWS + " interfaces listed, more than the 8192 accepted (--max-interfaces)";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Process process;
    private Path log;
    private int port;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private void serve(Path root, String... options) throws Exception {
        serve(root, true, options);
    }

    /** @param readLog false leaves the service's log (stderr) in a pipe nobody reads: once it is full, logging blocks */
    private void serve(Path root, boolean readLog, String... options) throws Exception {
        Path out = root.resolve("stdout.txt");
        log = root.resolve("stderr.txt");
        List<String> command = serveCommand(root, 0);
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile());
        if (readLog) {
            builder.redirectError(log.toFile());
        } else {
            Files.writeString(log, "(the log went to a pipe nobody read)");
        }
        process = builder.start();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher serving = SERVING.matcher(Files.readString(out));
            if (serving.find()) {
                port = Integer.parseInt(serving.group(1));
                return;
            }
            assertThat(process.isAlive()).as("netmon serve exited: %s", Files.readString(log)).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("netmon serve did not say where it serves: " + Files.readString(log));
    }

    /** {@code netmon serve} of {@code root} on 127.0.0.1:{@code port} in a JVM of its own, as the launcher starts it. */
    private static List<String> serveCommand(Path root, int port) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--bind", "127.0.0.1", "--port", String.valueOf(port), "--proc-root", root.toString()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code path} until {@code done} holds; fails with the service's log if it never does or the process ends. */
    private HttpResponse<String> await(String path, Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        HttpResponse<String> response = null;
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("netmon serve ended: %s", Files.readString(log)).isTrue();
            response = get(path);
            if (done.test(response)) {
                return response;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " never got there; last answer " + (response == null ? null : response.body())
                + "; log: " + Files.readString(log));
    }

    private static void writeHugeDev(Path dev) throws IOException {
        Path next = dev.resolveSibling("dev.next");
        try (BufferedWriter out = Files.newBufferedWriter(next)) {
            out.write(Fixtures.DEV_HEADER);
            for (int i = 0; i < ROWS; i++) {
                out.write(Fixtures.devRow("e" + i, i));
            }
        }
        Files.move(next, dev, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> field(String body, String array, String name) throws IOException {
        JsonNode items = MAPPER.readTree(body).get(array);
        return StreamSupport.stream(items.spliterator(), false)
                .map(item -> name == null ? item.asText() : item.get(name).asText()).toList();
    }

    private void assertStopsOnSigterm() throws Exception {
        process.destroy();
        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .as("netmon serve still runs after SIGTERM: %s", Files.readString(log)).isTrue();
        assertThat(process.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        assertThat(Files.readString(log)).contains("shutting down").doesNotContain("OutOfMemoryError");
    }

    @Test
    void aMillionInterfacesAreANoteTheServiceStaysHealthyAndStopsOnSigterm(@TempDir Path root) throws Exception {
        Fixtures.labNode(root);
        serve(root);
        await("/readyz", r -> r.statusCode() == 200);
        writeHugeDev(root.resolve("net/dev"));
        HttpResponse<String> network = await("/network", r -> r.body().contains(TOO_MANY));
        assertThat(network.statusCode()).isEqualTo(200);
        assertThat(field(network.body(), "interfaces", "interface")).containsExactly("lo", "eth0", "veth1a2b3c4", "eth0.100");
        assertThat(field(network.body(), "notes", null)).contains("the latest read failed, figures are from the sample before it: "
                + root.resolve("net/dev") + ": " + TOO_MANY);
        assertThat(get("/healthz").body()).isEqualTo("{\"status\":\"ok\"}\n");
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).contains("netmon_interfaces 4.0\n");
        assertStopsOnSigterm();
    }

    /**
     * A log nobody drains blocks every thread that writes to it, the shutdown hook's among them: SIGTERM
     * must end the process all the same (the watchdog halts it, exit 5).
     */
    @Test
    void sigtermEndsTheProcessWhenItsLogCannotBeWritten(@TempDir Path root) throws Exception {
        Fixtures.labNode(root);
        Path dev = root.resolve("net/dev");
        String good = Files.readString(dev);
        // Two files malformed in two places: each read fails for a new reason, so each is logged.
        List<String> bad = List.of(good.substring(0, good.length() - 40), good.substring(0, good.length() - 80));
        serve(root, false, "--interval", "50ms");
        long lastSamples = -1;
        int unchanged = 0;
        for (int round = 0; unchanged < 20; round++) {
            assertThat(round).as("the sampler never got stuck on its log").isLessThan(3000);
            Files.writeString(dev, bad.get(round % 2));
            Thread.sleep(60);
            Files.writeString(dev, good);
            Thread.sleep(60);
            long samples = MAPPER.readTree(await("/readyz", r -> r.statusCode() == 200).body()).get("samples").asLong();
            unchanged = samples == lastSamples ? unchanged + 1 : 0;
            lastSamples = samples;
        }
        assertThat(get("/healthz").body()).as("HTTP logs nothing and answers").isEqualTo("{\"status\":\"ok\"}\n");
        // SIGTERM through the handle: Process.destroy() would also close our end of the pipe, unblocking the log.
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("netmon serve still runs after SIGTERM").isTrue();
        assertThat(process.exitValue()).as("halted by the shutdown watchdog").isEqualTo(ExitCodes.SHUTDOWN_STUCK);
    }

    /** The sampler starts before the server binds (the first sample overlaps Netty's start): a refused bind stops it, or the JVM would stay. */
    @Test
    void aPortInUseExitsWithItsCodeAndStopsSampling(@TempDir Path root) throws Exception {
        Fixtures.labNode(root);
        serve(root);
        Path err = root.resolve("second.err");
        Process second = new ProcessBuilder(serveCommand(root, port))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            assertThat(second.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the second serve ended").isTrue();
            assertThat(second.exitValue()).isEqualTo(ExitCodes.CANNOT_BIND);
            assertThat(Files.readString(err)).contains("netmon: cannot listen on 127.0.0.1:" + port + ": address in use or not available");
        } finally {
            second.destroyForcibly();
        }
        assertThat(await("/readyz", r -> r.statusCode() == 200).body()).as("the first serve still answers").contains("\"status\":\"ready\"");
    }

    @Test
    void aMillionInterfacesFromTheStartIsNotReadyWithTheReason(@TempDir Path root) throws Exception {
        Fixtures.labNode(root);
        writeHugeDev(root.resolve("net/dev"));
        serve(root);
        HttpResponse<String> readyz = await("/readyz", r -> r.body().contains(TOO_MANY));
        assertThat(readyz.statusCode()).isEqualTo(503);
        assertThat(readyz.body()).isEqualTo("{\"error\":\"not ready: no sample yet: " + root.resolve("net/dev") + ": "
                + TOO_MANY + "\"}\n");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertStopsOnSigterm();
    }
}
