package io.netmon.cli;

import static io.netmon.PodTree.dev;
import static io.netmon.PodTree.snmp;
import static io.netmon.PodTree.snmp6;
import static io.netmon.PodTree.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmon.PodTree;
import io.netmon.PodTree.Driver;
import io.netmon.PodTree.Qos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code netmon show --pods}: the pods' table, their protocols, and the JSON of /network/pods. */
class PodsCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private PodTree tree;

    @BeforeEach
    void node(@TempDir Path dir) throws Exception {
        tree = new PodTree(dir);
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", 101);
        tree.netns(101, dev(98_000, 1000, 49_000, 500), snmp(values("Icmp.InMsgs", 37, "Icmp.OutMsgs", 37,
                "Tcp.InSegs", 300, "Tcp.OutSegs", 200)), snmp6(values()), null);
        tree.pod(Driver.SYSTEMD, Qos.GUARANTEED, "kube-system", "node-agent", "99999999-8888-7777-6666-555544443333", 105);
        tree.hostNetwork(105);
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--proc-root", tree.proc.toString(), "--cgroup-root", tree.cgroup.toString(),
            "--pod-log-root", tree.logs.toString()}, 0, all, args.length, 6);
        return cli.execute(all);
    }

    @Test
    void showPodsPrintsEachPodsTraffic() {
        assertThat(run("show", "--pods")).isZero();
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "NAMESPACE    POD         HOST_NET  RX_BYTES  RX_PACKETS  TX_BYTES  TX_PACKETS",
                "default      web-0       no           98000        1000     49000         500",
                "kube-system  node-agent  yes              -           -         -           -",
                "note: netmon.ko is not loaded: each pod's protocol figures are packet counts of its own network namespace "
                        + "from /proc/<pid>/net/snmp and snmp6 (tcp is ipv4 and ipv6 together, family \"ip\"); bytes are "
                        + "null; interfaces count bytes",
                ""));
    }

    @Test
    void showPodsProtocolsPrintsEachPodsRows() {
        assertThat(run("show", "--pods", "-p")).isZero();
        assertThat(out.toString()).startsWith(String.join("\n",
                "NAMESPACE  POD    FAMILY  PROTOCOL  RX_PACKETS  RX_BYTES  TX_PACKETS  TX_BYTES",
                "default    web-0  ipv4    icmp              37         -          37         -",
                "default    web-0  ipv4    udp                0         -           0         -",
                "default    web-0  ipv4    udplite            0         -           0         -",
                "default    web-0  ipv6    udp                0         -           0         -",
                "default    web-0  ipv6    icmpv6             0         -           0         -",
                "default    web-0  ipv6    udplite            0         -           0         -",
                "default    web-0  ip      tcp              300         -         200         -",
                "note: "));
    }

    @Test
    void showPodsJsonIsThePodsDocument() throws Exception {
        assertThat(run("show", "--pods", "--json")).isZero();
        JsonNode body = new ObjectMapper().readTree(out.toString());
        assertThat(body.get("source").asText()).isEqualTo("procfs");
        assertThat(body.get("pods")).hasSize(2);
        assertThat(body.get("pods").get(0).get("interfaces").get(1).get("bytes_sent").asLong()).isEqualTo(49_000);
        assertThat(body.get("pods").get(1).get("host_network").asBoolean()).isTrue();
    }

    @Test
    void withoutPodsShowReadsNoneAndABadNamespaceExpressionIsAUsageError() {
        assertThat(run("show")).isZero();
        assertThat(out.toString()).startsWith("INTERFACE").doesNotContain("web-0");
        assertThat(run("show", "--pods", "--pod-namespace-exclude", "kube-[")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--pod-namespace-exclude: 'kube-[' is not a regular expression");
        assertThat(run("serve", "--pods", "maybe")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Invalid value for option '--pods': expected on or off, got 'maybe'");
        assertThat(run("serve", "--pod-metrics", "all")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("expected one of none, traffic, protocols, got 'all'");
        assertThat(run("serve", "--pod-metrics-max", "-1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--pod-metrics-max must be >= 0, got -1");
    }
}
