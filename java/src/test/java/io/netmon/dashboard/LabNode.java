package io.netmon.dashboard;

import io.netmon.Fixtures;
import io.netmon.PodTree;
import io.netmon.http.Api;
import io.netmon.http.NetmonServer;
import io.netmon.source.Collector;
import io.netmon.source.NativeLibrary;
import io.netmon.source.PodConfig;
import io.netmon.source.ProcPaths;
import io.netmon.source.Sampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A node with traffic: a fixture proc root whose /proc/net/dev grows at varying rates (lo, eth0,
 * eth1 and pods' veths that {@link #churn()} creates and deletes), whose per-protocol counters grow
 * at the steady rates of {@link #PROTOCOLS} (in the module's /proc/net/netmon while
 * {@link #loadModule(boolean) it is loaded}, else in /proc/net/snmp and snmp6), a sampler and a
 * real server on an ephemeral loopback port. One thread, every interval, rewrites the file for the current time
 * and then takes a sample: so each sample reads counters of the very moment it is taken, and the
 * rates are the waves' exact values even when a busy machine delays the thread (a separate
 * writer would leave the sampler reading files up to a stall old, and draw spikes). The node has
 * the pods of {@link #PODS}, laid out as the kubelet lays them out ({@link PodTree}), each with its
 * own namespace's files growing at steady rates, but one on the node's network.
 */
final class LabNode implements AutoCloseable {
    private static final String HEADER = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            """;

    /** When an interface exists: always, or only before or after {@link #churn()}. */
    private enum Life { ALWAYS, BEFORE_CHURN, AFTER_CHURN }

    /** An interface: receive and transmit bytes per second at the peak of its wave, the wave's period. */
    private record Link(String name, double rx, double tx, double period, Life life) {
    }

    /** A pod's veth created by {@link #churn()}. */
    static final String APPEARS = "veth3f9c2a1";
    /** A pod's veth deleted by {@link #churn()}. */
    static final String VANISHES = "veth0dead00";
    private static final Link[] LINKS = {
        new Link("lo", 300_000, 300_000, 7, Life.ALWAYS),
        new Link("eth0", 4_000_000, 900_000, 11, Life.ALWAYS),
        new Link("eth1", 1_200_000, 2_500_000, 5, Life.ALWAYS),
        new Link(APPEARS, 600_000, 250_000, 3, Life.AFTER_CHURN),
        new Link(VANISHES, 200_000, 400_000, 4, Life.BEFORE_CHURN),
    };
    /**
     * A pod: its eth0's receive and transmit bytes per second, the protocols of its namespace (their
     * packets and L3 bytes per second), when it exists; {@code namespace} null for a pod without a log
     * directory, {@code protocols} null for one on the node's network.
     */
    record Pod(String namespace, String name, String uid, long pid, PodTree.Qos qos, double rx, double tx,
            List<Proto> protocols, Life life) {
        boolean hostNetwork() {
            return protocols == null;
        }

        /** How the dashboard names it: namespace/name, or the UID. */
        String label() {
            return namespace == null ? uid : namespace + "/" + name;
        }
    }

    static final Pod WEB = new Pod("default", "web-0", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", 4101, PodTree.Qos.BURSTABLE,
            300_000, 100_000, List.of(new Proto("ipv4", "tcp", 6, 1_000, 280_000, 700, 90_000),
                    new Proto("ipv4", "icmp", 1, 10, 840, 10, 840)), Life.ALWAYS);
    /** Goes with {@link #churn()}. */
    static final Pod DNS = new Pod("kube-system", "coredns-5d78c9869d-x2x8q", "11111111-2222-3333-4444-555555555555", 4201,
            PodTree.Qos.BURSTABLE, 40_000, 60_000, List.of(new Proto("ipv4", "udp", 17, 300, 30_000, 300, 50_000)),
            Life.BEFORE_CHURN);
    static final Pod NAMELESS = new Pod(null, null, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", 4301, PodTree.Qos.BESTEFFORT,
            5_000, 2_000, List.of(new Proto("ipv6", "icmpv6", 58, 30, 3_000, 10, 1_000)), Life.ALWAYS);
    static final Pod PROXY = new Pod("kube-system", "kube-proxy-7xk2p", "99999999-8888-7777-6666-555544443333", 4401,
            PodTree.Qos.GUARANTEED, 0, 0, null, Life.ALWAYS);
    /** Comes with {@link #churn()}. */
    static final Pod WEB1 = new Pod("default", "web-1", "22222222-3333-4444-5555-666666666666", 4501, PodTree.Qos.BURSTABLE,
            150_000, 80_000, List.of(new Proto("ipv4", "tcp", 6, 600, 140_000, 400, 70_000)), Life.AFTER_CHURN);
    static final List<Pod> PODS = List.of(WEB, DNS, NAMELESS, PROXY, WEB1);
    /** The pods laid out now: their cgroup directories. */
    private final Map<Pod, Path> laidOut = new HashMap<>();
    private final PodTree tree;

    private volatile boolean churned;
    /** While set, /proc/net/dev is broken, so every read fails (see {@link #breakReads}). */
    private volatile boolean broken;

    /** The module's version in the header of /proc/net/netmon. */
    static final String MODULE_VERSION = "0.1.0";

    /**
     * A namespace-wide protocol row of /proc/net/netmon: packets and bytes per second in each
     * direction; {@code number} is IANA's, or -1 for {@code unknown}.
     */
    record Proto(String family, String name, int number, double rxPackets, double rxBytes, double txPackets, double txBytes) {
    }

    /** What the node's protocols carry, namespace-wide. With the module, eth0, eth1 and lo share it 6:3:1. */
    static final Proto[] PROTOCOLS = {
        new Proto("ipv4", "icmp", 1, 20, 1_680, 20, 1_680),
        new Proto("ipv4", "tcp", 6, 1_800, 2_400_000, 1_200, 96_000),
        new Proto("ipv4", "udp", 17, 400, 160_000, 350, 140_000),
        new Proto("ipv4", "gre", 47, 30, 36_000, 30, 36_000),
        new Proto("ipv4", "pim", 103, 4, 320, 4, 320),
        new Proto("ipv6", "tcp", 6, 600, 700_000, 500, 50_000),
        new Proto("ipv6", "udp", 17, 100, 30_000, 90, 27_000),
        new Proto("ipv6", "icmpv6", 58, 8, 640, 8, 640),
        new Proto("ipv6", "unknown", -1, 2, 120, 0, 0),
    };
    /**
     * The protocols with a slot of their own in the module's per-interface table (kmod/README.md,
     * docs/PROC_FORMAT.md): on an interface, any other is counted in its {@code other} row.
     */
    private static final Set<Integer> SLOTTED = Set.of(1, 2, 4, 6, 17, 41, 47, 50, 51, 58, 89, 112, 132, 136);
    /** Interfaces with their ifindex and their share of each protocol's traffic while the module is loaded. */
    private static final String[] PROTO_IFACES = {"lo", "eth0", "eth1"};
    private static final double[] PROTO_SHARES = {0.1, 0.6, 0.3};
    private volatile boolean moduleLoaded;
    /** The lab node's captured MIBs, whose protocol counters {@link #advance()} replaces. */
    private final List<String> snmpLines;
    private final List<String> snmp6Lines;

    private final Path procRoot;
    private final Sampler sampler;
    private final NetmonServer server;
    private final ScheduledExecutorService traffic;
    private final long startNanos = System.nanoTime();

    private LabNode(Path dir, Duration interval, boolean module) throws IOException, InterruptedException {
        this.tree = new PodTree(dir);
        this.procRoot = tree.proc;
        this.moduleLoaded = module;
        this.snmpLines = Files.readAllLines(Fixtures.DIR.resolve("proc-net-snmp-lab-node.txt"));
        this.snmp6Lines = Files.readAllLines(Fixtures.DIR.resolve("proc-net-snmp6-lab-node.txt"));
        Files.createDirectories(procRoot.resolve("net"));
        advance();
        Collector collector = new Collector(ProcPaths.of(procRoot), NativeLibrary.load(), Clock.systemUTC(),
                Collector.DEFAULT_MAX_INTERFACES, PodConfig.of(tree.cgroup, tree.logs, null, null));
        this.sampler = new Sampler(collector, interval);
        this.server = NetmonServer.start(new InetSocketAddress("127.0.0.1", 0), Api.router(sampler));
        this.traffic = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lab-node");
            t.setDaemon(true);
            return t;
        });
        traffic.scheduleAtFixedRate(() -> {
            try {
                advance();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sampler.sampleOnce();
        }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The node in {@code dir}: its proc root, cgroup root and pod log root there.
     *
     * @param module whether netmon.ko is loaded at the start (/proc/net/netmon exists)
     */
    static LabNode start(Path dir, Duration interval, boolean module) throws IOException, InterruptedException {
        return new LabNode(dir, interval, module);
    }

    /**
     * Loads or unloads netmon.ko: /proc/net/netmon appears or goes with the next sample. Its
     * counters go on from where they would be (a real reload would start them at zero; the
     * service starts the protocol history again either way).
     */
    void loadModule(boolean loaded) {
        moduleLoaded = loaded;
    }

    /**
     * One pod goes, another comes: {@link #VANISHES} leaves /proc/net/dev and {@link #APPEARS} joins it,
     * {@link #DNS} is deleted and {@link #WEB1} created.
     */
    void churn() {
        churned = true;
    }

    /** Breaks /proc/net/dev (a line of 3 fields), so the sampler's reads fail, or mends it. */
    void breakReads(boolean broken) {
        this.broken = broken;
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port() + pathAndQuery;
    }

    /**
     * Rewrites the protocols' files, then /proc/net/dev, each in one rename, with every counter as
     * a function of the time since the start: for dev the integral of a wave that never drops below
     * 10 % of the peak, so the rate between any two samples is what the wave says, however late
     * this thread runs; for the protocols a steady rate.
     */
    private synchronized void advance() throws IOException {
        // The protocols first, so that the least time passes between dev's counters and the sample's
        // clock: the sampler reads dev first, and the interfaces' rates are the ones drawn in 2D.
        double now = (System.nanoTime() - startNanos) / 1e9;
        // The kernel's MIBs count all the time; the module's table exists only while it is loaded.
        write("snmp", snmp(now));
        write("snmp6", snmp6(now));
        if (moduleLoaded) {
            write("netmon", netmon(now));
        } else {
            Files.deleteIfExists(procRoot.resolve("net/netmon"));
        }
        pods(now);
        if (broken) {
            write("dev", HEADER + "    lo: 1 2 3\n");
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder dev = new StringBuilder(HEADER);
        for (int i = 0; i < LINKS.length; i++) {
            Link link = LINKS[i];
            if (link.life() == (churned ? Life.BEFORE_CHURN : Life.AFTER_CHURN)) {
                continue;
            }
            // wave(t) = 0.55 + 0.45 sin(2 pi t / P + i); receive follows it, transmit its mirror 1.1 - wave(t).
            double k = link.period() / (2 * Math.PI);
            double swing = 0.45 * k * (Math.cos(i) - Math.cos(seconds / k + i));
            long rx = 1_000_000_000L * (i + 1) + (long) (link.rx() * (0.55 * seconds + swing));
            long tx = 500_000_000L * (i + 1) + (long) (link.tx() * (0.55 * seconds - swing));
            dev.append(String.format("%6s: %d %d 0 0 0 0 0 0 %d %d 0 0 0 0 0 0%n",
                    link.name(), rx, rx / 900, tx, tx / 700));
        }
        write("dev", dev);
    }

    /** Replaces net/NAME in one rename, so the sampler never reads half a file. */
    private void write(String name, CharSequence content) throws IOException {
        write(procRoot.resolve("net/" + name), content);
    }

    private static void write(Path file, CharSequence content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Lays out the pods that exist now and deletes those that no longer do (cgroup, log directory,
     * process), then rewrites each one's namespace: net/dev, snmp, snmp6, and netmon while the module
     * is loaded. A pod on the node's network has the node's net/ (a link, as procfs shows it).
     */
    private void pods(double seconds) throws IOException {
        for (Pod pod : PODS) {
            boolean alive = pod.life() != (churned ? Life.BEFORE_CHURN : Life.AFTER_CHURN);
            Path proc = procRoot.resolve(Long.toString(pod.pid()));
            if (!alive) {
                Path cgroup = laidOut.remove(pod);
                if (cgroup != null) {
                    delete(cgroup);
                    delete(proc);
                    if (pod.namespace() != null) {
                        delete(tree.logs.resolve(pod.namespace() + "_" + pod.name() + "_" + pod.uid()));
                    }
                }
                continue;
            }
            if (!laidOut.containsKey(pod)) {
                if (pod.hostNetwork()) {
                    Files.createSymbolicLink(Files.createDirectories(proc).resolve("net"), Path.of("../net"));
                }
                laidOut.put(pod, tree.pod(PodTree.Driver.SYSTEMD, pod.qos(), pod.namespace(), pod.name(), pod.uid(), pod.pid()));
            }
            if (pod.hostNetwork()) {
                continue;
            }
            Path net = Files.createDirectories(proc.resolve("net"));
            long rx = grown(pod.rx(), seconds, 1);
            long tx = grown(pod.tx(), seconds, 1);
            write(net.resolve("dev"), PodTree.dev(rx, rx / 300, tx, tx / 300));
            Map<String, Long> mibs = new HashMap<>();
            StringBuilder netmon = new StringBuilder("netmon 1 " + MODULE_VERSION
                    + "\nifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n");
            for (Proto p : pod.protocols()) {
                long[] c = {grown(p.rxPackets(), seconds, 1), grown(p.rxBytes(), seconds, 1),
                    grown(p.txPackets(), seconds, 1), grown(p.txBytes(), seconds, 1)};
                String[] mib = MIBS.get(p.family() + " " + p.name());
                mibs.put(mib[0], c[0]);
                mibs.put(mib[1], c[2]);
                for (String scope : List.of("0 all", "2 eth0")) {
                    netmon.append(String.format("%s %s %d %d %d %d %d%n", scope, p.family(), p.number(), c[0], c[1], c[2], c[3]));
                }
            }
            write(net.resolve("snmp"), PodTree.snmp(mibs));
            write(net.resolve("snmp6"), PodTree.snmp6(mibs));
            if (moduleLoaded) {
                write(net.resolve("netmon"), netmon);
            } else {
                Files.deleteIfExists(net.resolve("netmon"));
            }
        }
    }

    /** The MIB counters of a pod's protocols (PodTree's names): received, then sent. */
    private static final Map<String, String[]> MIBS = Map.of(
            "ipv4 tcp", new String[] {"Tcp.InSegs", "Tcp.OutSegs"},
            "ipv4 icmp", new String[] {"Icmp.InMsgs", "Icmp.OutMsgs"},
            "ipv4 udp", new String[] {"Udp.InDatagrams", "Udp.OutDatagrams"},
            "ipv6 icmpv6", new String[] {"Icmp6.InMsgs", "Icmp6.OutMsgs"});

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** A counter that has grown at {@code perSecond} since long before the start. */
    private static long grown(double perSecond, double seconds, double share) {
        return (long) (perSecond * share * (3_600 + seconds));
    }

    /**
     * /proc/net/netmon (docs/PROC_FORMAT.md): the namespace-wide rows, then lo, eth0 and eth1's, where
     * a protocol without a slot of its own ({@link #SLOTTED}) is summed into the family's {@code other} row.
     */
    private static String netmon(double seconds) {
        StringBuilder table = new StringBuilder("netmon 1 " + MODULE_VERSION
                + "\nifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n");
        for (int i = -1; i < PROTO_IFACES.length; i++) {
            double share = i < 0 ? 1 : PROTO_SHARES[i];
            String scope = i < 0 ? "0 all" : (i + 1) + " " + PROTO_IFACES[i];
            for (String family : List.of("ipv4", "ipv6")) {
                long[] other = new long[4];
                for (Proto p : PROTOCOLS) {
                    if (!p.family().equals(family) || p.number() < 0) {
                        continue;
                    }
                    long[] c = {grown(p.rxPackets(), seconds, share), grown(p.rxBytes(), seconds, share),
                        grown(p.txPackets(), seconds, share), grown(p.txBytes(), seconds, share)};
                    if (i >= 0 && !SLOTTED.contains(p.number())) {
                        for (int k = 0; k < c.length; k++) {
                            other[k] += c[k];
                        }
                        continue;
                    }
                    table.append(String.format("%s %s %d %d %d %d %d%n", scope, family, p.number(), c[0], c[1], c[2], c[3]));
                }
                if (Arrays.stream(other).anyMatch(c -> c > 0)) {
                    table.append(String.format("%s %s other %d %d %d %d%n", scope, family, other[0], other[1], other[2], other[3]));
                }
                for (Proto p : PROTOCOLS) {
                    if (p.family().equals(family) && p.number() < 0) {
                        table.append(String.format("%s %s unknown %d %d %d %d%n", scope, family,
                                grown(p.rxPackets(), seconds, share), grown(p.rxBytes(), seconds, share),
                                grown(p.txPackets(), seconds, share), grown(p.txBytes(), seconds, share)));
                    }
                }
            }
        }
        return table.toString();
    }

    /** Packets per second of a protocol, both families together when {@code family} is null. */
    static double packets(String family, String name, boolean received) {
        return rate(family, name, received ? Proto::rxPackets : Proto::txPackets);
    }

    /** Bytes per second of a protocol (with the module), both families together when {@code family} is null. */
    static double bytes(String family, String name, boolean received) {
        return rate(family, name, received ? Proto::rxBytes : Proto::txBytes);
    }

    private static double rate(String family, String name, java.util.function.ToDoubleFunction<Proto> field) {
        double sum = 0;
        for (Proto p : PROTOCOLS) {
            if (p.name().equals(name) && (family == null || p.family().equals(family))) {
                sum += field.applyAsDouble(p);
            }
        }
        return sum;
    }

    /** /proc/net/snmp: the lab node's fixture with the protocols' counters of now (TCP of both families). */
    private String snmp(double seconds) {
        Map<String, Long> values = new HashMap<>();
        values.put("Icmp.InMsgs", grown(packets("ipv4", "icmp", true), seconds, 1));
        values.put("Icmp.OutMsgs", grown(packets("ipv4", "icmp", false), seconds, 1));
        values.put("Tcp.InSegs", grown(packets(null, "tcp", true), seconds, 1));
        values.put("Tcp.OutSegs", grown(packets(null, "tcp", false), seconds, 1));
        values.put("Udp.InDatagrams", grown(packets("ipv4", "udp", true), seconds, 1));
        values.put("Udp.OutDatagrams", grown(packets("ipv4", "udp", false), seconds, 1));
        StringBuilder out = new StringBuilder();
        List<String> lines = snmpLines;
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            String[] names = lines.get(i).split(" ");
            String[] fields = lines.get(i + 1).split(" ");
            String group = names[0].substring(0, names[0].length() - 1);
            for (int k = 1; k < names.length; k++) {
                Long value = values.get(group + "." + names[k]);
                if (value != null) {
                    fields[k] = Long.toString(value);
                }
            }
            out.append(lines.get(i)).append('\n').append(String.join(" ", fields)).append('\n');
        }
        return out.toString();
    }

    /** /proc/net/snmp6: the lab node's fixture with the protocols' counters of now. */
    private String snmp6(double seconds) {
        Map<String, Long> values = Map.of(
                "Icmp6InMsgs", grown(packets("ipv6", "icmpv6", true), seconds, 1),
                "Icmp6OutMsgs", grown(packets("ipv6", "icmpv6", false), seconds, 1),
                "Udp6InDatagrams", grown(packets("ipv6", "udp", true), seconds, 1),
                "Udp6OutDatagrams", grown(packets("ipv6", "udp", false), seconds, 1));
        StringBuilder out = new StringBuilder();
        for (String line : snmp6Lines) {
            String name = line.split("[ \t]+")[0];
            Long value = values.get(name);
            out.append(value == null ? line : String.format("%-32s\t%d", name, value)).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        traffic.shutdownNow();
        server.close();
        sampler.close();
    }
}
