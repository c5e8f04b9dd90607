package io.netmon.source;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * JNA mirror of {@code native/include/netmon.h}. The structures exist to give the C layout
 * (size and field offsets) field for field; {@link NativeReader} reads the caller-owned arrays
 * straight from native memory at those offsets instead of through reflection per field.
 */
interface LibNetmon extends Library {

    int API_VERSION = 2;
    /** The /proc/net/netmon format versions libnetmon reads: PROC_FORMAT_MIN to PROC_FORMAT. */
    int PROC_FORMAT_MIN = 1;
    int PROC_FORMAT = 2;
    int IFNAME_MAX = 16;
    int VERSION_MAX = 32;
    int SNMP_GROUP_MAX = 16;
    int SNMP_NAME_MAX = 48;

    int netmon_api_version();

    int netmon_read_dev(String path, Pointer out, int capacity, Pointer info);

    int netmon_read_kmod(String path, Pointer header, Pointer out, int capacity, Pointer info);

    int netmon_read_snmp(String path, Pointer out, int capacity, Pointer info);

    String netmon_strerror(int rc);

    /** Exposes {@link Structure#fieldOffset} to the reader. */
    abstract class Layout extends Structure {
        int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    @FieldOrder({"needed", "line", "column", "reserved"})
    final class ReadInfo extends Layout {
        public int needed;
        public int line;
        public int column;
        public int reserved;
    }

    @FieldOrder({"name",
            "rx_bytes", "rx_packets", "rx_errs", "rx_drop", "rx_fifo", "rx_frame", "rx_compressed", "rx_multicast",
            "tx_bytes", "tx_packets", "tx_errs", "tx_drop", "tx_fifo", "tx_colls", "tx_carrier", "tx_compressed"})
    final class Dev extends Layout {
        public byte[] name = new byte[IFNAME_MAX];
        public long rx_bytes;
        public long rx_packets;
        public long rx_errs;
        public long rx_drop;
        public long rx_fifo;
        public long rx_frame;
        public long rx_compressed;
        public long rx_multicast;
        public long tx_bytes;
        public long tx_packets;
        public long tx_errs;
        public long tx_drop;
        public long tx_fifo;
        public long tx_colls;
        public long tx_carrier;
        public long tx_compressed;
    }

    @FieldOrder({"format_version", "module_version", "reserved", "netns_inode"})
    final class KmodHeader extends Layout {
        public int format_version;
        public byte[] module_version = new byte[VERSION_MAX];
        public int reserved;
        public long netns_inode;
    }

    @FieldOrder({"ifindex", "ifname", "family", "pad", "proto", "rx_packets", "rx_bytes", "tx_packets", "tx_bytes"})
    final class ProtoRow extends Layout {
        public int ifindex;
        public byte[] ifname = new byte[IFNAME_MAX];
        public byte family;
        public byte pad;
        public short proto;
        public long rx_packets;
        public long rx_bytes;
        public long tx_packets;
        public long tx_bytes;
    }

    @FieldOrder({"group", "name", "value"})
    final class SnmpEntry extends Layout {
        public byte[] group = new byte[SNMP_GROUP_MAX];
        public byte[] name = new byte[SNMP_NAME_MAX];
        public long value;
    }
}
