package io.netmon.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelet's pod cgroups, found by their names alone (no API, no credentials), under either cgroup
 * driver:
 * <pre>
 *   systemd:  kubepods.slice/kubepods-pod&lt;uid&gt;.slice/...                     (Guaranteed)
 *             kubepods.slice/kubepods-&lt;qos&gt;.slice/kubepods-&lt;qos&gt;-pod&lt;uid&gt;.slice/...  (Burstable, BestEffort)
 *   cgroupfs: kubepods/pod&lt;uid&gt;/...,  kubepods/&lt;qos&gt;/pod&lt;uid&gt;/...
 * </pre>
 * The systemd driver writes the UID's dashes as underscores; a kubelet with its own cgroup root (kind:
 * {@code kubelet.slice/kubelet-kubepods.slice}) prefixes every name, which the patterns allow. The
 * kubepods directory is the cgroup root itself or one of its children.
 */
final class PodCgroups {
    /** {@code kubepods}, {@code kubepods.slice}, {@code kubelet-kubepods.slice}. */
    private static final Pattern KUBEPODS = Pattern.compile("kubepods|.*kubepods\\.slice");
    /** {@code burstable}, {@code kubepods-besteffort.slice}, ... */
    private static final Pattern QOS = Pattern.compile("(?:.*kubepods-)?(besteffort|burstable)(?:\\.slice)?");
    /** {@code pod<uid>}, {@code kubepods-burstable-pod<uid_with_underscores>.slice}, ... */
    private static final Pattern POD = Pattern.compile("(?:.*-)?pod([0-9a-fA-F][0-9a-fA-F_-]{7,63})(?:\\.slice)?");
    /** Container cgroups below a pod: {@code cri-containerd-<id>.scope}, or a bare id (cgroupfs). */
    private static final Pattern CONTAINER = Pattern.compile("[^.]+|.+\\.scope");
    /** How deep below a pod's cgroup its processes are looked for. */
    private static final int DEPTH = 2;
    /** At most this much of a cgroup.procs is read: its first pids. */
    private static final int PROCS_BYTES = 256;

    /** One pod's cgroup: its UID (with dashes) and its directory. */
    record Found(String uid, Path dir) {
    }

    private final ByteBuffer buffer = ByteBuffer.allocate(PROCS_BYTES);

    /**
     * Every pod cgroup under {@code root}. Empty, with {@code notes} saying why, when {@code root} has no
     * kubepods hierarchy.
     *
     * @throws IOException when {@code root} cannot be listed
     */
    List<Found> scan(Path root, List<String> notes) throws IOException {
        List<Path> kubepods = new ArrayList<>();
        if (matches(KUBEPODS, root)) {
            kubepods.add(root);
        } else {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(root, p -> matches(KUBEPODS, p))) {
                children.forEach(kubepods::add);
            }
        }
        List<Found> pods = new ArrayList<>();
        if (kubepods.isEmpty()) {
            notes.add("no kubepods cgroup in " + root + ": no pod is listed (not a Kubernetes node, or --cgroup-root "
                    + "is not the node's cgroup2 mount)");
            return pods;
        }
        for (Path dir : kubepods) {
            for (Path child : list(dir)) {
                if (!addPod(child, pods) && matches(QOS, child)) {
                    for (Path pod : list(child)) {
                        addPod(pod, pods);
                    }
                }
            }
        }
        return pods;
    }

    private static boolean addPod(Path dir, List<Found> pods) {
        Matcher pod = POD.matcher(dir.getFileName().toString());
        if (!pod.matches()) {
            return false;
        }
        pods.add(new Found(pod.group(1).replace('_', '-'), dir));
        return true;
    }

    /** The entries of a cgroup directory (a file or a directory that went meanwhile: none). */
    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            children.forEach(entries::add);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return entries;
        }
        return entries;
    }

    private static boolean matches(Pattern pattern, Path path) {
        Path name = path.getFileName();
        return name != null && pattern.matcher(name.toString()).matches();
    }

    /**
     * Up to {@code max} processes of the pod whose cgroup is {@code dir}, from the first {@code cgroup.procs}
     * that lists any: the pod's own, else its containers' (and theirs, {@link #DEPTH} deep). Empty when the
     * pod has no process (any more).
     */
    List<Long> pids(Path dir, int max) throws IOException {
        List<Long> pids = new ArrayList<>(max);
        collect(dir, DEPTH, max, pids);
        return pids;
    }

    private void collect(Path dir, int depth, int max, List<Long> pids) throws IOException {
        readProcs(dir.resolve("cgroup.procs"), max, pids);
        if (!pids.isEmpty() || depth == 0) {
            return;
        }
        for (Path child : list(dir)) {
            if (matches(CONTAINER, child)) {
                collect(child, depth - 1, max, pids);
                if (!pids.isEmpty()) {
                    return;
                }
            }
        }
    }

    /** The first pids of a cgroup.procs (one decimal a line); none when it is not there. */
    private void readProcs(Path file, int max, List<Long> pids) throws IOException {
        buffer.clear();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // a seq_file gives what fits; the first pids are enough
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return;
        }
        buffer.flip();
        long pid = -1;
        while (buffer.hasRemaining() && pids.size() < max) {
            byte b = buffer.get();
            if (b >= '0' && b <= '9') {
                // a pid is at most 2^22 (PID_MAX_LIMIT); anything longer is no pid
                pid = pid > Integer.MAX_VALUE ? pid : (pid < 0 ? 0 : pid * 10) + (b - '0');
            } else {
                if (b == '\n' && pid > 0 && pid <= Integer.MAX_VALUE) {
                    pids.add(pid);
                }
                pid = -1;
            }
        }
    }
}
