package io.netmon.source;

import static io.netmon.PodTree.dev;
import static io.netmon.PodTree.netmon;
import static io.netmon.PodTree.snmp;
import static io.netmon.PodTree.snmp6;
import static io.netmon.PodTree.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.netmon.PodTree;
import io.netmon.PodTree.Driver;
import io.netmon.PodTree.Qos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods found as the kubelet lays them out, each read through one of its processes, exactly. */
class PodCollectorTest {
    private static final String WEB = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final String DB = "11111111-2222-3333-4444-555555555555";
    private static final String CACHE = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private static final String NODE_AGENT = "99999999-8888-7777-6666-555544443333";
    /** A static pod's UID: the hash of its manifest, no dashes. */
    private static final String STATIC = "6b1c7e0f3d2a4b5c9e8f7a6b5c4d3e2f";
    private static final long NODE_INODE = 4026531840L;

    private PodTree tree;

    @BeforeEach
    void tree(@TempDir Path dir) throws IOException {
        tree = new PodTree(dir);
    }

    private Collector collector(PodConfig config) {
        return new Collector(ProcPaths.of(tree.proc), NativeLibrary.load(),
                Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC), Collector.DEFAULT_MAX_INTERFACES, config);
    }

    private static String web(long rx) throws IOException {
        return snmp(values("Icmp.InMsgs", rx, "Icmp.OutMsgs", rx + 1, "Udp.InDatagrams", 7, "Udp.NoPorts", 2,
                "Udp.InErrors", 1, "Udp.OutDatagrams", 9, "Tcp.InSegs", 300, "Tcp.OutSegs", 200));
    }

    private static String quietSnmp() throws IOException {
        return snmp(values());
    }

    private static String quietSnmp6() throws IOException {
        return snmp6(values());
    }

    private static List<String> labels(Pods pods) {
        return pods.list().stream().map(p -> p.label() + (p.hostNetwork() ? " (host)" : "")).toList();
    }

    @Test
    void bothCgroupDriversAndEveryQosClassAreFoundAndNamedFromTheLogDirectories() throws IOException {
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.pod(Driver.SYSTEMD, Qos.GUARANTEED, "prod", "db-0", DB, 102);
        tree.pod(Driver.CGROUPFS, Qos.BESTEFFORT, "default", "cache-7f9c", CACHE, 103);
        tree.pod(Driver.CGROUPFS, Qos.GUARANTEED, "kube-system", "kube-apiserver-node1", STATIC, 104);
        for (long pid = 101; pid <= 104; pid++) {
            tree.netns(pid, dev(pid, 1, 2 * pid, 2), quietSnmp(), quietSnmp6(), null);
        }
        Pods pods = collector(tree.config()).collect().pods();
        assertThat(pods.watched()).isTrue();
        assertThat(labels(pods)).containsExactly("default/cache-7f9c", "default/web-0", "kube-system/kube-apiserver-node1",
                "prod/db-0");
        assertThat(pods.list()).extracting(PodStats::uid).containsExactly(CACHE, WEB, STATIC, DB);
        assertThat(pods.list()).extracting(p -> p.total()).containsExactly(new Counts(103, 1, 206, 2),
                new Counts(101, 1, 202, 2), new Counts(104, 1, 208, 2), new Counts(102, 1, 204, 2));
        assertThat(pods.notes()).isEmpty();
    }

    @Test
    void withoutTheModuleAPodHasItsInterfacesAndItsNamespacesMibs() throws IOException {
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, dev(98_000, 1000, 49_000, 500), web(37),
                snmp6(values("Icmp6.InMsgs", 4, "Icmp6.OutMsgs", 5, "Udp6.InDatagrams", 6, "Udp6.OutDatagrams", 8)), null);
        Snapshot snapshot = collector(tree.config()).collect();
        assertThat(snapshot.source()).isEqualTo(Source.PROCFS);
        PodStats web = snapshot.pods().list().get(0);
        assertThat(web.hostNetwork()).isFalse();
        assertThat(web.netns().source()).isEqualTo(Source.PROCFS);
        assertThat(web.netns().interfaces()).extracting(InterfaceStats::name).containsExactly("lo", "eth0");
        assertThat(web.netns().find("eth0").orElseThrow().counts()).isEqualTo(new Counts(98_000, 1000, 49_000, 500));
        assertThat(web.total()).as("lo left out").isEqualTo(new Counts(98_000, 1000, 49_000, 500));
        assertThat(web.netns().protocols()).containsExactly(
                new ProtocolStats("all", Family.IPV4, 1, new Counts(0, 37, 0, 38)),
                new ProtocolStats("all", Family.IPV4, 17, new Counts(0, 10, 0, 9)),
                new ProtocolStats("all", Family.IPV4, 136, Counts.ZERO),
                new ProtocolStats("all", Family.IPV6, 58, new Counts(0, 4, 0, 5)),
                new ProtocolStats("all", Family.IPV6, 17, new Counts(0, 6, 0, 8)),
                new ProtocolStats("all", Family.IPV6, 136, Counts.ZERO),
                new ProtocolStats("all", Family.IP, 6, new Counts(0, 300, 0, 200)));
        assertThat(web.netns().timestamp()).isEqualTo(snapshot.timestamp());
        assertThat(web.netns().sequence()).isEqualTo(snapshot.sequence());
    }

    @Test
    void withoutTheModuleAPodOnTheHostNetworkIsKnownByItsNetDevInodeAndCountsNothingTwice() throws IOException {
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, dev(1, 1, 1, 1), quietSnmp(), quietSnmp6(), null);
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "kube-system", "node-agent-x2", NODE_AGENT, 105);
        tree.hostNetwork(105);
        Pods pods = collector(tree.config()).collect().pods();
        assertThat(labels(pods)).containsExactly("default/web-0", "kube-system/node-agent-x2 (host)");
        PodStats agent = pods.list().get(1);
        assertThat(agent.netns().interfaces()).isEmpty();
        assertThat(agent.netns().protocols()).isEmpty();
        assertThat(agent.total()).isEqualTo(Counts.ZERO);
    }

    @Test
    void withTheModuleAPodHasItsNamespacesRowsAndTheHeadersInodeTellsTheHostNetwork() throws IOException {
        tree.nodeNetmon(netmon(NODE_INODE, "0 all ipv4 6 10 1000 10 1000"));
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, dev(98_000, 1000, 49_000, 500), quietSnmp(), quietSnmp6(), netmon(4026532281L,
                "0 all ipv4 1 37 3108 37 3108",
                "0 all ipv4 17 10 1280 0 0",
                "2 eth0 ipv4 1 37 3108 37 3108",
                "2 eth0 ipv4 17 10 1280 0 0"));
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "kube-system", "node-agent-x2", NODE_AGENT, 105);
        // its own copy of the node's file: only the header's inode says whose namespace it is
        tree.netns(105, dev(5, 5, 5, 5), quietSnmp(), quietSnmp6(), netmon(NODE_INODE, "0 all ipv4 6 10 1000 10 1000"));
        Snapshot snapshot = collector(tree.config()).collect();
        assertThat(snapshot.source()).isEqualTo(Source.KMOD);
        PodStats web = snapshot.pods().list().get(0);
        assertThat(web.hostNetwork()).isFalse();
        assertThat(web.netns().module()).isEqualTo(new Snapshot.ModuleInfo(2, "0.2.0", 4026532281L));
        assertThat(web.netns().protocols()).containsExactly(
                new ProtocolStats("all", Family.IPV4, 1, new Counts(3108, 37, 3108, 37)),
                new ProtocolStats("all", Family.IPV4, 17, new Counts(1280, 10, 0, 0)),
                new ProtocolStats("eth0", Family.IPV4, 1, new Counts(3108, 37, 3108, 37)),
                new ProtocolStats("eth0", Family.IPV4, 17, new Counts(1280, 10, 0, 0)));
        assertThat(web.total()).isEqualTo(new Counts(98_000, 1000, 49_000, 500));
        PodStats agent = snapshot.pods().list().get(1);
        assertThat(agent.hostNetwork()).isTrue();
        assertThat(agent.netns().protocols()).isEmpty();
    }

    @Test
    void aFormatOneModuleNamesNoNamespaceSoTheNetDevInodeDecides() throws IOException {
        tree.nodeNetmon("netmon 1 0.1.0\nifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n");
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "kube-system", "node-agent-x2", NODE_AGENT, 105);
        tree.hostNetwork(105);
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, dev(1, 1, 1, 1), quietSnmp(), quietSnmp6(),
                "netmon 1 0.1.0\nifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n");
        assertThat(labels(collector(tree.config()).collect().pods()))
                .containsExactly("default/web-0", "kube-system/node-agent-x2 (host)");
    }

    @Test
    void aPodWithoutLogDirectoryIsListedByUidAndANoteSaysHowMany() throws IOException {
        tree.pod(Driver.SYSTEMD, Qos.BESTEFFORT, null, null, CACHE, 103);
        tree.netns(103, dev(1, 1, 1, 1), quietSnmp(), quietSnmp6(), null);
        Pods pods = collector(tree.config()).collect().pods();
        assertThat(pods.list()).singleElement().satisfies(pod -> {
            assertThat(pod.named()).isFalse();
            assertThat(pod.label()).isEqualTo(CACHE);
            assertThat(pod.namespace()).isNull();
        });
        assertThat(pods.notes()).containsExactly("1 pod has no directory in " + tree.logs + ": listed by UID alone");
        Files.delete(tree.logs);
        assertThat(collector(tree.config()).collect().pods().notes()).containsExactly(
                "no " + tree.logs + " (the kubelet's pod log directories): pods are listed by UID alone");
    }

    @Test
    void aProcessThatIsGoneIsPassedOverSilentlyAndAPodWithNoneLeftIsNotListed() throws IOException {
        Path web = tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 4001, 101);
        tree.netns(101, dev(7, 7, 7, 7), quietSnmp(), quietSnmp6(), null);
        Collector collector = collector(tree.config());
        Pods pods = collector.collect().pods();
        assertThat(pods.list()).extracting(PodStats::total).containsExactly(new Counts(7, 7, 7, 7));
        assertThat(pods.notes()).isEmpty();
        try (var scopes = Files.list(web)) {
            tree.procs(scopes.filter(Files::isDirectory).findFirst().orElseThrow(), 4001, 4002);
        }
        pods = collector.collect().pods();
        assertThat(pods.list()).isEmpty();
        assertThat(pods.notes()).isEmpty();
    }

    @Test
    void aPodWhoseFilesCannotBeReadIsLeftOutWithANoteAndTheOthersStay() throws IOException {
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, "Inter-|\n face |\n  eth0: 1 2 3\n", quietSnmp(), quietSnmp6(), null);
        tree.pod(Driver.SYSTEMD, Qos.GUARANTEED, "prod", "db-0", DB, 102);
        tree.netns(102, dev(1, 1, 1, 1), quietSnmp(), quietSnmp6(), null);
        Pods pods = collector(tree.config()).collect().pods();
        assertThat(labels(pods)).containsExactly("prod/db-0");
        assertThat(pods.notes()).singleElement().asString()
                .startsWith("pod default/web-0 is left out of this sample: " + tree.proc.resolve("101/net/dev") + ": ");
    }

    @Test
    void podsComeAndGoBetweenSamplesAndKeepWhenTheyWereFirstSeen() throws IOException {
        Collector collector = collector(tree.config());
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, dev(1, 1, 1, 1), quietSnmp(), quietSnmp6(), null);
        assertThat(collector.collect().pods().list()).extracting(PodStats::firstSeen).containsExactly(1L);
        Path db = tree.pod(Driver.SYSTEMD, Qos.GUARANTEED, "prod", "db-0", DB, 102);
        tree.netns(102, dev(1, 1, 1, 1), quietSnmp(), quietSnmp6(), null);
        Pods second = collector.collect().pods();
        assertThat(labels(second)).containsExactly("default/web-0", "prod/db-0");
        assertThat(second.list()).extracting(PodStats::firstSeen).containsExactly(1L, 2L);
        deleteTree(db);
        assertThat(labels(collector.collect().pods())).containsExactly("default/web-0");
        tree.pod(Driver.SYSTEMD, Qos.GUARANTEED, "prod", "db-0", DB, 102);
        assertThat(collector.collect().pods().list()).extracting(PodStats::firstSeen).as("back: a new pod")
                .containsExactly(1L, 4L);
    }

    @Test
    void namespacesAreIncludedAndExcludedAndAnUnnamedPodIsTheEmptyNamespace() throws IOException {
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "kube-system", "node-agent-x2", NODE_AGENT, 105);
        tree.pod(Driver.SYSTEMD, Qos.BESTEFFORT, null, null, CACHE, 103);
        for (long pid : new long[] {101, 105, 103}) {
            tree.netns(pid, dev(1, 1, 1, 1), quietSnmp(), quietSnmp6(), null);
        }
        assertThat(labels(collector(PodConfig.of(tree.cgroup, tree.logs, null, "kube-.*")).collect().pods()))
                .containsExactly("default/web-0", CACHE);
        assertThat(labels(collector(PodConfig.of(tree.cgroup, tree.logs, "default|kube-system", "kube-system"))
                .collect().pods())).containsExactly("default/web-0");
    }

    @Test
    void aKubeletWithItsOwnCgroupRootIsReadFromTheDirectoryHoldingKubepods() throws IOException {
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, dev(1, 1, 1, 1), quietSnmp(), quietSnmp6(), null);
        Path kind = Files.createDirectories(tree.cgroup.resolve("kubelet.slice"));
        Files.move(tree.cgroup.resolve("kubepods.slice"), kind.resolve("kubelet-kubepods.slice"));
        assertThat(labels(collector(PodConfig.of(kind, tree.logs, null, null)).collect().pods()))
                .containsExactly("default/web-0");
        assertThat(collector(tree.config()).collect().pods().notes()).containsExactly("no kubepods cgroup in "
                + tree.cgroup + ": no pod is listed (not a Kubernetes node, or --cgroup-root is not the node's cgroup2 mount)");
    }

    @Test
    void podsOffLooksForNothingAndAMissingCgroupRootIsANote(@TempDir Path elsewhere) throws IOException {
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, dev(1, 1, 1, 1), quietSnmp(), quietSnmp6(), null);
        assertThat(collector(PodConfig.OFF).collect().pods()).isSameAs(Pods.OFF);
        Path missing = elsewhere.resolve("no-cgroup");
        Pods pods = collector(PodConfig.of(missing, tree.logs, null, null)).collect().pods();
        assertThat(pods.list()).isEmpty();
        assertThat(pods.notes()).singleElement().asString().startsWith("cannot list " + missing + " (");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void theNodesOwnFiguresAreUnchangedByItsPods() throws IOException {
        Snapshot alone = new Collector(ProcPaths.of(tree.proc), NativeLibrary.load(), Clock.systemUTC()).collect();
        tree.pod(Driver.SYSTEMD, Qos.BURSTABLE, "default", "web-0", WEB, 101);
        tree.netns(101, dev(1, 1, 1, 1), web(3), quietSnmp6(), null);
        Snapshot with = collector(tree.config()).collect();
        assertThat(with.interfaces()).isEqualTo(alone.interfaces());
        assertThat(with.protocols()).isEqualTo(alone.protocols());
        assertThat(alone.pods()).isSameAs(Pods.OFF);
        assertThat(Map.of("pods", with.pods().list().size())).containsEntry("pods", 1);
    }
}
