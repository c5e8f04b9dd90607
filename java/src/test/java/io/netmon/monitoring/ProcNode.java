package io.netmon.monitoring;

import io.netmon.Fixtures;
import io.netmon.PodTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A node made of files for a real {@code netmon serve --proc-root}: {@code net/dev} with lo, eth0
 * and eth1, the lab node's {@code snmp} and {@code snmp6}, and while the module is "loaded"
 * {@code net/netmon}, every counter a function of the time given to {@link #write}. The
 * module's namespace-wide rows are the sums of its per-interface rows, as the kernel's are when
 * every protocol has a slot of its own and no interface was deleted. Beside it, as the kubelet lays
 * them out, {@code cgroup/} and {@code pods/} for {@code serve --cgroup-root} and {@code --pod-log-root}:
 * empty, or with one pod ({@link #POD}) whose namespace is {@code <pid>/net/}, its counters growing too.
 */
final class ProcNode {
    /** Interfaces, their ifindex their position + 1, and their share of each protocol. */
    static final List<String> DEVICES = List.of("lo", "eth0", "eth1");
    private static final double[] SHARES = {0.1, 0.6, 0.3};

    /** A protocol of the module's table and its packets per second in each direction (bytes: 100 per packet). */
    private record Proto(String family, int number, double rx, double tx) {
    }

    /** Slot protocols only (docs/PROC_FORMAT.md), so that the per-interface rows add up to the namespace's. */
    static final List<Proto> PROTOCOLS = List.of(
            new Proto("ipv4", 1, 20, 20), new Proto("ipv4", 6, 1800, 1200), new Proto("ipv4", 17, 400, 350),
            new Proto("ipv6", 6, 600, 500), new Proto("ipv6", 58, 8, 8));

    /** The one pod a node may have: namespace/name, its UID and the process it is read through. */
    static final String POD = "shop/web-0";
    private static final String POD_UID = "0b5e1f2a-7c3d-4e8f-9a1b-2c3d4e5f6a7b";
    private static final long POD_PID = 4242;
    /** The rows of the pod's own /proc/<pid>/net/netmon, namespace-wide: ipv4 tcp and icmp. */
    static final int POD_PROTOCOLS = 2;

    final String name;
    final Path root;
    final Path cgroupRoot;
    final Path podLogRoot;
    private final boolean pod;
    /**
     * eth1 counts errors (2/s) and drops (300/s of the 15,000 packets/s it receives and sends: 2 %). So
     * many, because a 5-minute rate over the test's seconds of scrapes is that much smaller.
     */
    private final boolean faulty;
    private volatile boolean module;
    private volatile boolean broken;

    /** @param pod whether the node has {@link #POD}, in a kubelet-style cgroup and log directory */
    ProcNode(String name, Path root, boolean module, boolean faulty, boolean pod) throws IOException {
        this.name = name;
        this.root = root;
        this.module = module;
        this.faulty = faulty;
        this.pod = pod;
        Path net = Files.createDirectories(root.resolve("net"));
        Files.copy(Fixtures.DIR.resolve("proc-net-snmp-lab-node.txt"), net.resolve("snmp"));
        Files.copy(Fixtures.DIR.resolve("proc-net-snmp6-lab-node.txt"), net.resolve("snmp6"));
        this.cgroupRoot = Files.createDirectories(root.resolveSibling(name + "-cgroup"));
        this.podLogRoot = Files.createDirectories(root.resolveSibling(name + "-pods"));
        if (pod) {
            Path scope = Files.createDirectories(cgroupRoot.resolve("kubepods.slice/kubepods-besteffort.slice/"
                    + "kubepods-besteffort-pod" + POD_UID.replace('-', '_') + ".slice/cri-containerd-"
                    + "0".repeat(64) + ".scope"));
            Files.writeString(scope.resolve("cgroup.procs"), POD_PID + "\n");
            Files.createDirectories(podLogRoot.resolve(POD.replace('/', '_') + "_" + POD_UID).resolve("app"));
            Path podNet = Files.createDirectories(root.resolve(POD_PID + "/net"));
            Files.copy(Fixtures.DIR.resolve("proc-net-snmp-lab-node.txt"), podNet.resolve("snmp"));
            Files.copy(Fixtures.DIR.resolve("proc-net-snmp6-lab-node.txt"), podNet.resolve("snmp6"));
        }
        write(0);
    }

    /** netmon.ko goes: /proc/net/netmon is gone at the next write. */
    void unloadModule() {
        module = false;
    }

    /** /proc/net/dev becomes unreadable from the next write: every read of the node fails. */
    void breakDev() {
        broken = true;
    }

    /** Rewrites the files for {@code seconds} after the start, each in one rename. */
    synchronized void write(double seconds) throws IOException {
        double t = 3_600 + seconds;
        if (module) {
            replace("netmon", netmon(t));
        } else {
            Files.deleteIfExists(root.resolve("net/netmon"));
        }
        replace("dev", broken ? "Inter-| Receive\n face |bytes\n  eth0: 12 x\n" : dev(t));
        if (pod) {
            long packets = (long) (50 * t);
            replace(POD_PID + "/net/dev", PodTree.dev(packets * 200, packets, packets * 100, packets));
            replace(POD_PID + "/net/netmon", PodTree.netmon(4026532100L,
                    String.format("0 all ipv4 6 %d %d %d %d", packets, packets * 160, packets, packets * 60),
                    String.format("0 all ipv4 1 %d %d %d %d", packets / 10, packets * 8, packets / 10, packets * 8)));
        }
    }

    private String dev(double t) {
        StringBuilder dev = new StringBuilder("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                """);
        for (int i = 0; i < DEVICES.size(); i++) {
            boolean bad = faulty && DEVICES.get(i).equals("eth1");
            long rxPackets = (long) (10_000 * t);
            long txPackets = (long) (5_000 * t);
            dev.append(String.format("%6s: %d %d %d %d 3 4 5 %d %d %d %d %d 9 10 11 12%n", DEVICES.get(i),
                    rxPackets * 60 * (i + 1), rxPackets, bad ? (long) (2 * t) : 0, bad ? (long) (300 * t) : 0,
                    (long) (0.5 * t), txPackets * 40 * (i + 1), txPackets, bad ? 7 : 0, 8));
        }
        return dev.toString();
    }

    /** /proc/net/netmon, docs/PROC_FORMAT.md: namespace-wide rows (each the sum of the interfaces'), then lo, eth0, eth1. */
    private static String netmon(double t) {
        long[][][] rows = new long[DEVICES.size()][PROTOCOLS.size()][];
        for (int i = 0; i < DEVICES.size(); i++) {
            for (int p = 0; p < PROTOCOLS.size(); p++) {
                Proto proto = PROTOCOLS.get(p);
                long rx = (long) (proto.rx() * SHARES[i] * t);
                long tx = (long) (proto.tx() * SHARES[i] * t);
                rows[i][p] = new long[] {rx, rx * 100, tx, tx * 100};
            }
        }
        StringBuilder table = new StringBuilder("netmon 1 0.1.0\nifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n");
        for (int p = 0; p < PROTOCOLS.size(); p++) {
            long[] sum = new long[4];
            for (long[][] device : rows) {
                for (int c = 0; c < 4; c++) {
                    sum[c] += device[p][c];
                }
            }
            row(table, "0 all", PROTOCOLS.get(p), sum);
        }
        for (int i = 0; i < DEVICES.size(); i++) {
            for (int p = 0; p < PROTOCOLS.size(); p++) {
                row(table, (i + 1) + " " + DEVICES.get(i), PROTOCOLS.get(p), rows[i][p]);
            }
        }
        return table.toString();
    }

    private static void row(StringBuilder table, String scope, Proto proto, long[] c) {
        table.append(String.format("%s %s %d %d %d %d %d%n", scope, proto.family(), proto.number(), c[0], c[1], c[2], c[3]));
    }

    /** Replaces {@code file}, a name in net/ or a path below the root with a slash, in one rename. */
    private void replace(String file, String content) throws IOException {
        Path target = root.resolve(file.contains("/") ? file : "net/" + file);
        Path next = target.resolveSibling(target.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
