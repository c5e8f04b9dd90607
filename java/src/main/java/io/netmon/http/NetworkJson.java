package io.netmon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netmon.source.DevField;
import io.netmon.source.InterfaceStats;
import io.netmon.source.Snapshot;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The JSON shapes of /network (docs/API.md), written with Jackson's streaming generator. */
public final class NetworkJson {
    private NetworkJson() {
    }

    /** {@code {"source", "timestamp", "interfaces": [...], "notes": [...]}} for the given interfaces. */
    public static void writeNetwork(JsonGenerator json, Snapshot snapshot, List<InterfaceStats> interfaces,
            List<String> notes) throws IOException {
        json.writeStartObject();
        json.writeStringField("source", snapshot.source().label());
        json.writeStringField("timestamp", snapshot.timestamp().truncatedTo(ChronoUnit.MILLIS).toString());
        json.writeArrayFieldStart("interfaces");
        for (InterfaceStats stats : interfaces) {
            writeInterface(json, stats);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("notes");
        for (String note : notes) {
            json.writeString(note);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** One interface object: its name and the 16 counters, as JSON integers over the full u64 range. */
    public static void writeInterface(JsonGenerator json, InterfaceStats stats) throws IOException {
        json.writeStartObject();
        json.writeStringField("interface", stats.name());
        for (DevField field : DevField.values()) {
            json.writeFieldName(field.jsonName());
            writeUnsigned(json, field.get(stats));
        }
        json.writeEndObject();
    }

    /** Writes a u64 held in a long as a plain JSON integer (18446744073709551615, never negative). */
    public static void writeUnsigned(JsonGenerator json, long value) throws IOException {
        if (value >= 0) {
            json.writeNumber(value);
        } else {
            json.writeNumber(Long.toUnsignedString(value));
        }
    }
}
