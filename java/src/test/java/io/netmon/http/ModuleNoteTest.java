package io.netmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmon.Fixtures;
import io.netmon.view.ProtocolRows;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module loader's outcome in /network's notes: said while the service reads procfs, gone once netmon.ko is read. */
class ModuleNoteTest {
    private static final String NOTE = "the module loader said: fallback: no netmon.ko for kernel 6.1.0-37-amd64 and no headers "
            + "to build one; the service falls back to /proc/net/dev and /proc/net/snmp";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FixtureNode node;

    @BeforeEach
    void start(@TempDir Path root) throws Exception {
        node = new FixtureNode(root, LiveOptions.defaults(Duration.ofSeconds(1)), UnaryOperator.identity(), Optional.of(NOTE));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private List<String> notes(String target) throws Exception {
        HttpResponse<String> response = node.get(target);
        assertThat(response.statusCode()).as(target + " -> " + response.body()).isEqualTo(200);
        List<String> notes = new ArrayList<>();
        MAPPER.readTree(response.body()).get("notes").forEach((JsonNode n) -> notes.add(n.asText()));
        return notes;
    }

    @Test
    void everyNetworkAnswerSaysWhyTheModuleIsNotLoadedWhileOnProcfs() throws Exception {
        node.sampler.sampleOnce();
        assertThat(notes("/network")).containsExactly(ProtocolRows.PROCFS_NOTE, NOTE);
        assertThat(notes("/network?interface=lo&protocol=icmp&family=ipv4"))
                .containsExactly(ProtocolRows.PROCFS_NOTE, ProtocolRows.HOST_LEVEL_NOTE, NOTE);
        assertThat(notes("/network/protocols")).containsExactly(ProtocolRows.PROCFS_NOTE, NOTE);
        assertThat(notes("/network/protocols/icmp")).containsExactly(ProtocolRows.PROCFS_NOTE, NOTE);
    }

    @Test
    void theNoteGoesOnceTheModuleIsReadAndComesBackWithoutIt() throws Exception {
        Files.copy(Fixtures.DIR.resolve("proc-net-netmon-lab-node.txt"), node.procRoot.resolve("net/netmon"));
        node.sampler.sampleOnce();
        assertThat(notes("/network")).isEmpty();
        Files.delete(node.procRoot.resolve("net/netmon"));
        node.sampler.sampleOnce();
        assertThat(notes("/network")).containsExactly(ProtocolRows.PROCFS_NOTE, NOTE);
    }
}
