package io.netmon.cli;

import io.netmon.source.Counts;
import io.netmon.source.InterfaceStats;
import io.netmon.source.PodStats;
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

    /** One line per pod: who it is, whether it is on the host's network, and its traffic (lo left out). */
    static String pods(List<PodStats> pods) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"NAMESPACE", "POD", "HOST_NET", "RX_BYTES", "RX_PACKETS", "TX_BYTES", "TX_PACKETS"});
        for (PodStats pod : pods) {
            Counts c = pod.total();
            boolean own = !pod.hostNetwork();
            cells.add(new String[] {pod.named() ? pod.namespace() : "-", pod.named() ? pod.name() : pod.uid(),
                own ? "no" : "yes", own ? u(c.rxBytes()) : "-", own ? u(c.rxPackets()) : "-",
                own ? u(c.txBytes()) : "-", own ? u(c.txPackets()) : "-"});
        }
        return render(cells, 3);
    }

    /** One line per pod and protocol row of its namespace ({@code rows}: each pod's, in the same order). */
    static String podProtocols(List<PodStats> pods, List<List<ProtocolStats>> rows, boolean hasBytes) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"NAMESPACE", "POD", "FAMILY", "PROTOCOL", "RX_PACKETS", "RX_BYTES", "TX_PACKETS",
            "TX_BYTES"});
        for (int i = 0; i < pods.size(); i++) {
            PodStats pod = pods.get(i);
            for (ProtocolStats r : rows.get(i)) {
                Counts c = r.counts();
                cells.add(new String[] {pod.named() ? pod.namespace() : "-", pod.named() ? pod.name() : pod.uid(),
                    r.family().label(), Protocols.name(r.protocol()), u(c.rxPackets()), hasBytes ? u(c.rxBytes()) : "-",
                    u(c.txPackets()), hasBytes ? u(c.txBytes()) : "-"});
            }
        }
        return render(cells, 4);
    }

    static String render(List<String[]> cells) {
        return render(cells, 1);
    }

    /** The first {@code textColumns} columns left-aligned, the others right-aligned, two spaces between columns. */
    static String render(List<String[]> cells, int textColumns) {
        return render(cells, textColumns, false);
    }

    /** The same, with the last column left-aligned too when {@code lastText} (words after numbers). */
    static String render(List<String[]> cells, int textColumns, boolean lastText) {
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
                boolean text = c < textColumns || lastText && c == columns - 1;
                out.append(text ? row[c] + (c == columns - 1 ? "" : pad) : pad + row[c]);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String u(long value) {
        return Long.toUnsignedString(value);
    }
}
