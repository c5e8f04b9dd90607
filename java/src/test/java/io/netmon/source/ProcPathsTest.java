package io.netmon.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcPathsTest {

    @Test
    void defaultRootReadsTheCallersOwnNamespace() {
        ProcPaths paths = ProcPaths.of(Path.of("/proc"));
        assertThat(paths.netDev()).isEqualTo(Path.of("/proc/net/dev"));
        assertThat(paths.netmon()).isEqualTo(Path.of("/proc/net/netmon"));
        assertThat(paths.snmp6()).isEqualTo(Path.of("/proc/net/snmp6"));
    }

    @Test
    void mountedHostProcIsReadThroughItsPid1(@TempDir Path hostProc) throws IOException {
        Files.createDirectories(hostProc.resolve("1/net"));
        Files.createDirectories(hostProc.resolve("net"));
        ProcPaths paths = ProcPaths.of(hostProc);
        assertThat(paths.netDev()).isEqualTo(hostProc.resolve("1/net/dev"));
        assertThat(paths.snmp()).isEqualTo(hostProc.resolve("1/net/snmp"));
    }

    @Test
    void fixtureTreeWithoutPid1IsReadDirectly(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("net"));
        assertThat(ProcPaths.of(root).netDev()).isEqualTo(root.resolve("net/dev"));
    }
}
