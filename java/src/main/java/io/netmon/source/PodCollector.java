package io.netmon.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every pod of the node after the node itself, in the same sample: the pods from the kubelet's
 * cgroups ({@link PodCgroups}), their names from its log directories ({@link PodNames}), and each pod's
 * counters through one of its processes, {@code <proc root>/<pid>/net/...}, from the node's source: the
 * module's {@code netmon} file when the node's sample is the module's, else {@code dev}, {@code snmp} and
 * {@code snmp6}. An unprivileged reader can read those files of any process; it cannot stat
 * {@code /proc/<pid>/ns/net} (that needs ptrace rights), so a pod on the host's network is recognised by
 * the namespace inode of its module file's header, or without the module by its {@code net/dev} file's
 * inode, which procfs gives per network namespace, being the node's.
 *
 * <p>A process that exits while it is read is no error: the pod's next process is tried, and a pod with
 * none left is simply not in the sample. Anything else that fails leaves the pod out of that sample with a
 * note, logged once until it changes. Not thread-safe: the collector's thread is its only caller.
 */
final class PodCollector {
    private static final Logger LOG = LoggerFactory.getLogger(PodCollector.class);
    private static final int ESRCH = 3;
    /** Processes of one pod tried in one sample: the first may exit as it is read. */
    private static final int PIDS_TRIED = 4;

    private final ProcPaths paths;
    private final PodConfig config;
    private final PodCgroups cgroups = new PodCgroups();
    /** The sequence each pod present now was first seen at, by UID. */
    private final Map<String, Long> firstSeen = new HashMap<>();
    /** The problem last logged for each pod left out, by UID: each is logged once until it changes. */
    private final Map<String, String> problems = new HashMap<>();

    PodCollector(ProcPaths paths, PodConfig config) {
        this.paths = Objects.requireNonNull(paths, "paths");
        this.config = Objects.requireNonNull(config, "config");
    }

    PodConfig config() {
        return config;
    }

    /** The pods as they are now; {@code node} is the sample they join (its source, times and namespace). */
    Pods read(NativeReader reader, Snapshot node) {
        if (!config.enabled()) {
            return Pods.OFF;
        }
        List<String> notes = new ArrayList<>();
        List<PodCgroups.Found> found;
        try {
            found = cgroups.scan(config.cgroupRoot(), notes);
        } catch (IOException e) {
            notes.add("cannot list " + config.cgroupRoot() + " (" + e + "): no pod is listed");
            found = List.of();
        }
        Optional<Map<String, PodNames.Name>> names = found.isEmpty() ? Optional.of(Map.of())
                : PodNames.read(config.logRoot(), notes);
        NodeNetns nodeNetns = new NodeNetns();
        List<PodStats> pods = new ArrayList<>(found.size());
        Set<String> present = new HashSet<>();
        int unnamed = 0;
        for (PodCgroups.Found pod : found) {
            PodNames.Name name = names.orElse(Map.of()).get(pod.uid());
            if (!config.keepsNamespace(name == null ? null : name.namespace())) {
                continue;
            }
            present.add(pod.uid());
            String label = name == null ? pod.uid() : name.namespace() + "/" + name.name();
            try {
                Optional<Netns> netns = readPod(reader, pod, node, nodeNetns);
                if (netns.isPresent()) {
                    long first = firstSeen.computeIfAbsent(pod.uid(), uid -> node.sequence());
                    pods.add(new PodStats(pod.uid(), name == null ? null : name.namespace(),
                            name == null ? null : name.name(), netns.get().hostNetwork(), first, netns.get().snapshot()));
                    unnamed += name == null ? 1 : 0;
                }
                problems.remove(pod.uid());
            } catch (IOException | IllegalArgumentException e) {
                String problem = e.getMessage() == null ? e.toString() : e.getMessage();
                notes.add("pod " + label + " is left out of this sample: " + problem);
                if (!problem.equals(problems.put(pod.uid(), problem))) {
                    LOG.warn("pod {} is left out: {}", label, problem);
                }
            }
        }
        firstSeen.keySet().retainAll(present);
        problems.keySet().retainAll(present);
        if (unnamed > 0 && names.isPresent()) {
            notes.add(unnamed + (unnamed == 1 ? " pod has" : " pods have") + " no directory in " + config.logRoot()
                    + ": listed by UID alone");
        }
        return new Pods(true, pods, notes);
    }

    /** A pod's namespace: the node's (then nothing of it is kept), or its own as a snapshot. */
    private record Netns(boolean hostNetwork, Snapshot snapshot) {
    }

    /** The pod's namespace through the first of its processes that can be read; empty when none is left. */
    private Optional<Netns> readPod(NativeReader reader, PodCgroups.Found pod, Snapshot node, NodeNetns nodeNetns)
            throws IOException {
        for (long pid : cgroups.pids(pod.dir(), PIDS_TRIED)) {
            Path net = paths.root().resolve(Long.toString(pid)).resolve("net");
            try {
                return Optional.of(readNetns(reader, net, node, nodeNetns));
            } catch (NoSuchFileException e) {
                continue;
            } catch (ProcReadException e) {
                if (e.errno() != NativeReader.ENOENT && e.errno() != ESRCH) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }

    private Netns readNetns(NativeReader reader, Path net, Snapshot node, NodeNetns nodeNetns) throws IOException {
        Path dev = net.resolve("dev");
        if (node.source() == Source.KMOD) {
            NativeReader.KmodTable table = reader.readKmod(net.resolve("netmon"));
            long inode = table.module().netnsInode();
            long nodeInode = node.module() == null ? 0 : node.module().netnsInode();
            boolean host = inode != 0 && nodeInode != 0 ? inode == nodeInode : nodeNetns.is(dev);
            return host ? hostNetwork(node) : new Netns(false, Snapshot.of(node.sequence(), node.timestamp(),
                    node.monotonicNanos(), Source.KMOD, reader.readDev(dev), table.rows(), table.module()));
        }
        if (nodeNetns.is(dev)) {
            return hostNetwork(node);
        }
        List<InterfaceStats> interfaces = reader.readDev(dev);
        // snmp is in every namespace: missing, the process is gone; snmp6 is missing where IPv6 is off
        Map<String, Long> snmp = new HashMap<>(reader.readSnmp(net.resolve("snmp")));
        snmp.putAll(Collector.readIfThere(reader, net.resolve("snmp6")));
        return new Netns(false, Snapshot.of(node.sequence(), node.timestamp(), node.monotonicNanos(), Source.PROCFS,
                interfaces, SnmpProtocols.rows(snmp), null));
    }

    private static Netns hostNetwork(Snapshot node) {
        return new Netns(true, Snapshot.of(node.sequence(), node.timestamp(), node.monotonicNanos(), node.source(),
                List.of(), List.of(), null));
    }

    /**
     * The node's network namespace as procfs names it without privileges: the identity (device and inode)
     * of the node's {@code net/dev}, which procfs gives each namespace its own of. Taken once per sample,
     * when first needed.
     */
    private final class NodeNetns {
        private Object key;

        /** Whether {@code dev}, a process's net/dev, is the node's namespace's. */
        boolean is(Path dev) throws IOException {
            if (key == null) {
                key = fileKey(paths.netDev());
            }
            return key.equals(fileKey(dev));
        }
    }

    private static Object fileKey(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        if (key == null) {
            throw new IOException(path + ": the file system gives no inode to tell namespaces apart");
        }
        return key;
    }
}
