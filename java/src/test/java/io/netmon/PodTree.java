package io.netmon;

import io.netmon.source.PodConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Kubernetes node made of files, as the kubelet and procfs lay it out: a proc root whose {@code net/}
 * is the node's (the lab node of {@link Fixtures}) and whose {@code <pid>/net/} are the pods' namespaces,
 * a cgroup2 tree with kubepods under either cgroup driver, and the kubelet's pod log directories. A pod on
 * the host's network gets hard links to the node's files: the same inode, as procfs gives every process
 * of one namespace.
 */
public final class PodTree {
    /** The kubelet's cgroup drivers. */
    public enum Driver { SYSTEMD, CGROUPFS }

    /** A pod's QoS class, which decides where its cgroup is. */
    public enum Qos {
        GUARANTEED, BURSTABLE, BESTEFFORT;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What every cgroup directory has besides its children: the files a cgroup2 hierarchy shows. */
    private static final List<String> CGROUP_FILES = List.of("cgroup.controllers", "cgroup.events", "cgroup.type",
            "cpu.max", "cpu.stat", "memory.current", "memory.max", "pids.current", "pids.max");

    public final Path proc;
    public final Path cgroup;
    public final Path logs;

    /** The lab node's files in {@code dir/proc/net}, an empty cgroup root and log root beside it. */
    public PodTree(Path dir) throws IOException {
        this.proc = Fixtures.labNode(Files.createDirectories(dir.resolve("proc")));
        this.cgroup = Files.createDirectories(dir.resolve("cgroup"));
        this.logs = Files.createDirectories(dir.resolve("pods"));
    }

    /** Pods read from this tree's roots. */
    public PodConfig config() {
        return PodConfig.of(cgroup, logs, null, null);
    }

    /** Writes the node's /proc/net/netmon: the module is loaded. */
    public PodTree nodeNetmon(String text) throws IOException {
        Files.writeString(proc.resolve("net/netmon"), text);
        return this;
    }

    /**
     * A pod's cgroup, with one container holding {@code pids} (its cgroup.procs, one a line), and its log
     * directory when {@code namespace} is given; returns the pod's cgroup directory.
     */
    public Path pod(Driver driver, Qos qos, String namespace, String name, String uid, long... pids) throws IOException {
        Path dir;
        if (driver == Driver.SYSTEMD) {
            Path kubepods = cgroupDir(cgroup.resolve("kubepods.slice"));
            String escaped = uid.replace('-', '_');
            dir = qos == Qos.GUARANTEED ? kubepods.resolve("kubepods-pod" + escaped + ".slice")
                    : cgroupDir(kubepods.resolve("kubepods-" + qos.label() + ".slice"))
                            .resolve("kubepods-" + qos.label() + "-pod" + escaped + ".slice");
        } else {
            Path kubepods = cgroupDir(cgroup.resolve("kubepods"));
            dir = (qos == Qos.GUARANTEED ? kubepods : cgroupDir(kubepods.resolve(qos.label()))).resolve("pod" + uid);
        }
        cgroupDir(dir);
        String container = Integer.toHexString(uid.hashCode()) + "0".repeat(56);
        Path scope = cgroupDir(dir.resolve(driver == Driver.SYSTEMD ? "cri-containerd-" + container + ".scope" : container));
        procs(scope, pids);
        if (namespace != null) {
            Files.createDirectories(logs.resolve(namespace + "_" + name + "_" + uid).resolve("app"));
        }
        return dir;
    }

    /** Writes {@code pids} into the first container cgroup below {@code podDir}. */
    public void procs(Path dir, long... pids) throws IOException {
        Files.writeString(dir.resolve("cgroup.procs"),
                Arrays.stream(pids).mapToObj(pid -> pid + "\n").collect(Collectors.joining()));
    }

