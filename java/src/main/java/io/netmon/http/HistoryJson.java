package io.netmon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netmon.history.Counter;
import io.netmon.history.HistoryView;
import io.netmon.history.InterfaceRates;
import io.netmon.history.ProtocolRates;
import io.netmon.history.RateSample;
import io.netmon.history.SeriesView;
import io.netmon.source.Protocols;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** The JSON of {@code /network/history} (columnar) and of each {@code /network/stream} event (docs/API.md). */
final class HistoryJson {
    private HistoryJson() {
    }

    static void writeHistory(JsonGenerator json, HistoryView view, long seconds, List<String> notes) throws IOException {
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
            writeProtocol(json, series.family().label(), series.protocol());
            writeColumns(json, series, bytes);
            json.writeEndObject();
        }
        json.writeEndArray();
        writeNotes(json, notes);
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
        for (Counter counter : Counter.values()) {
            if (counter.bytes() && !bytes) {
                continue;
            }
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
        for (Counter counter : Counter.values()) {
            if (counter.bytes() && !bytes) {
                continue;
            }
            json.writeArrayFieldStart(counter.rateName());
            for (int i = 0; i < n; i++) {
                writeRate(json, series.rate(counter, i));
            }
            json.writeEndArray();
        }
    }

    /** One stream event's data: the sample's rates, filtered. */
    static void writeRates(JsonGenerator json, RateSample sample, Set<String> interfaces,
            io.netmon.source.ProtocolFilter protocols) throws IOException {
        boolean bytes = sample.source().hasBytes();
        json.writeStartObject();
        json.writeNumberField("sequence", sample.sequence());
        json.writeNumberField("timestamp", sample.timestamp().toEpochMilli());
        json.writeStringField("source", sample.source().label());
        NetworkJson.writeModule(json, sample.module());
        json.writeArrayFieldStart("interfaces");
        for (InterfaceRates rates : sample.interfaces()) {
            if (interfaces.isEmpty() || interfaces.contains(rates.name())) {
                json.writeStartObject();
                json.writeStringField("interface", rates.name());
                json.writeBooleanField("segment_start", rates.segmentStart());
                for (Counter counter : Counter.values()) {
                    json.writeFieldName(counter.rateName());
                    writeRate(json, rates.rate(counter));
                }
                json.writeEndObject();
            }
        }
        json.writeEndArray();
        json.writeArrayFieldStart("protocols");
        for (ProtocolRates rates : sample.protocols()) {
            if (protocols.matches(rates.family(), rates.protocol())) {
                json.writeStartObject();
                writeProtocol(json, rates.family().label(), rates.protocol());
                json.writeBooleanField("segment_start", rates.segmentStart());
                for (Counter counter : Counter.values()) {
                    if (!counter.bytes() || bytes) {
                        json.writeFieldName(counter.rateName());
                        writeRate(json, rates.rate(counter));
                    }
                }
                json.writeEndObject();
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeProtocol(JsonGenerator json, String family, int protocol) throws IOException {
        json.writeStringField("family", family);
        json.writeStringField("protocol", Protocols.name(protocol));
        if (protocol >= 0) {
            json.writeNumberField("number", protocol);
        } else {
            json.writeNullField("number");
        }
    }

    /** A rate per second, to the thousandth; null when there is none. */
    static void writeRate(JsonGenerator json, double rate) throws IOException {
        if (Double.isNaN(rate) || Double.isInfinite(rate)) {
            json.writeNull();
        } else {
            json.writeNumber(Math.round(rate * 1000) / 1000.0);
        }
    }

    private static void writeNotes(JsonGenerator json, List<String> notes) throws IOException {
        json.writeArrayFieldStart("notes");
        for (String note : notes) {
            json.writeString(note);
        }
        json.writeEndArray();
    }
}
