package io.netmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** java/bin/netmon: the one place the service's JVM options are chosen, for make run, the image and the DaemonSet. */
final class LauncherTest {

    @Test
    void choosesTheJvmOptionsTheFootprintWasMeasuredWith() throws Exception {
        List<String> options = Launcher.options();
        assertThat(options).containsExactly(
                "-XX:+UseSerialGC",
                "-Xms8m", "-Xmx128m", "-XX:MaxNewSize=8m", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40",
                "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10",
                "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=24m", "-Xss512k",
                "-XX:MaxDirectMemorySize=32m", "-Djdk.nio.maxCachedBufferSize=262144",
                "-Dio.netty.allocator.type=unpooled",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-UsePerfData",
                "-Djava.io.tmpdir=/tmp", "-Djna.tmpdir=/tmp", "-Djna.platform.library.path=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "dash", "busybox sh"})
    void extraOptionsComeAfterOursUnglobbedThenTheJarByItsAbsolutePathThenTheArguments(String shell, @TempDir Path dir)
            throws Exception {
        assertThat(onPath(shell.split(" ")[0])).as("%s installed (scripts/deps.sh java)", shell).isTrue();
        Path jar = Files.createFile(dir.resolve("netmon.jar"));
        Launcher.Run run = Launcher.run(shell, Map.of("NETMON_LAUNCHER", "print", "NETMON_JAR", dir.resolve("./netmon.jar").toString(),
                "NETMON_JAVA_OPTS", " -Xlog:gc  -Dx=* ", "JAVA", "/opt/jre/bin/java", "TMPDIR", "/tmp"), "serve", "--port", "1");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("/opt/jre/bin/java -XX:+UseSerialGC ")
                .endsWith(" -Djna.tmpdir=/tmp -Djna.platform.library.path= -Xlog:gc -Dx=* -jar " + jar.toRealPath() + " serve --port 1\n")
                .doesNotContain("SharedArchiveFile");
    }

    @Test
    void theArchiveBesideTheJarIsUsedWhenItIsThere(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("netmon.jar"));
        Files.createFile(dir.resolve("netmon.jsa"));
        Launcher.Run run = Launcher.run("sh", Map.of("NETMON_LAUNCHER", "print", "NETMON_JAR", jar.toString(),
                "NETMON_JAVA_OPTS", "-Dextra=1"), "status");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains(" -XX:SharedArchiveFile=" + dir.toRealPath().resolve("netmon.jsa") + " -Dextra=1 -jar ");
    }

    @Test
    void theJarIsFoundBesideTheLauncherAsInTheImage(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("opt/netmon/bin"));
        Path launcher = Files.copy(Launcher.script(), bin.resolve("netmon"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(bin.resolve("netmon.jar"));
        Files.createFile(bin.resolve("netmon.jsa"));
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "serve");
        builder.environment().keySet().removeIf(name -> name.startsWith("NETMON_") || name.equals("JAVA"));
        builder.environment().put("NETMON_LAUNCHER", "print");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isZero();
        String real = bin.toRealPath().toString();
        assertThat(out).contains(" -XX:SharedArchiveFile=" + real + "/netmon.jsa ").endsWith(" -jar " + real + "/netmon.jar serve\n");
    }

    @Test
    void noJarIsAClearErrorAndNothingRuns(@TempDir Path dir) throws Exception {
        Launcher.Run run = Launcher.run("sh", Map.of("NETMON_JAR", dir.resolve("missing.jar").toString()), "serve");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("netmon: no jar at " + dir.resolve("missing.jar") + " (build it with make build, or set NETMON_JAR)\n");
        assertThat(run.out()).isEmpty();
    }

    /** exec: the JVM takes the launcher's process, so the kubelet's SIGTERM reaches it and its shutdown hook. */
    @Test
    void theJvmReplacesTheLauncherProcess(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("netmon.jar"));
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$$ $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("sh", Launcher.script().toString(), "serve");
        builder.environment().keySet().removeIf(name -> name.startsWith("NETMON_"));
        builder.environment().put("NETMON_JAR", jar.toString());
        builder.environment().put("JAVA", java.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor()).isZero();
        assertThat(out).startsWith(process.pid() + " -XX:+UseSerialGC ").endsWith(" -jar " + jar.toRealPath() + " serve");
    }

    private static boolean onPath(String tool) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
