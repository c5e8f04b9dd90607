package io.netmon.source;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls libnetmon's readers with native buffers it owns and grows on {@code -ENOSPC}, then turns
 * the filled structs into records. One instance per thread: the buffers are reused across calls.
 */
public final class NativeReader {
    static final int ENOSPC = 28;
    /** A bound on the rows of one file, so a corrupt file cannot make us allocate without end. */
    static final int MAX_ROWS = 1 << 20;
    private static final int INITIAL_ROWS = 64;

    private final LibNetmon lib;
    private final Memory info = new Memory(new LibNetmon.ReadInfo().size());
    private final Buffer dev;
    private final long[] devOffsets;

    NativeReader(LibNetmon lib) {
        this.lib = lib;
        LibNetmon.Dev layout = new LibNetmon.Dev();
        this.dev = new Buffer(layout.size());
        this.devOffsets = new long[DevField.values().length];
        String[] fields = {"rx_bytes", "rx_packets", "rx_errs", "rx_drop", "rx_fifo", "rx_frame", "rx_compressed",
                "rx_multicast", "tx_bytes", "tx_packets", "tx_errs", "tx_drop", "tx_fifo", "tx_colls", "tx_carrier",
                "tx_compressed"};
        for (int i = 0; i < fields.length; i++) {
            devOffsets[i] = layout.offsetOf(fields[i]);
        }
    }

    /** Reads a /proc/net/dev-format file: one record per interface, in file order. */
    public List<InterfaceStats> readDev(Path path) throws ProcReadException {
        String file = path.toString();
        int count = fill(dev, path, (out, capacity) -> lib.netmon_read_dev(file, out, capacity, info));
        List<InterfaceStats> rows = new ArrayList<>(count);
        long[] counters = new long[devOffsets.length];
        for (int i = 0; i < count; i++) {
            long base = (long) i * dev.structSize;
            for (int f = 0; f < counters.length; f++) {
                counters[f] = dev.memory.getLong(base + devOffsets[f]);
            }
            rows.add(InterfaceStats.of(cString(dev.memory, base, LibNetmon.IFNAME_MAX), counters));
        }
        return rows;
    }

    @FunctionalInterface
    private interface Call {
        int invoke(Pointer out, int capacity);
    }

    /** Runs {@code call} until the buffer is big enough; returns the row count or throws with the reader's reason. */
    private int fill(Buffer buffer, Path path, Call call) throws ProcReadException {
        while (true) {
            int rc = call.invoke(buffer.memory, buffer.capacity);
            if (rc >= 0) {
                return rc;
            }
            int needed = info.getInt(0);
            if (rc == -ENOSPC && needed > buffer.capacity && needed <= MAX_ROWS) {
                buffer.grow(needed);
                continue;
            }
            throw new ProcReadException(path, -rc, describe(rc));
        }
    }

    private String describe(int rc) {
        String text = lib.netmon_strerror(rc);
        int line = info.getInt(4);
        int column = info.getInt(8);
        return line > 0 ? text + " at line " + line + ", column " + column : text;
    }

    static String cString(Pointer memory, long offset, int max) {
        byte[] bytes = memory.getByteArray(offset, max);
        int length = 0;
        while (length < max && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** A native array of one struct type, grown to fit, never shrunk. */
    private static final class Buffer {
        final int structSize;
        Memory memory;
        int capacity;

        Buffer(int structSize) {
            this.structSize = structSize;
            this.capacity = INITIAL_ROWS;
            this.memory = new Memory((long) structSize * capacity);
        }

        void grow(int rows) {
            int target = Math.min(MAX_ROWS, Math.max(rows + rows / 4, capacity * 2));
            memory.close();
            memory = new Memory((long) structSize * target);
            capacity = target;
        }
    }
}
