package io.netmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader init container's decisions (k8s/base/load-module.sh), on fixture trees: a fake node root, a fake
 * /proc/modules, and fake {@code insmod} and {@code uname} first on PATH. Nothing is ever loaded for real.
 */
final class LoaderScriptTest {

    private static final String KVER = "6.12.33-lab";
    private static final String LOADED_ELSEWHERE = """
            nf_tables 376832 0 - Live 0x0000000000000000
            nfnetlink 20480 1 nf_tables, Live 0x0000000000000000
            veth 40960 0 - Live 0x0000000000000000
            """;

    @TempDir
    Path tmp;

    private Path host;
    private Path image;
    private Path procModules;
    private Path calls;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void fakeNode() throws IOException {
        host = Files.createDirectories(tmp.resolve("host"));
        image = Files.createDirectories(tmp.resolve("image-modules"));
        procModules = tmp.resolve("proc-modules");
        Files.writeString(procModules, LOADED_ELSEWHERE);
        calls = tmp.resolve("insmod-calls");
        Files.createFile(calls);

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        script(bin.resolve("insmod"), """
                #!/bin/sh
                printf '%s\\n' "$*" >> "$FAKE_CALLS"
                if [ -n "${FAKE_INSMOD_REFUSE:-}" ]; then
                	case "$1" in $FAKE_INSMOD_REFUSE) printf '%s\\n' "$FAKE_INSMOD_MESSAGE" >&2; exit 1 ;; esac
                fi
                exit 0
                """);
        script(bin.resolve("uname"), """
                #!/bin/sh
                [ "$1" = -r ] && printf '%s' "$FAKE_KVER" && [ -n "$FAKE_KVER" ] && echo
                exit 0
                """);

        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("FAKE_CALLS", calls.toString());
        env.put("FAKE_KVER", KVER);
        env.put("NETMON_HOST_ROOT", host.toString());
        env.put("NETMON_IMAGE_MODULES", image.toString());
        env.put("NETMON_PROC_MODULES", procModules.toString());
    }

    @Test
    void leavesALoadedModuleAloneWithoutCallingInsmod() throws Exception {
        Files.writeString(procModules, LOADED_ELSEWHERE + "netmon 24576 0 - Live 0x0000000000000000 (O)\n");
        Path ko = module(host.resolve("opt/netmon/" + KVER));

        Run run = run();

        assertThat(run.exit).isZero();
        assertThat(run.insmodCalls).isEmpty();
        assertThat(run.output).contains("already loaded on kernel " + KVER);
        assertThat(ko).exists();
    }

    @Test
    void loadsTheModuleDroppedOnTheNodeForTheRunningKernel() throws Exception {
        module(host.resolve("opt/netmon/6.1.0-37-amd64"));
        Path ko = module(host.resolve("opt/netmon/" + KVER));

        Run run = run();

        assertThat(run.exit).isZero();
        assertThat(run.insmodCalls).containsExactly(ko.toString());
        assertThat(run.output).contains("loaded " + ko + " on kernel " + KVER).doesNotContain("carrying on");
    }

    @Test
    void prefersTheNodesDropDirectoryThenItsModuleTreeThenTheImage() throws Exception {
        Path inImage = module(image.resolve(KVER));
        assertThat(run().insmodCalls).containsExactly(inImage.toString());

        Path inTree = module(host.resolve("lib/modules/" + KVER + "/extra"));
        Files.writeString(calls, "");
        assertThat(run().insmodCalls).containsExactly(inTree.toString());

        Path dropped = module(host.resolve("opt/netmon/" + KVER));
        Files.writeString(calls, "");
        assertThat(run().insmodCalls).containsExactly(dropped.toString());
    }

    @Test
    void triesTheNextModuleWhenInsmodRefusesOne() throws Exception {
        Path stale = module(host.resolve("opt/netmon/" + KVER));
        Path inTree = module(host.resolve("lib/modules/" + KVER + "/extra"));
        env.put("FAKE_INSMOD_REFUSE", "*/opt/netmon/*");
        env.put("FAKE_INSMOD_MESSAGE", "insmod: ERROR: could not insert module: Invalid module format");

        Run run = run();

        assertThat(run.exit).isZero();
        assertThat(run.insmodCalls).containsExactly(stale.toString(), inTree.toString());
        assertThat(run.output).contains("Invalid module format").contains("loaded " + inTree);
    }

