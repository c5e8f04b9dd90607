package io.netmon.view;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netmon.history.HistoryView;
import io.netmon.history.InterfaceRates;
import io.netmon.history.PodRates;
import io.netmon.history.PodSeries;
import io.netmon.history.ProtocolRates;
import io.netmon.history.RateSample;
import io.netmon.history.Rates;
import io.netmon.history.SeriesView;
import io.netmon.source.Counter;
import io.netmon.source.Family;
import io.netmon.source.PodStats;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The JSON of {@code /network/history} (columnar) and of each {@code /network/stream} event (docs/API.md). */
public final class HistoryJson {
    /** {@code bytes_received_per_second} and the like: the name of each counter's rate. */
    private static final Map<Counter, String> RATE_NAMES = Counter.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(counter -> counter, counter -> counter.jsonName() + "_per_second"));
    /** The counters of a source that counts no bytes. */
    private static final List<Counter> PACKETS = Counter.ALL.stream().filter(counter -> !counter.bytes()).toList();
    /**
     * The counters an event carries per interface: the bytes since boot, which a live table shows.
     * The other 14 are one {@code /network} away; every byte here is sent once per sample to every client.
     */
    private static final List<Counter> EVENT_COUNTERS = Counter.ALL.stream().filter(Counter::bytes).toList();

    private HistoryJson() {
    }

    /** {@code GET /network/history}: a window of {@code seconds}, one array per counter and rate. */
    public static void writeHistory(JsonGenerator json, HistoryView view, long seconds) throws IOException {
        boolean bytes = view.source() != null && view.source().hasBytes();
        json.writeStartObject();
        json.writeStringField("source", view.source() == null ? null : view.source().label());
        json.writeNumberField("sequence", view.sequence());
        json.writeNumberField("seconds", seconds);
        json.writeStringField("resolution", view.coarse() ? "coarse" : "full");
        json.writeNumberField("resolution_ms", view.resolution().toMillis());
        json.writeArrayFieldStart("timestamps");
        for (long timestamp : view.timestamps()) {
            json.writeNumber(timestamp);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("interfaces");
        for (SeriesView series : view.interfaces()) {
            json.writeStartObject();
            json.writeStringField("interface", series.interfaceName());
            writeColumns(json, series, true);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("protocols");
        for (SeriesView series : view.protocols()) {
            json.writeStartObject();
            writeProtocol(json, series.family(), series.protocol());
            writeColumns(json, series, bytes);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("pods");
        for (PodSeries pod : view.pods()) {
            json.writeStartObject();
            writePod(json, pod.namespace(), pod.name(), pod.uid());
            writeColumns(json, pod.series(), true);
            json.writeEndObject();
        }
        json.writeEndArray();
        NetworkJson.writeNotes(json, view.notes());
        json.writeEndObject();
    }

    private static void writeColumns(JsonGenerator json, SeriesView series, boolean bytes) throws IOException {
        int n = series.size();
        json.writeArrayFieldStart("segment_starts");
        for (int i = 0; i < n; i++) {
            if (series.segmentStart(i)) {
                json.writeNumber(i);
            }
        }
        json.writeEndArray();
        for (Counter counter : counters(bytes)) {
            json.writeArrayFieldStart(counter.jsonName());
            for (int i = 0; i < n; i++) {
                if (series.present(i)) {
                    NetworkJson.writeUnsigned(json, series.counter(counter, i));
                } else {
                    json.writeNull();
                }
            }
            json.writeEndArray();
        }
        for (Counter counter : counters(bytes)) {
            json.writeArrayFieldStart(RATE_NAMES.get(counter));
            for (int i = 0; i < n; i++) {
                writeRate(json, series.rate(counter, i));
            }
            json.writeEndArray();
        }
    }

    /**
     * One stream event's data: the sample's rates, the interfaces and protocols {@code selection}
     * keeps, each interface's byte counters, and the notes {@code /network} gives with the same
     * protocol filter (the stream's protocol series are namespace-wide whatever its interfaces),
     * the failed read's included. {@code {"sequence", "timestamp", "source", "module",
     * "interfaces": [...], "protocols": [...], "pods": [...], "host_network_pods": [...], "notes": [...]}}:
     * {@code pods} are those with a namespace of their own, with their rates; {@code host_network_pods}
     * those on the node's network, named only (their traffic is the node's). A function of its arguments alone.
     */
    public static void writeEvent(JsonGenerator json, RateSample sample, Selection selection) throws IOException {
        boolean bytes = sample.source().hasBytes();
        json.writeStartObject();
        json.writeNumberField("sequence", sample.sequence());
        json.writeNumberField("timestamp", sample.timestamp().toEpochMilli());
        json.writeStringField("source", sample.source().label());
        NetworkJson.writeModule(json, sample.module());
        json.writeArrayFieldStart("interfaces");
        for (InterfaceRates rates : sample.interfaces()) {
            if (selection.keeps(rates.name())) {
                json.writeStartObject();
                json.writeStringField("interface", rates.name());
                json.writeBooleanField("segment_start", rates.segmentStart());
                for (Counter counter : EVENT_COUNTERS) {
                    json.writeFieldName(counter.jsonName());
                    NetworkJson.writeUnsigned(json, rates.counts().get(counter));
                }
                writeRates(json, rates.rates(), true);
                json.writeEndObject();
            }
        }
        json.writeEndArray();
        json.writeArrayFieldStart("protocols");
        for (ProtocolRates rates : sample.protocols()) {
            if (selection.protocols().matches(rates.family(), rates.protocol())) {
                json.writeStartObject();
                writeProtocol(json, rates.family(), rates.protocol());
                json.writeBooleanField("segment_start", rates.segmentStart());
                writeRates(json, rates.rates(), bytes);
                json.writeEndObject();
            }
        }
        json.writeEndArray();
        json.writeArrayFieldStart("pods");
        for (PodRates pod : sample.pods()) {
            if (selection.keepsPod(pod.namespace(), pod.name())) {
                writePodEvent(json, pod, selection, bytes);
            }
        }
        json.writeEndArray();
        json.writeArrayFieldStart("host_network_pods");
        for (PodStats pod : sample.snapshot().pods().list()) {
            if (pod.hostNetwork() && selection.keepsPod(pod.namespace(), pod.name())) {
                json.writeStartObject();
                writePod(json, pod.namespace(), pod.name(), pod.uid());
                json.writeEndObject();
            }
        }
        json.writeEndArray();
        NodeView node = NodeView.of(sample);
        NetworkJson.writeNotes(json, node.notes(node.protocols(node.all(), selection.protocols())));
        json.writeEndObject();
    }

    /**
     * One pod of an event: who it is, its traffic's byte counters and four rates (its interfaces count bytes
     * with either source), and the protocols of its namespace that moved since the sample before.
     */
    private static void writePodEvent(JsonGenerator json, PodRates pod, Selection selection, boolean bytes)
            throws IOException {
        json.writeStartObject();
        writePod(json, pod.namespace(), pod.name(), pod.uid());
        json.writeBooleanField("segment_start", pod.segmentStart());
        for (Counter counter : EVENT_COUNTERS) {
            json.writeFieldName(counter.jsonName());
            NetworkJson.writeUnsigned(json, pod.counts().get(counter));
        }
        writeRates(json, pod.rates(), true);
        json.writeArrayFieldStart("protocols");
        for (ProtocolRates rates : pod.protocols()) {
            if (selection.protocols().matches(rates.family(), rates.protocol())) {
                json.writeStartObject();
                writeProtocol(json, rates.family(), rates.protocol());
                writeRates(json, rates.rates(), bytes);
                json.writeEndObject();
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** {@code "namespace", "pod", "uid"}: null namespace and pod when the pod's name is not known. */
    private static void writePod(JsonGenerator json, String namespace, String name, String uid) throws IOException {
        json.writeStringField("namespace", namespace);
        json.writeStringField("pod", name);
        json.writeStringField("uid", uid);
    }

    private static void writeRates(JsonGenerator json, Rates rates, boolean bytes) throws IOException {
        for (Counter counter : counters(bytes)) {
            json.writeFieldName(RATE_NAMES.get(counter));
            writeRate(json, rates.get(counter));
        }
    }

    /** Every counter, or the packet counters alone for a source that counts no bytes. */
    private static List<Counter> counters(boolean bytes) {
        return bytes ? Counter.ALL : PACKETS;
    }

    private static void writeProtocol(JsonGenerator json, Family family, int protocol) throws IOException {
        json.writeStringField("family", family.label());
        NetworkJson.writeProtocol(json, protocol);
    }

    /** A rate per second, to the thousandth; null when there is none. */
    private static void writeRate(JsonGenerator json, double rate) throws IOException {
        if (Double.isNaN(rate) || Double.isInfinite(rate)) {
            json.writeNull();
        } else {
            json.writeNumber(Math.round(rate * 1000) / 1000.0);
        }
    }
}
