package io.netmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader init container's decisions (k8s/image/load-module.sh), on fixture trees: a fake node root with
 * its module tree, headers and cache, a fake /proc/modules, module sources whose build.sh is a fake, and fake
 * {@code insmod} and {@code uname} first on PATH. Nothing is ever built or loaded for real.
 */
final class LoaderScriptTest {

    private static final String KVER = "6.12.33-lab";
    private static final String LOADED_ELSEWHERE = """
            nf_tables 376832 0 - Live 0x0000000000000000
            nfnetlink 20480 1 nf_tables, Live 0x0000000000000000
            veth 40960 0 - Live 0x0000000000000000
            """;
    private static final String LOCKDOWN = "insmod: ERROR: could not insert module netmon.ko: Operation not permitted";

    @TempDir
    Path tmp;

    private Path host;
    private Path image;
    private Path src;
    private Path cache;
    private Path procModules;
    private Path insmodCalls;
    private Path buildCalls;
    private Path status;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void fakeNode() throws IOException {
        host = Files.createDirectories(tmp.resolve("host"));
        image = Files.createDirectories(tmp.resolve("image-modules"));
        cache = host.resolve("var/lib/netmon");
        procModules = Files.writeString(tmp.resolve("proc-modules"), LOADED_ELSEWHERE);
        insmodCalls = Files.createFile(tmp.resolve("insmod-calls"));
        buildCalls = Files.createFile(tmp.resolve("build-calls"));
        status = Files.createDirectories(tmp.resolve("run")).resolve("loader-status");

        src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("Kbuild"), "obj-m := netmon.o\n");
        Files.writeString(src.resolve("main.c"), "/* fixture */\n");
        Files.writeString(src.resolve("netmon.h"), "/* fixture */\n");
        Files.writeString(src.resolve("VERSION"), "0.9.1\n");
        // build.sh KDIR OUTDIR, as kmod/build.sh: here it only says it was called and leaves a netmon.ko.
        script(src.resolve("build.sh"), """
                #!/bin/sh
                printf '%s %s TMPDIR=%s\\n' "$1" "$2" "$TMPDIR" >> "$FAKE_BUILDS"
                [ -d "$TMPDIR" ] && [ -w "$TMPDIR" ] || { echo "no writable TMPDIR" >&2; exit 3; }
                if [ -n "${FAKE_BUILD_FAIL:-}" ]; then
                	echo "  CC [M]  $2/main.c"
                	echo "$2/main.c:12:1: error: unknown type name 'nf_hook_ops_fixture'" >&2
                	exit 2
                fi
                mkdir -p "$2"
                printf 'module built against %s\\n' "$1" > "$2/netmon.ko"
                """);

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
        env.put("FAKE_CALLS", insmodCalls.toString());
        env.put("FAKE_BUILDS", buildCalls.toString());
        env.put("FAKE_KVER", KVER);
        env.put("NETMON_HOST_ROOT", host.toString());
        env.put("NETMON_IMAGE_MODULES", image.toString());
        env.put("NETMON_PROC_MODULES", procModules.toString());
        env.put("NETMON_SRC", src.toString());
        env.put("NETMON_STATUS", status.toString());
    }

    @Test
    void leavesALoadedModuleAloneWithoutBuildingOrLoading() throws Exception {
        Files.writeString(procModules, LOADED_ELSEWHERE + "netmon 24576 0 - Live 0x0000000000000000 (O)\n");
        headers();

        Run run = run();

        assertThat(run.insmodCalls).isEmpty();
        assertThat(run.buildCalls).isEmpty();
        assertThat(run.output).contains("already loaded on kernel " + KVER).contains("path: already-loaded");
        assertThat(run.status).isEqualTo("already-loaded: netmon.ko is already loaded on kernel " + KVER + "; nothing to do\n");
    }

    @Test
    void aModuleWhoseNameOnlyStartsWithNetmonIsNotNetmon() throws Exception {
        Files.writeString(procModules, LOADED_ELSEWHERE + "netmon_test 16384 0 - Live 0x0000000000000000 (O)\n");
        Path ko = module(host.resolve("lib/modules/" + KVER + "/extra"));

        assertThat(run().insmodCalls).containsExactly(ko.toString());
    }

    @Test
    void loadsAModuleInstalledForTheRunningKernelDkmsFirstThenModulesInstallThenTheImage() throws Exception {
        headers();
        module(host.resolve("lib/modules/6.1.0-37-amd64/updates/dkms"));
        Path inImage = module(image.resolve(KVER));
        Run fromImage = run();
        assertThat(fromImage.insmodCalls).containsExactly(inImage.toString());
        assertThat(fromImage.status).isEqualTo("prebuilt: loaded " + inImage + " on kernel " + KVER + "\n");

        Path extra = module(host.resolve("lib/modules/" + KVER + "/extra"));
        Files.writeString(insmodCalls, "");
        Run fromExtra = run();
        assertThat(fromExtra.insmodCalls).containsExactly(extra.toString());
        assertThat(fromExtra.output).contains("loaded /lib/modules/" + KVER + "/extra/netmon.ko on kernel " + KVER);

        Path dkms = module(host.resolve("lib/modules/" + KVER + "/updates/dkms"));
        Files.writeString(insmodCalls, "");
        Run fromDkms = run();
        assertThat(fromDkms.insmodCalls).containsExactly(dkms.toString());
        assertThat(fromDkms.status).startsWith("prebuilt: loaded /lib/modules/" + KVER + "/updates/dkms/netmon.ko");
        assertThat(fromDkms.buildCalls).isEmpty();
        assertThat(cache).doesNotExist();
    }

    @Test
    void buildsAgainstTheNodesHeadersCachesTheModuleWithTheSourceHashAndLoadsIt() throws Exception {
        Path kdir = headers();

        Run run = run();

        Path dir = cache.resolve(KVER);
        assertThat(run.buildCalls).containsExactly(kdir + " " + dir.resolve("build") + " TMPDIR=" + dir.resolve("tmp"));
        assertThat(Files.readString(dir.resolve("netmon.ko"))).isEqualTo("module built against " + kdir + "\n");
        assertThat(Files.readString(dir.resolve("source.sha256"))).isEqualTo(sourceHash() + "\n");
        assertThat(dir.resolve("tmp")).doesNotExist();
        assertThat(run.insmodCalls).containsExactly(dir.resolve("netmon.ko").toString());
        assertThat(run.output)
                .contains("building netmon.ko 0.9.1 for kernel " + KVER + " against /lib/modules/" + KVER + "/build (sources " + sourceHash() + ")")
                .contains("path: built")
                .doesNotContain("falls back");
        assertThat(run.status).matches("built: built netmon.ko 0.9.1 for kernel " + KVER.replace(".", "\\.")
                + " in \\d+ s, cached it as /var/lib/netmon/" + KVER.replace(".", "\\.") + "/netmon.ko and loaded it\n");
    }

    @Test
    void takesTheModuleFromTheNodesCacheWhenItWasBuiltFromTheseSources() throws Exception {
        headers();
        Path ko = cached(sourceHash());

        Run run = run();

        assertThat(run.buildCalls).isEmpty();
        assertThat(run.insmodCalls).containsExactly(ko.toString());
        assertThat(run.status).isEqualTo("cache: loaded /var/lib/netmon/" + KVER + "/netmon.ko from the node's cache "
                + "(netmon 0.9.1, sources " + sourceHash() + ") on kernel " + KVER + "\n");
    }

    @Test
    void rebuildsACachedModuleBuiltFromOtherSources() throws Exception {
        Path kdir = headers();
        String old = "0".repeat(64);
        Path ko = cached(old);

        Run run = run();

        assertThat(run.output).contains("was built from other sources (" + old + "; this image's are " + sourceHash() + "): rebuilding it");
        assertThat(run.buildCalls).hasSize(1);
        assertThat(Files.readString(ko)).isEqualTo("module built against " + kdir + "\n");
        assertThat(Files.readString(ko.resolveSibling("source.sha256"))).isEqualTo(sourceHash() + "\n");
        assertThat(run.insmodCalls).containsExactly(ko.toString());
        assertThat(run.status).startsWith("built: ");
    }

    @Test
    void aChangedSourceFileMakesTheCacheStale() throws Exception {
        headers();
        cached(sourceHash());
        Files.writeString(src.resolve("main.c"), "/* fixture, next version */\n");

        Run run = run();

        assertThat(run.buildCalls).hasSize(1);
        assertThat(run.status).startsWith("built: ");
    }

    @Test
    void rebuildsACachedModuleTheKernelRejectsAsBuiltForAnotherKernel() throws Exception {
        headers();
        Path ko = cached(sourceHash());
        Files.writeString(ko, "stale module for an older build of " + KVER + "\n");
        env.put("FAKE_INSMOD_MESSAGE", "insmod: ERROR: could not insert module: Invalid module format");
        // refused by contents, not path: the rebuild puts the new module at the same path
        script(tmp.resolve("bin/insmod"), """
                #!/bin/sh
                printf '%s\\n' "$*" >> "$FAKE_CALLS"
                if grep -q stale "$1"; then echo "$FAKE_INSMOD_MESSAGE" >&2; exit 1; fi
                exit 0
                """);

        Run run = run();

        assertThat(run.output).contains("Invalid module format").contains("rebuilding it");
        assertThat(run.buildCalls).hasSize(1);
        assertThat(run.insmodCalls).containsExactly(ko.toString(), ko.toString());
        assertThat(run.status).startsWith("built: ");
    }

    @Test
    void carriesOnAndSaysWhyWhenTheBuildFails() throws Exception {
        headers();
        env.put("FAKE_BUILD_FAIL", "1");

        Run run = run();

        Path dir = cache.resolve(KVER);
        assertThat(run.insmodCalls).isEmpty();
        assertThat(run.output)
                .contains("netmon-loader:   | " + dir.resolve("build") + "/main.c:12:1: error: unknown type name 'nf_hook_ops_fixture'")
                .contains("path: fallback");
        assertThat(run.status).isEqualTo("fallback: building netmon.ko for kernel " + KVER + " failed (the whole log: "
                + "/var/lib/netmon/" + KVER + "/build.log on the node); the service falls back to /proc/net/dev and /proc/net/snmp\n");
        assertThat(Files.readString(dir.resolve("build.log"))).contains("error: unknown type name");
        assertThat(dir.resolve("netmon.ko")).doesNotExist();
        assertThat(dir.resolve("source.sha256")).doesNotExist();
    }

    @Test
    void carriesOnAndNamesThePackageWhenTheNodeHasNoHeaders() throws Exception {
        Files.createDirectories(host.resolve("lib/modules/" + KVER + "/kernel"));

        Run run = run();

        assertThat(run.buildCalls).isEmpty();
        assertThat(run.insmodCalls).isEmpty();
        assertThat(run.status).isEqualTo("fallback: no netmon.ko for kernel " + KVER + " and no headers to build one: /lib/modules/"
                + KVER + "/build/Makefile is missing on the node (Debian: apt-get install linux-headers-" + KVER
                + ", then restart the pod); the service falls back to /proc/net/dev and /proc/net/snmp\n");
        assertThat(run.output).contains("path: fallback");
    }

    @Test
    void carriesOnWhenTheKernelRefusesTheBuiltModuleUnderLockdown() throws Exception {
        headers();
        env.put("FAKE_INSMOD_REFUSE", "*");
        env.put("FAKE_INSMOD_MESSAGE", LOCKDOWN);

        Run run = run();

        assertThat(run.buildCalls).hasSize(1);
        assertThat(run.insmodCalls).hasSize(1);
        assertThat(run.status).startsWith("fallback: the kernel refuses /var/lib/netmon/" + KVER + "/netmon.ko (" + LOCKDOWN + "): "
                + "Secure Boot lockdown or module signature enforcement").endsWith("/proc/net/snmp\n");
    }

    @Test
    void doesNotBuildWhenTheKernelRefusesAnInstalledModuleForItsSignature() throws Exception {
        headers();
        module(host.resolve("lib/modules/" + KVER + "/updates/dkms"));
        env.put("FAKE_INSMOD_REFUSE", "*");
        env.put("FAKE_INSMOD_MESSAGE", "insmod: ERROR: could not insert module netmon.ko: Key was rejected by service");

        Run run = run();

        assertThat(run.buildCalls).isEmpty();
        assertThat(run.insmodCalls).hasSize(1);
        assertThat(run.status).startsWith("fallback: the kernel refuses /lib/modules/" + KVER + "/updates/dkms/netmon.ko")
                .contains("Key was rejected by service");
    }

    @Test
    void buildsWhenAnInstalledModuleIsForAnotherBuildOfTheKernel() throws Exception {
        headers();
        Path stale = module(host.resolve("lib/modules/" + KVER + "/extra"));
        env.put("FAKE_INSMOD_REFUSE", "*/extra/*");
        env.put("FAKE_INSMOD_MESSAGE", "insmod: ERROR: could not insert module: Invalid module format");

        Run run = run();

        assertThat(run.insmodCalls).containsExactly(stale.toString(), cache.resolve(KVER + "/netmon.ko").toString());
        assertThat(run.output).contains("insmod /lib/modules/" + KVER + "/extra/netmon.ko refused: insmod: ERROR: could not insert module: Invalid module format");
        assertThat(run.status).startsWith("built: ");
    }

    @Test
    void takesAModuleLoadedMeanwhileAsLoaded() throws Exception {
        headers();
        cached(sourceHash());
        env.put("FAKE_INSMOD_REFUSE", "*");
        env.put("FAKE_INSMOD_MESSAGE", "insmod: ERROR: could not insert module: File exists");

        Run run = run();

        assertThat(run.output).contains("loaded meanwhile").doesNotContain("falls back");
        assertThat(run.buildCalls).isEmpty();
        assertThat(run.status).startsWith("cache: ");
    }

    @Test
    void carriesOnWhenTheImageHasNoModuleSources() throws Exception {
        headers();
        env.put("NETMON_SRC", tmp.resolve("no-such-dir").toString());

        Run run = run();

        assertThat(run.buildCalls).isEmpty();
        assertThat(run.status).startsWith("fallback: no netmon.ko installed for kernel " + KVER + ", and this image has no module sources");
    }

    @Test
    void carriesOnWhenTheKernelCannotLoadModules() throws Exception {
        Files.delete(procModules);
        headers();

        Run run = run();

        assertThat(run.insmodCalls).isEmpty();
        assertThat(run.buildCalls).isEmpty();
        assertThat(run.status).contains("cannot load modules").contains("falls back to /proc/net/dev");
    }

    @Test
    void carriesOnWhenTheKernelReleaseIsUnknown() throws Exception {
        env.put("FAKE_KVER", "");
        headers();

        Run run = run();

        assertThat(run.insmodCalls).isEmpty();
        assertThat(run.status).startsWith("fallback: cannot tell the node's kernel release");
    }

    @Test
    void anUnwritableStatusFileIsSaidAndStillExitsZero() throws Exception {
        headers();
        env.put("NETMON_STATUS", tmp.resolve("no-such-dir/loader-status").toString());

        Run run = run();

        assertThat(run.output).contains("cannot write " + tmp.resolve("no-such-dir/loader-status")).contains("path: built");
    }

    private record Run(String output, List<String> insmodCalls, List<String> buildCalls, String status) {}

    /** Runs the loader; whatever happened, it must have exited 0. */
    private Run run() throws IOException, InterruptedException {
        Files.deleteIfExists(status);
        Files.writeString(buildCalls, "");
        Path script = Kustomize.repoRoot().resolve("k8s/image/load-module.sh");
        List<String> command = new ArrayList<>(posixShell());
        command.add(script.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process sh = pb.start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(20, TimeUnit.SECONDS)).as("load-module.sh finished").isTrue();
        assertThat(sh.exitValue()).as("exit status; output:%n%s", output).isZero();
        String written = Files.exists(status) ? Files.readString(status) : null;
        return new Run(output, lines(insmodCalls), lines(buildCalls), written);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }

    /** The node's headers for KVER: what the loader checks is that kbuild's Makefile is there. */
    private Path headers() throws IOException {
        Path kdir = Files.createDirectories(host.resolve("lib/modules/" + KVER + "/build"));
        Files.writeString(kdir.resolve("Makefile"), "include /usr/src/linux-headers-common/Makefile\n");
        return kdir;
    }

    private Path cached(String hash) throws IOException {
        Path dir = Files.createDirectories(cache.resolve(KVER));
        Files.writeString(dir.resolve("source.sha256"), hash + "\n");
        return Files.writeString(dir.resolve("netmon.ko"), "cached module\n");
    }

    /**
     * The sources' hash as the loader defines it, computed here independently: sha256 of the {@code sha256sum}
     * lines ("HEX  ./NAME") of every file, sorted by path.
     */
    private String sourceHash() throws IOException {
        StringBuilder listing = new StringBuilder();
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.sorted().toList()) {
                listing.append(sha256(Files.readAllBytes(f))).append("  ./").append(f.getFileName()).append('\n');
            }
        }
        return sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
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
