package io.netmon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module loader's outcome for {@code serve --loader-status}: one line the pod's init container wrote
 * (k8s/image/load-module.sh, "PATH: why"), turned into the note /network shows while netmon.ko is not loaded.
 */
final class LoaderStatus {
    private static final Logger LOG = LoggerFactory.getLogger(LoaderStatus.class);

    private LoaderStatus() {
    }

    /** The note for {@code file}, none without a file; a file that was named but cannot be read is said too. */
    static Optional<String> note(Path file) {
        if (file == null) {
            return Optional.empty();
        }
        String line;
        try {
            line = Files.readString(file, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
        } catch (IOException e) {
            LOG.warn("cannot read the module loader's status {}: {}", file, e.toString());
            return Optional.of("the module loader left no status in " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        LOG.info("module loader: {}", line.isEmpty() ? "(empty status)" : line);
        return Optional.of("the module loader said: " + (line.isEmpty() ? "nothing (" + file + " is empty)" : line));
    }
}
