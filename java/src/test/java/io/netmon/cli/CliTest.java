package io.netmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmon.Fixtures;
import io.netmon.history.HistoryConfig;
import io.netmon.http.LiveOptions;
import io.netmon.source.Sampler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path root;

    @BeforeEach
    void procRoot(@TempDir Path dir) throws Exception {
        root = Fixtures.labNode(dir);
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void showPrintsAnAlignedTable() {
        assertThat(run("show", "--proc-root", root.toString())).isEqualTo(0);
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "INTERFACE                RX_BYTES           RX_PACKETS  RX_ERRS  RX_DROP   TX_BYTES  TX_PACKETS  TX_ERRS  TX_DROP",
                "lo                      143205148               812345        0        0  143205148      812345        0        0",
                "eth0                    289878558                 8584        1        2     439342        4872        7        8",
                "veth1a2b3c4  18446744073709551615  9223372036854775808        0        0       2048          16        0        0",
                "eth0.100                     5120                   40        0        0       2048          16        0        0",
                ""));
    }

    @Test
    void showJsonIsTheNetworkDocument() throws Exception {
        assertThat(run("show", "--json", "--interface", "eth0.100", "--proc-root", root.toString())).isEqualTo(0);
        JsonNode body = new ObjectMapper().readTree(out.toString());
        assertThat(body.get("source").asText()).isEqualTo("procfs");
        assertThat(body.get("interfaces")).hasSize(1);
        assertThat(body.get("interfaces").get(0).get("bytes_received").asLong()).isEqualTo(5120);
        assertThat(body.get("notes")).hasSize(2);
        assertThat(body.get("notes").get(0).asText()).startsWith("netmon.ko is not loaded");
    }

    @Test
    void showUnknownInterfaceFails() {
        assertThat(run("show", "-i", "wlan9", "--proc-root", root.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).isEqualTo("netmon: no interface named 'wlan9'\n");
    }

    @Test
    void unreadableProcRootExitsWithUnreadableAndSaysWhich(@TempDir Path empty) {
        assertThat(run("show", "--proc-root", empty.toString())).isEqualTo(ExitCodes.UNREADABLE);
        assertThat(err.toString()).startsWith("netmon: " + empty.resolve("net/dev")).contains("no such file or directory");
    }

    @Test
    void statusSaysWhatIsInUse() {
        assertThat(run("status", "--proc-root", root.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("native library: loaded (libnetmon API 2)")
                .contains("module:         netmon.ko not loaded (" + root.resolve("net/netmon") + " absent)")
                .contains("source:         procfs")
                .contains("interfaces:     4");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("serve", "--port", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--port must be 0..65535, got 70000");
        assertThat(run("serve", "--interval", "soon")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'soon' is not a duration");
        assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void badLiveOptionsAreUsageErrorsSayingWhichValue() {
        assertThat(run("serve", "--interface-exclude", "veth[")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--interface-exclude: 'veth[' is not a regular expression: "
                + "Unclosed character class at index 4");
        assertThat(run("serve", "--interface-include", "(eth")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--interface-include: '(eth' is not a regular expression: Unclosed group");
        assertThat(run("serve", "--history-coarse-step", "1500ms")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("history-coarse-step (PT1.5S) must be a whole multiple of the interval (PT1S)");
        assertThat(run("serve", "--history-full", "0s")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("history-full must be positive, got PT0S");
        assertThat(run("serve", "--interval", "3s", "--history-coarse-step", "10s")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("history-coarse-step (PT10S) must be a whole multiple of the interval (PT3S)");
        assertThat(run("serve", "--max-streams", "-1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("max-streams must be >= 0, got -1");
        assertThat(run("serve", "--history-budget", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--history-budget must be 1..1000000 MB, got 0");
    }

    @Test
    void optionDefaultsAreTheConstantsTheyArePrintedFrom() {
        CommandLine cli = Main.commandLine();
        cli.parseArgs("serve");
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        assertThat(serve.history.full).isEqualTo(HistoryConfig.DEFAULT_FULL);
        assertThat(serve.history.coarse).isEqualTo(HistoryConfig.DEFAULT_COARSE);
        assertThat(serve.history.coarseStep).isNull();
        assertThat(serve.history.maxStreams).isEqualTo(LiveOptions.DEFAULT_MAX_STREAMS);
        assertThat(serve.sampling.interval).isEqualTo(Duration.ofSeconds(Sampler.DEFAULT_INTERVAL_SECONDS));
        assertThat(cli.getSubcommands().get("serve").getUsageMessage())
                .contains("(default " + HistoryConfig.DEFAULT_COARSE_STEP.toSeconds() + "s, rounded up");
    }

    @Test
    void durationsReadTheWayPeopleWriteThem() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("PT0.25S")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void showProtocolsPrintsTheModulesBreakdownPerInterface() throws Exception {
        Files.copy(Fixtures.DIR.resolve("proc-net-netmon-lab-node.txt"), root.resolve("net/netmon"));
        assertThat(run("show", "--protocols", "-i", "lo", "--proc-root", root.toString())).isEqualTo(0);
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "INTERFACE  FAMILY  PROTOCOL  RX_PACKETS  RX_BYTES  TX_PACKETS  TX_BYTES",
                "lo         ipv4    icmp              74      6216          74      6216",
                "lo         ipv4    udp               10      1280          10      1280",
                "lo         ipv6    icmpv6             4       416           4       416",
                ""));
    }

    @Test
    void showProtocolsWithoutTheModuleSaysTheFiguresAreHostLevelPackets() {
        assertThat(run("show", "-p", "--proc-root", root.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("all        ipv4    udp             2258         -        2259         -")
                .contains("note: netmon.ko is not loaded");
    }

    @Test
    void statusNamesTheModuleVersionsWhenLoaded() throws Exception {
        Files.copy(Fixtures.DIR.resolve("proc-net-netmon-lab-node.txt"), root.resolve("net/netmon"));
        assertThat(run("status", "--proc-root", root.toString())).isEqualTo(0);
        assertThat(out.toString())
                .contains("module:         netmon.ko 0.1.0 loaded (" + root.resolve("net/netmon") + ", format 1)")
                .contains("source:         kmod (per-protocol packets and bytes, per interface)");
    }

    @Test
    void topInBatchModePrintsFramesOfRates() {
        assertThat(run("top", "--batch", "-n", "1", "--interval", "100ms", "--interface-exclude", "veth.*",
                "--proc-root", root.toString())).isEqualTo(0);
        assertThat(out.toString()).startsWith("netmon top - procfs - ").contains(" - every 100ms\n\n")
                .contains("\nINTERFACE     RX     TX  RX PKT/S  TX PKT/S\n"
                        + "eth0       0 B/s  0 B/s       0.0       0.0\n"
                        + "eth0.100   0 B/s  0 B/s       0.0       0.0\n"
                        + "lo         0 B/s  0 B/s       0.0       0.0\n\n")
                .doesNotContain("veth");
    }
}