    @Test
    void carriesOnAndSaysWhyWhenNoModuleIsBuiltForTheRunningKernel() throws Exception {
        module(host.resolve("opt/netmon/6.1.0-37-amd64"));
        module(image.resolve("6.6.90"));

        Run run = run();

        assertThat(run.exit).isZero();
        assertThat(run.insmodCalls).isEmpty();
        assertThat(run.output)
                .contains("no netmon.ko for kernel " + KVER)
                .contains(host.resolve("opt/netmon/" + KVER + "/netmon.ko").toString())
                .contains("make insmod")
                .contains("falls back to /proc/net/dev");
    }

    @Test
    void carriesOnWithInsmodsReasonWhenEveryModuleIsRefused() throws Exception {
        module(host.resolve("opt/netmon/" + KVER));
        env.put("FAKE_INSMOD_REFUSE", "*");
        env.put("FAKE_INSMOD_MESSAGE", "insmod: ERROR: could not insert module: Unknown symbol in module");

        Run run = run();

        assertThat(run.exit).isZero();
        assertThat(run.insmodCalls).hasSize(1);
        assertThat(run.output).contains("Unknown symbol in module").contains("falls back to /proc/net/dev");
    }

    @Test
    void takesAModuleLoadedMeanwhileAsLoaded() throws Exception {
        module(host.resolve("opt/netmon/" + KVER));
        env.put("FAKE_INSMOD_REFUSE", "*");
        env.put("FAKE_INSMOD_MESSAGE", "insmod: ERROR: could not insert module: File exists");

        Run run = run();

        assertThat(run.exit).isZero();
        assertThat(run.output).contains("loaded meanwhile").doesNotContain("carrying on");
    }

    @Test
    void aModuleWhoseNameOnlyStartsWithNetmonIsNotNetmon() throws Exception {
        Files.writeString(procModules, LOADED_ELSEWHERE + "netmon_test 16384 0 - Live 0x0000000000000000 (O)\n");
        Path ko = module(host.resolve("opt/netmon/" + KVER));

        assertThat(run().insmodCalls).containsExactly(ko.toString());
    }

    @Test
    void carriesOnWhenTheKernelCannotLoadModules() throws Exception {
        Files.delete(procModules);
        module(host.resolve("opt/netmon/" + KVER));

        Run run = run();

        assertThat(run.exit).isZero();
        assertThat(run.insmodCalls).isEmpty();
        assertThat(run.output).contains("cannot load modules").contains("falls back to /proc/net/dev");
    }

    @Test
    void carriesOnWhenTheKernelReleaseIsUnknown() throws Exception {
        env.put("FAKE_KVER", "");
        module(host.resolve("opt/netmon/" + KVER));

        Run run = run();

        assertThat(run.exit).isZero();
        assertThat(run.insmodCalls).isEmpty();
        assertThat(run.output).contains("cannot tell the node's kernel release");
    }

    private record Run(int exit, String output, List<String> insmodCalls) {}

    private Run run() throws IOException, InterruptedException {
        Path script = Kustomize.repoRoot().resolve("k8s/base/load-module.sh");
        List<String> command = new ArrayList<>(posixShell());
        command.add(script.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process sh = pb.start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).as("load-module.sh finished").isTrue();
        List<String> insmod = Files.readAllLines(calls).stream().filter(l -> !l.isBlank()).toList();
        return new Run(sh.exitValue(), output, insmod);
    }

    /**
     * dash or bash, never a busybox sh: busybox prefers its own applets to PATH, so its insmod, not the fake one,
     * would run.
     */
    private static List<String> posixShell() {
        for (String dash : List.of("/bin/dash", "/usr/bin/dash")) {
            if (Files.isExecutable(Path.of(dash))) {
                return List.of(dash);
            }
        }
        for (String bash : List.of("/bin/bash", "/usr/bin/bash")) {
            if (Files.isExecutable(Path.of(bash))) {
                return List.of(bash, "--posix");
            }
        }
        throw new AssertionError("neither dash nor bash found to run load-module.sh under");
    }

    private static Path module(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("netmon.ko"), "\u007fELF fixture, never loaded\n");
    }

    private static void script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        assertThat(path.toFile().setExecutable(true)).isTrue();
    }
}
