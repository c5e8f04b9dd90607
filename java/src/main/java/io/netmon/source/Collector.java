package io.netmon.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the node's counters into a {@link Snapshot}, choosing the source on every read: the
 * module's /proc/net/netmon when it exists, else /proc/net/snmp and snmp6. So the service follows
 * the module being loaded or unloaded without a restart. Then, when told where, the node's pods, each
 * from the same source ({@link PodCollector}). Not thread-safe (it owns native
 * buffers): the sampler's thread is its only caller, or a CLI command that reads once.
 */
public final class Collector {
    /**
     * The most interfaces one read accepts unless told otherwise. Each costs about 22 KB of heap (its
     * history, mostly): 187 MB live at this many (docs/ARCHITECTURE.md, "Bounded input"), which the
     * heap must be sized for.
     */
    public static final int DEFAULT_MAX_INTERFACES = 8192;
    /** Said of a /proc/net/dev without a row: it cannot be a kernel's. */
    static final String NO_INTERFACE = "no interface listed (a kernel always lists lo)";
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final ProcPaths paths;
    private final NativeLibrary library;
    private final NativeReader reader;
    private final Clock clock;
    private final PodCollector pods;
    private long sequence;
    private Source lastSource;

    /** A collector of the node alone: no pod is looked for. */
    public Collector(ProcPaths paths, NativeLibrary library, Clock clock) {
        this(paths, library, clock, DEFAULT_MAX_INTERFACES);
    }

    /**
     * A collector of the node alone, reading at most {@code maxInterfaces} interfaces.
     *
     * @param maxInterfaces the most interfaces a read accepts (docs/ARCHITECTURE.md, "Bounded input"); a
     *                      /proc/net/dev that lists more is a failed read, as a malformed one is
     */
    public Collector(ProcPaths paths, NativeLibrary library, Clock clock, int maxInterfaces) {
        this(paths, library, clock, maxInterfaces, PodConfig.OFF);
    }

    /**
     * @param maxInterfaces the most interfaces a read of the node's or a pod's /proc/net/dev accepts
     * @param pods          where the node's pods are and which are read, in every sample after the node
     */
    public Collector(ProcPaths paths, NativeLibrary library, Clock clock, int maxInterfaces, PodConfig pods) {
        this.paths = paths;
        this.library = library;
        this.reader = library.loaded() ? library.newReader(maxInterfaces) : null;
        this.clock = clock;
        this.pods = new PodCollector(paths, pods);
    }

    public ProcPaths paths() {
        return paths;
    }

    public NativeLibrary library() {
        return library;
    }

    public PodConfig pods() {
        return pods.config();
    }

    /** One read of every source; throws with a reason a person can act on. */
    public Snapshot collect() throws IOException {
        if (reader == null) {
            throw new IOException("cannot read " + paths.netDev() + ": " + library.describe());
        }
        // The time of the read is taken right before /proc/net/dev is read: the rates divide the
        // counters' growth by it, so nothing else (the protocol files, a preemption) may sit between.
        long monotonic = System.nanoTime();
        Instant timestamp = clock.instant();
        List<InterfaceStats> interfaces = reader.readDev(paths.netDev());
        if (interfaces.isEmpty()) {
            throw new ProcReadException(paths.netDev(), NativeReader.EBADMSG, NO_INTERFACE);
        }
        NativeReader.KmodTable kmod = readKmodIfLoaded();
        Snapshot snapshot;
        try {
            snapshot = kmod != null
                    ? Snapshot.of(sequence + 1, timestamp, monotonic, Source.KMOD, interfaces, kmod.rows(), kmod.module())
                    : Snapshot.of(sequence + 1, timestamp, monotonic, Source.PROCFS, interfaces, readSnmp(), null);
        } catch (Snapshot.Duplicate e) {
            Path file = !e.protocolRow() ? paths.netDev() : kmod != null ? paths.netmon() : paths.snmp();
            throw new ProcReadException(file, NativeReader.EBADMSG, e.getMessage());
        }
        sequence++;
        snapshot = snapshot.withPods(pods.read(reader, snapshot));
        if (snapshot.source() != lastSource) {
            if (lastSource != null) {
                LOG.info("source changed from {} to {}", lastSource.label(), snapshot.source().label());
            }
            lastSource = snapshot.source();
        }
        return snapshot;
    }

    /** The module's table, or null when the module is not loaded (or was unloaded while we looked). */
    private NativeReader.KmodTable readKmodIfLoaded() throws ProcReadException {
        if (!Files.exists(paths.netmon())) {
            return null;
        }
        try {
            return reader.readKmod(paths.netmon());
        } catch (ProcReadException e) {
            if (e.errno() == NativeReader.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Host-level protocol packets from snmp and snmp6. A missing file is not an error (snmp6 is
     * absent with IPv6 disabled, and a sandbox may hide both): its protocols are simply not there.
     */
    private List<ProtocolStats> readSnmp() throws ProcReadException {
        Map<String, Long> values = new HashMap<>(readIfThere(reader, paths.snmp()));
        values.putAll(readIfThere(reader, paths.snmp6()));
        return SnmpProtocols.rows(values);
    }

    /** An snmp or snmp6 file's counters, none when the file is not there. */
    static Map<String, Long> readIfThere(NativeReader reader, Path file) throws ProcReadException {
        try {
            return reader.readSnmp(file);
        } catch (ProcReadException e) {
            if (e.errno() != NativeReader.ENOENT) {
                throw e;
            }
            return Map.of();
        }
    }
}
