package io.netmon.cli;

import io.netmon.source.Counts;
import io.netmon.source.InterfaceStats;
import io.netmon.source.ProtocolStats;
import io.netmon.source.Protocols;
import java.util.ArrayList;
import java.util.List;

/** Plain-text tables with right-aligned numbers, sized to their widest cell. */
final class Table {
    private Table() {
    }

    static String interfaces(List<InterfaceStats> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"INTERFACE", "RX_BYTES", "RX_PACKETS", "RX_ERRS", "RX_DROP",
            "TX_BYTES", "TX_PACKETS", "TX_ERRS", "TX_DROP"});
        for (InterfaceStats s : rows) {
            cells.add(new String[] {s.name(), u(s.rxBytes()), u(s.rxPackets()), u(s.rxErrors()), u(s.rxDrops()),
                u(s.txBytes()), u(s.txPackets()), u(s.txErrors()), u(s.txDrops())});
        }
        return render(cells);
    }

    static String protocols(List<ProtocolStats> rows, boolean hasBytes) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"INTERFACE", "FAMILY", "PROTOCOL", "RX_PACKETS", "RX_BYTES", "TX_PACKETS", "TX_BYTES"});
        for (ProtocolStats r : rows) {
            Counts c = r.counts();
            cells.add(new String[] {r.ifname(), r.family().label(), Protocols.name(r.protocol()), u(c.rxPackets()),
                hasBytes ? u(c.rxBytes()) : "-", u(c.txPackets()), hasBytes ? u(c.txBytes()) : "-"});
        }
        return render(cells, 3);
    }

    static String render(List<String[]> cells) {
        return render(cells, 1);
    }

    /** The first {@code textColumns} columns left-aligned, the others right-aligned, two spaces between columns. */
    static String render(List<String[]> cells, int textColumns) {
        int columns = cells.get(0).length;
        int[] width = new int[columns];
        for (String[] row : cells) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    out.append("  ");
                }
                String pad = " ".repeat(width[c] - row[c].length());
                out.append(c < textColumns ? row[c] + (c == columns - 1 ? "" : pad) : pad + row[c]);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String u(long value) {
        return Long.toUnsignedString(value);
    }
}