    private static Path cgroupDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            for (String file : CGROUP_FILES) {
                Files.writeString(dir.resolve(file), "0\n");
            }
            Files.writeString(dir.resolve("cgroup.procs"), "");
        }
        return dir;
    }

    /** The namespace of process {@code pid}: its net/dev, snmp and snmp6, and net/netmon when given. */
    public Path netns(long pid, String dev, String snmp, String snmp6, String netmon) throws IOException {
        Path net = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("net"));
        Files.writeString(net.resolve("dev"), dev);
        Files.writeString(net.resolve("snmp"), snmp);
        Files.writeString(net.resolve("snmp6"), snmp6);
        if (netmon != null) {
            Files.writeString(net.resolve("netmon"), netmon);
        } else {
            Files.deleteIfExists(net.resolve("netmon"));
        }
        return net;
    }

    /** Process {@code pid} on the host's network: its net files are the node's (hard links, the same inodes). */
    public void hostNetwork(long pid) throws IOException {
        Path net = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("net"));
        for (String file : List.of("dev", "snmp", "snmp6", "netmon")) {
            Path node = proc.resolve("net").resolve(file);
            Files.deleteIfExists(net.resolve(file));
            if (Files.exists(node)) {
                Files.createLink(net.resolve(file), node);
            }
        }
    }

    /** A /proc/net/dev with {@code lo} and {@code eth0}: eth0's four counters given, every other counter 0. */
    public static String dev(long rxBytes, long rxPackets, long txBytes, long txPackets) {
        return "Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
                + "    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
                + "  eth0: " + rxBytes + " " + rxPackets + " 0 0 0 0 0 0 " + txBytes + " " + txPackets + " 0 0 0 0 0 0\n";
    }

    /**
     * The lab node's /proc/net/snmp with {@code values} in place ({@code "Icmp.InMsgs" -> 7}) and every other
     * counter of Icmp, Tcp, Udp and UdpLite at 0: a real kernel's file, a namespace's figures.
     */
    public static String snmp(Map<String, Long> values) throws IOException {
        return rewrite(Files.readAllLines(Fixtures.DIR.resolve("proc-net-snmp-lab-node.txt")), values, true);
    }

    /** The lab node's /proc/net/snmp6 with {@code values} in place ({@code "Udp6.InDatagrams" -> 3}), the others 0. */
    public static String snmp6(Map<String, Long> values) throws IOException {
        return rewrite(Files.readAllLines(Fixtures.DIR.resolve("proc-net-snmp6-lab-node.txt")), values, false);
    }

    private static String rewrite(List<String> lines, Map<String, Long> values, boolean paired) {
        StringBuilder out = new StringBuilder();
        if (paired) {
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String group = lines.get(i).substring(0, lines.get(i).indexOf(':'));
                String[] names = lines.get(i).substring(group.length() + 2).split(" ");
                String[] old = lines.get(i + 1).substring(group.length() + 2).split(" ");
                List<String> now = new ArrayList<>();
                for (int k = 0; k < names.length; k++) {
                    Long value = values.get(group + "." + names[k]);
                    now.add(value != null ? value.toString() : "Tcp".equals(group) && k < 4 ? old[k] : "0");
                }
                out.append(lines.get(i)).append('\n').append(group).append(": ").append(String.join(" ", now)).append('\n');
            }
            return out.toString();
        }
        for (String line : lines) {
            String name = line.split("\\s+")[0];
            int six = name.indexOf('6');
            Long value = six < 0 ? null : values.get(name.substring(0, six + 1) + "." + name.substring(six + 1));
            out.append(String.format("%-32s%d%n", name, value == null ? 0 : value));
        }
        return out.toString();
    }

    /** Named values for {@link #snmp} and {@link #snmp6}: {@code values("Icmp.InMsgs", 3, "Icmp.OutMsgs", 3)}. */
    public static Map<String, Long> values(Object... pairs) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return values;
    }

    /** A /proc/net/netmon of format 2 for the namespace {@code inode}, with {@code rows} after the column line. */
    public static String netmon(long inode, String... rows) {
        StringBuilder out = new StringBuilder("netmon 2 0.2.0 " + inode
                + "\nifindex ifname family proto rx_packets rx_bytes tx_packets tx_bytes\n");
        for (String row : rows) {
            out.append(row).append('\n');
        }
        return out.toString();
    }
}
