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
    static final int EBADMSG = 74;
    static final int EPROTONOSUPPORT = 93;
    /** The largest --max-interfaces: the kmod table's bound for it still fits an int. */
    public static final int MAX_INTERFACES = 1 << 20;
    /** /proc/net/netmon's namespace-wide rows: 2 families x (256 protocol numbers + unknown). */
    static final int KMOD_NAMESPACE_ROWS = 2 * 257;
    /** /proc/net/netmon's rows per interface: 2 families x 16 slots (14 protocols, other, unknown). */
    static final int KMOD_ROWS_PER_INTERFACE = 2 * 16;
    /**
     * snmp and snmp6 entries: a kernel prints a few hundred (Icmp(6)Msg at most 512 each), whatever the
     * node's size.
     */
    static final int MAX_SNMP_ENTRIES = 4096;
    private static final int INITIAL_ROWS = 64;

    private final LibNetmon lib;
    private final Memory info;
    private final int infoNeeded;
    private final int infoLine;
    private final int infoColumn;
    private final Buffer dev;
    private final int devName;
    /** Offsets of the 16 counters in a {@code netmon_dev}, by {@link DevField} ordinal. */
    private final long[] devCounters;
    private final Memory kmodHeader;
    private final int headerFormat;
    private final int headerVersion;
    private final int headerInode;
    private final Buffer proto;
    private final int protoIfindex;
    private final int protoIfname;
    private final int protoFamily;
    private final int protoNumber;
    /** Offsets of the four counters in a {@code netmon_proto_row}, by {@link Counter} ordinal. */
    private final long[] protoCounts;
    private final Buffer snmp;
    private final int snmpGroup;
    private final int snmpName;
    private final int snmpValue;

    /** The rows of /proc/net/netmon and the versions on its first line. */
    public record KmodTable(Snapshot.ModuleInfo module, List<ProtocolStats> rows) {
    }

    /**
     * Takes every size and offset from {@link LibNetmon}'s structures, once.
     *
     * @param maxInterfaces the most interfaces a /proc/net/dev may list (and, from it, the most rows of
     *                      /proc/net/netmon); a longer file is a failed read, and no buffer grows past it
     */
    NativeReader(LibNetmon lib, int maxInterfaces) {
        if (maxInterfaces < 1 || maxInterfaces > MAX_INTERFACES) {
            throw new IllegalArgumentException("max-interfaces must be 1.." + MAX_INTERFACES + ", got " + maxInterfaces);
        }
        this.lib = lib;
        LibNetmon.ReadInfo readInfo = new LibNetmon.ReadInfo();
        this.info = new Memory(readInfo.size());
        this.infoNeeded = readInfo.offsetOf("needed");
        this.infoLine = readInfo.offsetOf("line");
        this.infoColumn = readInfo.offsetOf("column");

        LibNetmon.Dev devLayout = new LibNetmon.Dev();
        this.dev = new Buffer(devLayout.size(), new Limit(maxInterfaces, "interfaces",
                "more than the " + maxInterfaces + " accepted (--max-interfaces)"));
        this.devName = devLayout.offsetOf("name");
        this.devCounters = new long[DevField.values().length];
        for (DevField field : DevField.values()) {
            devCounters[field.ordinal()] = devLayout.offsetOf(field.cName());
        }

        LibNetmon.KmodHeader header = new LibNetmon.KmodHeader();
        this.kmodHeader = new Memory(header.size());
        this.headerFormat = header.offsetOf("format_version");
        this.headerVersion = header.offsetOf("module_version");
        this.headerInode = header.offsetOf("netns_inode");

        LibNetmon.ProtoRow row = new LibNetmon.ProtoRow();
        int kmodRows = KMOD_NAMESPACE_ROWS + KMOD_ROWS_PER_INTERFACE * maxInterfaces;
        this.proto = new Buffer(row.size(), new Limit(kmodRows, "rows", "more than the " + kmodRows + " accepted ("
                + KMOD_NAMESPACE_ROWS + " namespace-wide and " + KMOD_ROWS_PER_INTERFACE + " for each of --max-interfaces "
                + maxInterfaces + ")"));
        this.protoIfindex = row.offsetOf("ifindex");
        this.protoIfname = row.offsetOf("ifname");
        this.protoFamily = row.offsetOf("family");
        this.protoNumber = row.offsetOf("proto");
        this.protoCounts = new long[Counter.COUNT];
        for (Counter counter : Counter.ALL) {
            protoCounts[counter.ordinal()] = row.offsetOf(counter.field().cName());
        }

        LibNetmon.SnmpEntry entry = new LibNetmon.SnmpEntry();
        this.snmp = new Buffer(entry.size(), new Limit(MAX_SNMP_ENTRIES, "counters",
                "more than the " + MAX_SNMP_ENTRIES + " a kernel could print"));
        this.snmpGroup = entry.offsetOf("group");
        this.snmpName = entry.offsetOf("name");
        this.snmpValue = entry.offsetOf("value");
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
                throw new ProcReadException(path, e.errno(), "format version " + kmodHeader.getInt(headerFormat)
                        + " is not supported (this build reads versions " + LibNetmon.PROC_FORMAT_MIN + " to "
                        + LibNetmon.PROC_FORMAT + "): upgrade netmon");
            }
            throw e;
        }
        Snapshot.ModuleInfo module = new Snapshot.ModuleInfo(kmodHeader.getInt(headerFormat),
                cString(kmodHeader, headerVersion, LibNetmon.VERSION_MAX), kmodHeader.getLong(headerInode));
        List<ProtocolStats> rows = new ArrayList<>(count);
        Memory memory = proto.memory;
        for (int i = 0; i < count; i++) {
            long base = (long) i * proto.structSize;
            String ifname = memory.getInt(base + protoIfindex) == 0 ? ProtocolStats.ALL
                    : cString(memory, base + protoIfname, LibNetmon.IFNAME_MAX);
            Family family = memory.getByte(base + protoFamily) == 6 ? Family.IPV6 : Family.IPV4;
            rows.add(new ProtocolStats(ifname, family, memory.getShort(base + protoNumber),
                    Counts.of(counter -> memory.getLong(base + protoCounts[counter.ordinal()]))));
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
            String group = cString(snmp.memory, base + snmpGroup, LibNetmon.SNMP_GROUP_MAX);
            String name = cString(snmp.memory, base + snmpName, LibNetmon.SNMP_NAME_MAX);
            values.put(group + "." + name, snmp.memory.getLong(base + snmpValue));
        }
        return values;
    }

    /** Reads a /proc/net/dev-format file: one record per interface, in file order. */
    public List<InterfaceStats> readDev(Path path) throws ProcReadException {
        String file = path.toString();
        int count = fill(dev, path, (out, capacity) -> lib.netmon_read_dev(file, out, capacity, info));
        List<InterfaceStats> rows = new ArrayList<>(count);
        long[] counters = new long[devCounters.length];
        for (int i = 0; i < count; i++) {
            long base = (long) i * dev.structSize;
            for (int f = 0; f < counters.length; f++) {
                counters[f] = dev.memory.getLong(base + devCounters[f]);
            }
            rows.add(InterfaceStats.of(cString(dev.memory, base + devName, LibNetmon.IFNAME_MAX), counters));
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
            if (rc != -ENOSPC) {
                throw new ProcReadException(path, -rc, describe(rc));
            }
            long needed = Integer.toUnsignedLong(info.getInt(infoNeeded));
            if (needed <= buffer.capacity) {
                throw new ProcReadException(path, ENOSPC, describe(rc) + ", yet it says " + needed + " rows fit");
            }
            if (needed > buffer.limit.rows()) {
                throw new ProcReadException(path, ENOSPC, needed + " " + buffer.limit.noun() + " listed, " + buffer.limit.why());
            }
            // A file that grew between two reads asks again; one that shrank fits at the next call.
            buffer.grow((int) needed);
        }
    }

    private String describe(int rc) {
        String text = lib.netmon_strerror(rc);
        int line = info.getInt(infoLine);
        int column = info.getInt(infoColumn);
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

    int devCapacity() {
        return dev.capacity;
    }

    /** The most rows a buffer may grow to, and how a failed read says a file had more. */
    private record Limit(int rows, String noun, String why) {
    }

    /** A native array of one struct type, grown to fit up to its limit, never shrunk. */
    private static final class Buffer {
        final int structSize;
        final Limit limit;
        Memory memory;
        int capacity;

        Buffer(int structSize, Limit limit) {
            this.structSize = structSize;
            this.limit = limit;
            this.capacity = Math.min(INITIAL_ROWS, limit.rows());
            this.memory = new Memory((long) structSize * capacity);
        }

        void grow(int rows) {
            int target = (int) Math.min(limit.rows(), Math.max(rows + (long) rows / 4, 2L * capacity));
            memory.close();
            memory = new Memory((long) structSize * target);
            capacity = target;
        }
    }
}
