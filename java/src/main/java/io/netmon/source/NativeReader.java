package io.netmon.source;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls libnetmon's readers with native buffers it owns and grows on {@code -ENOSPC}, then turns
 * the filled structs into records. One instance per thread: the buffers are reused across calls.
 */
public final class NativeReader {
    static final int ENOENT = 2;
    static final int ENOSPC = 28;
    static final int EPROTONOSUPPORT = 93;
    /** A bound on the rows of one file, so a corrupt file cannot make us allocate without end. */
    static final int MAX_ROWS = 1 << 20;
    private static final int INITIAL_ROWS = 64;

    private final LibNetmon lib;
    private final Memory info = new Memory(new LibNetmon.ReadInfo().size());
    private final Buffer dev;
    private final long[] devOffsets;
    private final Memory kmodHeader = new Memory(new LibNetmon.KmodHeader().size());
    private final int kmodVersionOffset;
    private final int kmodInodeOffset;
    private final Buffer proto;
    private final ProtoLayout protoLayout;
    private final Buffer snmp;
    private final int snmpNameOffset;
    private final int snmpValueOffset;

    /** The rows of /proc/net/netmon and the versions on its first line. */
    public record KmodTable(Snapshot.ModuleInfo module, List<ProtocolStats> rows) {
    }

    private record ProtoLayout(int ifname, int family, int proto, int rxPackets, int rxBytes, int txPackets, int txBytes) {
    }

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
        LibNetmon.KmodHeader header = new LibNetmon.KmodHeader();
        this.kmodVersionOffset = header.offsetOf("module_version");
        this.kmodInodeOffset = header.offsetOf("netns_inode");
        LibNetmon.ProtoRow row = new LibNetmon.ProtoRow();
        this.proto = new Buffer(row.size());
        this.protoLayout = new ProtoLayout(row.offsetOf("ifname"), row.offsetOf("family"), row.offsetOf("proto"),
                row.offsetOf("rx_packets"), row.offsetOf("rx_bytes"), row.offsetOf("tx_packets"), row.offsetOf("tx_bytes"));
        LibNetmon.SnmpEntry entry = new LibNetmon.SnmpEntry();
        this.snmp = new Buffer(entry.size());
        this.snmpNameOffset = entry.offsetOf("name");
        this.snmpValueOffset = entry.offsetOf("value");
    }

    /**
     * Reads a /proc/net/netmon file (docs/PROC_FORMAT.md). A format version this build does not
     * know is an error that names the version, never a best-effort guess.
     */
    public KmodTable readKmod(Path path) throws ProcReadException {
        String file = path.toString();
        int count;
        try {
            count = fill(proto, path, (out, capacity) -> lib.netmon_read_kmod(file, kmodHeader, out, capacity, info));
        } catch (ProcReadException e) {
            if (e.errno() == EPROTONOSUPPORT) {
                throw new ProcReadException(path, e.errno(), "format version " + kmodHeader.getInt(0)
                        + " is not supported (this build reads versions " + LibNetmon.PROC_FORMAT_MIN + " to "
                        + LibNetmon.PROC_FORMAT + "): upgrade netmon");
            }
            throw e;
        }
        Snapshot.ModuleInfo module = new Snapshot.ModuleInfo(kmodHeader.getInt(0),
                cString(kmodHeader, kmodVersionOffset, LibNetmon.VERSION_MAX), kmodHeader.getLong(kmodInodeOffset));
        List<ProtocolStats> rows = new ArrayList<>(count);
        ProtoLayout at = protoLayout;
        for (int i = 0; i < count; i++) {
            long base = (long) i * proto.structSize;
            int ifindex = proto.memory.getInt(base);
            String ifname = ifindex == 0 ? ProtocolStats.ALL : cString(proto.memory, base + at.ifname(), LibNetmon.IFNAME_MAX);
            Family family = proto.memory.getByte(base + at.family()) == 6 ? Family.IPV6 : Family.IPV4;
            rows.add(new ProtocolStats(ifname, family, proto.memory.getShort(base + at.proto()),
                    proto.memory.getLong(base + at.rxPackets()), proto.memory.getLong(base + at.rxBytes()),
                    proto.memory.getLong(base + at.txPackets()), proto.memory.getLong(base + at.txBytes())));
        }
        return new KmodTable(module, rows);
    }

    /** Reads /proc/net/snmp or /proc/net/snmp6 into {@code "Group.Name" -> value}, e.g. {@code "Udp6.InDatagrams"}. */
    public Map<String, Long> readSnmp(Path path) throws ProcReadException {
        String file = path.toString();
        int count = fill(snmp, path, (out, capacity) -> lib.netmon_read_snmp(file, out, capacity, info));
        Map<String, Long> values = new LinkedHashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            long base = (long) i * snmp.structSize;
            String group = cString(snmp.memory, base, LibNetmon.SNMP_GROUP_MAX);
            String name = cString(snmp.memory, base + snmpNameOffset, LibNetmon.SNMP_NAME_MAX);
            values.put(group + "." + name, snmp.memory.getLong(base + snmpValueOffset));
        }
        return values;
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
