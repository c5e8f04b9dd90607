package io.netmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Makefile reads the project's version from the pom by hand (sed): it must be the one Maven reads. */
class MakeVersionTest {
    @Test
    void makeVersionIsThePomsVersion() throws Exception {
        String version = System.getProperty("netmon.version");
        assertThat(version).as("system property netmon.version (the pom's <version>)").isNotBlank();
        ProcessBuilder make = new ProcessBuilder("make", "-s", "--no-print-directory", "version").redirectErrorStream(true);
        // Not the settings of a make this test may run under (make test-java).
        Map<String, String> env = make.environment();
        env.keySet().removeAll(List.of("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES"));
        Process process = make.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(version + "\n");
    }
}
