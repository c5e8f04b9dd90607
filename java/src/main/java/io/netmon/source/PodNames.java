package io.netmon.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pods' namespaces and names from the kubelet's log directories, {@code <root>/<namespace>_<name>_<uid>/},
 * which it makes for every pod it runs. Kubernetes names and namespaces cannot hold an underscore, so the
 * three parts are unambiguous.
 */
final class PodNames {
    /** A pod's namespace and name. */
    record Name(String namespace, String name) {
    }

    private PodNames() {
    }

    /**
     * UID → name for every pod directory under {@code root}; empty, with a note, when {@code root} is not
     * there or cannot be listed (the pods are then listed by UID).
     */
    static Optional<Map<String, Name>> read(Path root, List<String> notes) {
        Map<String, Name> names = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String[] parts = dir.getFileName().toString().split("_", -1);
                if (parts.length == 3 && !parts[0].isEmpty() && !parts[1].isEmpty() && !parts[2].isEmpty()) {
                    names.put(parts[2], new Name(parts[0], parts[1]));
                }
            }
        } catch (NoSuchFileException e) {
            notes.add("no " + root + " (the kubelet's pod log directories): pods are listed by UID alone");
            return Optional.empty();
        } catch (IOException e) {
            notes.add("cannot list " + root + " (" + e + "): pods are listed by UID alone");
            return Optional.empty();
        }
        return Optional.of(names);
    }
}
