package io.netmon.source;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Reads the node's counters into a {@link Snapshot}. Not thread-safe (it owns native buffers):
 * the sampler's thread is its only caller, or a CLI command that reads once.
 */
public final class Collector {
    private final ProcPaths paths;
    private final NativeLibrary library;
    private final NativeReader reader;
    private final Clock clock;
    private long sequence;

    public Collector(ProcPaths paths, NativeLibrary library, Clock clock) {
        this.paths = paths;
        this.library = library;
        this.reader = library.loaded() ? library.newReader() : null;
        this.clock = clock;
    }

    public ProcPaths paths() {
        return paths;
    }

    public NativeLibrary library() {
        return library;
    }

    /** One read of every source; throws with a reason a person can act on. */
    public Snapshot collect() throws IOException {
        if (reader == null) {
            throw new IOException("cannot read " + paths.netDev() + ": " + library.describe());
        }
        List<InterfaceStats> interfaces = reader.readDev(paths.netDev());
        long monotonic = System.nanoTime();
        return Snapshot.of(++sequence, clock.instant(), monotonic, Source.PROCFS, interfaces);
    }
}
