package io.netmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make dkms} (dkms/source.sh): the tree a node admin hands to {@code dkms install}. dkms sources dkms.conf
 * as shell, so bash reads it here the same way.
 */
final class DkmsTreeTest {

    @TempDir
    Path dest;

    @Test
    void theTreeHoldsTheModuleSourcesBuildShVersionAndADkmsConfForThePomVersion() throws Exception {
        Path root = Kustomize.repoRoot();
        String version = pomVersion(root);
        String printed = run(List.of(root.resolve("dkms/source.sh").toString(), dest.toString()), root).strip();
        Path tree = dest.resolve("netmon-" + version);
        assertThat(printed).isEqualTo(tree.toString());

        List<String> shipped;
        try (Stream<Path> files = Files.list(tree)) {
            shipped = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> expected;
        try (Stream<Path> files = Files.list(root.resolve("kmod"))) {
            expected = Stream.concat(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.equals("Kbuild") || n.equals("build.sh") || n.endsWith(".c") || n.endsWith(".h")),
                    Stream.of("VERSION", "dkms.conf")).sorted().toList();
        }
        assertThat(shipped).isEqualTo(expected).contains("main.c", "netmon.h");
        assertThat(Files.readString(tree.resolve("VERSION"))).isEqualTo(version + "\n");
        assertThat(tree.resolve("build.sh")).isExecutable();
        assertThat(Files.readString(tree.resolve("main.c"))).isEqualTo(Files.readString(root.resolve("kmod/main.c")));

        String fields = run(List.of("bash", "-c", "set -eu; kernel_source_dir=/lib/modules/6.1.0-37-amd64/build; "
                + "source ./dkms.conf; printf '%s\\n' \"$PACKAGE_NAME\" \"$PACKAGE_VERSION\" \"${BUILT_MODULE_NAME[0]}\" "
                + "\"${DEST_MODULE_LOCATION[0]}\" \"${MAKE[0]}\" \"$AUTOINSTALL\""), tree);
        assertThat(fields.lines()).containsExactly("netmon", version, "netmon", "/updates/dkms",
                "./build.sh /lib/modules/6.1.0-37-amd64/build .", "yes");
    }

    @Test
    void theLoaderLooksWhereDkmsInstalls() throws IOException {
        String conf = Files.readString(Kustomize.repoRoot().resolve("dkms/dkms.conf.in"));
        String loader = Files.readString(Kustomize.repoRoot().resolve("k8s/image/load-module.sh"));
        Matcher m = Pattern.compile("DEST_MODULE_LOCATION\\[0\\]=\"([^\"]+)\"").matcher(conf);
        assertThat(m.find()).isTrue();
        assertThat(loader).contains("\"$host/lib/modules/$kver" + m.group(1) + "/netmon.ko\"");
    }

    private static String pomVersion(Path root) throws IOException {
        Matcher m = Pattern.compile("<artifactId>netmon</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
        return out;
    }
}
