package io.netmon.cli;

import io.netmon.history.InterfaceRates;
import io.netmon.history.PodRates;
import io.netmon.history.ProtocolRates;
import io.netmon.history.RateSample;
import io.netmon.history.Rates;
import io.netmon.source.Protocols;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The screen of {@code netmon top} for one sample: a pure function of the rates and the terminal's size. */
final class TopView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B/s", "kB/s", "MB/s", "GB/s", "TB/s", "PB/s"};

    private TopView() {
    }

    /**
     * The lines to draw, at most {@code height} of at most {@code width} characters: a title, the busiest
     * interfaces (by bytes per second, both ways), then the busiest protocols (by packets per second).
     *
     * @param keys whether the view reads the keyboard (the full screen; not {@code --batch}): then it says q quits
     */
    static List<String> render(RateSample sample, Duration interval, int width, int height, boolean keys) {
        return render(sample, interval, width, height, keys, false);
    }

    /**
     * The same, with {@code pods}: the busiest pods (by bytes per second, both ways, with the split of their
     * protocols by packets) in place of the interfaces.
     */
    static List<String> render(RateSample sample, Duration interval, int width, int height, boolean keys,
            boolean pods) {
        List<String> lines = new ArrayList<>();
        if (sample == null) {
            lines.add("netmon top: waiting for the first samples..." + (keys ? " (q quits)" : ""));
            return clip(lines, width, height);
        }
        lines.add(String.format(Locale.ROOT, "netmon top - %s - %s - sample %d - every %s%s%s", sample.source().label(),
                TIME.format(sample.timestamp()), sample.sequence(), duration(interval),
                pods ? " - " + sample.pods().size() + " pods" : "", keys ? " - q quits" : ""));
        lines.add("");
        List<InterfaceRates> interfaces = new ArrayList<>(sample.interfaces());
        interfaces.sort(Comparator.comparingDouble((InterfaceRates r) -> -(z(r.rates().rxBytes()) + z(r.rates().txBytes())))
                .thenComparing(InterfaceRates::name));
        List<ProtocolRates> protocols = new ArrayList<>(sample.protocols());
        protocols.sort(Comparator.comparingDouble((ProtocolRates r) -> -(z(r.rates().rxPackets()) + z(r.rates().txPackets())))
                .thenComparing(ProtocolRates::family).thenComparingInt(ProtocolRates::protocol));

        int room = height - lines.size();
        int protocolRoom = protocols.isEmpty() ? 0 : Math.min(protocols.size() + 2, Math.max(3, room / 3));
        int interfaceRoom = Math.max(2, room - protocolRoom - (protocols.isEmpty() ? 0 : 1));

        List<String[]> rows = new ArrayList<>();
        if (pods) {
            rows.add(new String[] {"POD", "RX", "TX", "RX PKT/S", "TX PKT/S", "PROTOCOLS"});
            for (PodRates r : busiest(sample.pods())) {
                Rates rates = r.rates();
                rows.add(new String[] {r.namespace() == null ? r.uid() : r.namespace() + "/" + r.name(),
                    bytes(rates.rxBytes()), bytes(rates.txBytes()), packets(rates.rxPackets()),
                    packets(rates.txPackets()), split(r.protocols())});
            }
            lines.addAll(fit(Table.render(rows, 1, true), interfaceRoom, "pods"));
        } else {
            rows.add(new String[] {"INTERFACE", "RX", "TX", "RX PKT/S", "TX PKT/S"});
            for (InterfaceRates r : interfaces) {
                Rates rates = r.rates();
                rows.add(new String[] {r.name(), bytes(rates.rxBytes()), bytes(rates.txBytes()),
                    packets(rates.rxPackets()), packets(rates.txPackets())});
            }
            lines.addAll(fit(Table.render(rows), interfaceRoom, "interfaces"));
        }
        if (!protocols.isEmpty()) {
            lines.add("");
            rows = new ArrayList<>();
            rows.add(new String[] {"PROTOCOL", "RX PKT/S", "TX PKT/S", "RX", "TX"});
            for (ProtocolRates r : protocols) {
                Rates rates = r.rates();
                rows.add(new String[] {r.family().label() + " " + Protocols.name(r.protocol()),
                    packets(rates.rxPackets()), packets(rates.txPackets()), bytes(rates.rxBytes()), bytes(rates.txBytes())});
            }
            lines.addAll(fit(Table.render(rows), protocolRoom, "protocols"));
        }
        return clip(lines, width, height);
    }

    /** Pods by bytes per second, both ways, busiest first. */
    private static List<PodRates> busiest(List<PodRates> pods) {
        List<PodRates> sorted = new ArrayList<>(pods);
        sorted.sort(Comparator.comparingDouble((PodRates r) -> -(z(r.rates().rxBytes()) + z(r.rates().txBytes())))
                .thenComparing(PodRates::uid));
        return sorted;
    }

    /**
     * The pod's protocols by share of its packets per second, both ways and both families together, the two
     * largest: {@code tcp 93%, udp 7%}; {@code -} when none moved.
     */
    static String split(List<ProtocolRates> protocols) {
        Map<String, Double> byName = new LinkedHashMap<>();
        double total = 0;
        for (ProtocolRates r : protocols) {
            double rate = z(r.rates().rxPackets()) + z(r.rates().txPackets());
            byName.merge(Protocols.name(r.protocol()), rate, Double::sum);
            total += rate;
        }
        if (!(total > 0)) {
            return "-";
        }
        double sum = total;
        return byName.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(2)
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * e.getValue() / sum))
                .collect(Collectors.joining(", "));
    }

    /** The table in {@code room} lines: when it does not fit, its last line says how many rows are left out. */
    private static List<String> fit(String rendered, int room, String what) {
        List<String> table = rendered.lines().toList();
        if (table.size() <= room) {
            return table;
        }
        List<String> shown = new ArrayList<>(table.subList(0, Math.max(1, room - 1)));
        shown.add("  ... " + (table.size() - shown.size()) + " more " + what);
        return shown;
    }

    private static List<String> clip(List<String> lines, int width, int height) {
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(0, Math.min(lines.size(), Math.max(1, height)))) {
            out.add(line.length() > width ? line.substring(0, Math.max(0, width)) : line);
        }
        return out;
    }

    private static double z(double rate) {
        return Double.isNaN(rate) ? 0 : rate;
    }

    /** Bytes per second with a decimal prefix: {@code 999 B/s}, {@code 1.5 kB/s}, {@code 12.3 MB/s}; {@code -} for none. */
    static String bytes(double rate) {
        if (Double.isNaN(rate)) {
            return "-";
        }
        int unit = 0;
        double value = rate;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f %s", value, UNITS[0])
                : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** Packets per second: one decimal below 10, whole numbers above; {@code -} for none. */
    static String packets(double rate) {
        if (Double.isNaN(rate)) {
            return "-";
        }
        return String.format(Locale.ROOT, rate < 9.95 ? "%.1f" : "%.0f", rate);
    }

    private static String duration(Duration interval) {
        long millis = interval.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
